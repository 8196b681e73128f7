// SPDX-License-Identifier: GPL-3.0-or-later
// `wirebench serve --framing http1` as a real client sees it: Debian's curl (echo,
// HEAD, chunked uploads, HTTP/1.0, rules by method and path, a malformed request),
// and a Wirebench http1 fleet against it.
#include "serveprocess.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

class tst_HttpServer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void curlIsAnswered_data();
    void curlIsAnswered();
    void fleetAgainstTheServer();
    void cleanupTestCase();

private:
    QTemporaryDir m_dir;
    std::unique_ptr<ServeProcess> m_echo;
    std::unique_ptr<ServeProcess> m_rules;
    quint16 m_echoPort = 0;
    quint16 m_rulesPort = 0;
};

void tst_HttpServer::initTestCase()
{
    if (QStandardPaths::findExecutable(QStringLiteral("curl")).isEmpty())
        QFAIL("curl is not installed: packaging/dev.sh test installs Debian's curl package");
    m_echo = std::make_unique<ServeProcess>(QStringList{"--port", "0", "--framing", "http1", "--threads", "1"});
    m_echoPort = m_echo->waitForPort();
    QVERIFY(m_echoPort != 0);
    QFile rules(m_dir.filePath(QStringLiteral("rules.txt")));
    QVERIFY(rules.open(QIODevice::WriteOnly));
    rules.write("prefix GET /health => ok\n"
                "prefix POST /items => HTTP/1.1 201 Created\\r\\nLocation: /items/1\\r\\n\\r\\n\n"
                "any => HTTP/1.1 404 Not Found\\r\\n\\r\\nno such page\n");
    rules.close();
    m_rules = std::make_unique<ServeProcess>(
        QStringList{"--port", "0", "--framing", "http1", "--behaviour", "rules:" + rules.fileName(), "--threads", "1"});
    m_rulesPort = m_rules->waitForPort();
    QVERIFY(m_rulesPort != 0);
}

void tst_HttpServer::curlIsAnswered_data()
{
    QTest::addColumn<bool>("rules");
    QTest::addColumn<QStringList>("arguments"); // the URL's path is the last
    QTest::addColumn<QByteArray>("output");     // -w "%{http_code} " then the body
    QTest::newRow("echo of a POST body") << false << QStringList{"-d", "hello there", "/echo"} << QByteArray("200 hello there");
    QTest::newRow("a chunked upload, echoed")
        << false << QStringList{"-H", "Transfer-Encoding: chunked", "-d", "in chunks", "/up"} << QByteArray("200 in chunks");
    QTest::newRow("HEAD: no body") << false << QStringList{"-I", "-o", "/dev/null", "/"} << QByteArray("200 ");
    QTest::newRow("HTTP/1.0") << false << QStringList{"--http1.0", "-d", "old", "/"} << QByteArray("200 old");
    QTest::newRow("rules: a body") << true << QStringList{"/health"} << QByteArray("200 ok");
    QTest::newRow("rules: a whole response") << true << QStringList{"-X", "POST", "-d", "x", "/items"} << QByteArray("201 ");
    QTest::newRow("rules: anything else") << true << QStringList{"/nowhere"} << QByteArray("404 no such page");
}

void tst_HttpServer::curlIsAnswered()
{
    QFETCH(bool, rules);
    QFETCH(QStringList, arguments);
    QFETCH(QByteArray, output);
    const QString path = arguments.takeLast();
    QProcess curl;
    curl.start(QStandardPaths::findExecutable(QStringLiteral("curl")),
               QStringList{"-s", "-S", "--max-time", "10", "-w", "%{http_code} "} + arguments
                   + QStringList{QStringLiteral("http://127.0.0.1:%1%2").arg(rules ? m_rulesPort : m_echoPort).arg(path)});
    QVERIFY(curl.waitForFinished(15000));
    QCOMPARE(curl.exitCode(), 0);
    // -w writes after the body: put the code first to compare.
    QByteArray got = curl.readAllStandardOutput();
    const QByteArray code = got.right(4); // "200 "
    got.chop(4);
    QCOMPARE(code + got, output);
}

void tst_HttpServer::fleetAgainstTheServer()
{
    // Requests with a field in the body; the echo comes back as the 200's body.
    QProcess load;
    load.start(QStringLiteral(WIREBENCH_EXECUTABLE),
               QStringList{"load", "--target", QStringLiteral("127.0.0.1:%1").arg(m_echoPort), "--http",
                           "POST /echo n={seq:dec}", "--connections", "4", "--window", "8", "--count", "20000", "--json"});
    QVERIFY(load.waitForFinished(60000));
    const QJsonObject result = QJsonDocument::fromJson(load.readAllStandardOutput()).object();
    QVERIFY2(result.value("received").toInt() == 20000, QJsonDocument(result).toJson().constData());
    QCOMPARE(result.value("errors").toInt(), 0);
    QCOMPARE(result.value("counters").toObject().value("status_2xx").toInt(), 20000);
    QCOMPARE(result.value("counters").toObject().value("server_closes").toInt(), 0);
}

void tst_HttpServer::cleanupTestCase()
{
    m_echo.reset();
    m_rules.reset();
}

QTEST_GUILESS_MAIN(tst_HttpServer)
#include "tst_httpserver.moc"
