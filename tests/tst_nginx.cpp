// SPDX-License-Identifier: GPL-3.0-or-later
// A real nginx (Debian's nginx-light, installed by packaging/dev.sh), one worker, which
// ends every keep-alive connection after 100 requests: http1 fleets reopen at once,
// count those closes apart, lose nothing and never stall; statuses counted by class.
#include "realserver.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

class tst_Nginx : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void keepAliveClosesAreReopened_data();
    void keepAliveClosesAreReopened();
    void statusesAreCountedByClass_data();
    void statusesAreCountedByClass();
    void exampleSessionRuns();
    void cleanupTestCase();

private:
    QJsonObject load(const QStringList &extra);

    QTemporaryDir m_dir;
    QProcess m_nginx;
    quint16 m_port = 0;
};

void tst_Nginx::initTestCase()
{
    QString program = QStandardPaths::findExecutable(QStringLiteral("nginx"));
    if (program.isEmpty())
        program = QStandardPaths::findExecutable(QStringLiteral("nginx"), {QStringLiteral("/usr/sbin")});
    if (program.isEmpty())
        QFAIL("nginx is not installed: packaging/dev.sh test installs Debian's nginx-light package");
    QVERIFY(m_dir.isValid());
    m_port = RealServer::freeLoopbackPort();
    QVERIFY(m_port != 0);
    QFile config(m_dir.filePath(QStringLiteral("nginx.conf")));
    QVERIFY(config.open(QIODevice::WriteOnly));
    config.write(RealServer::nginxConfig(m_dir.path().toUtf8(), 1024,
                                         "  keepalive_requests 100;\n"
                                         "  server {\n"
                                         "    listen 127.0.0.1:" + QByteArray::number(m_port) + ";\n"
                                         "    location / { return 200 \"hello\\n\"; }\n"
                                         "    location /missing { return 404; }\n"
                                         "    location /broken { return 503; }\n"
                                         "    location /moved { return 301 /; }\n"
                                         "  }\n"));
    config.close();
    m_nginx.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    m_nginx.start(program, {"-p", m_dir.path(), "-c", config.fileName(), "-e", m_dir.filePath(QStringLiteral("error.log")),
                            "-g", "daemon off;"});
    QVERIFY2(m_nginx.waitForStarted(5000), qPrintable(m_nginx.errorString()));
    QTRY_VERIFY_WITH_TIMEOUT(RealServer::accepts(m_port) || m_nginx.state() == QProcess::NotRunning, 10000);
    QVERIFY2(m_nginx.state() == QProcess::Running, "nginx exited: see its error log above");
}

QJsonObject tst_Nginx::load(const QStringList &extra)
{
    QProcess load;
    load.start(QStringLiteral(WIREBENCH_EXECUTABLE),
               QStringList{"load", "--target", QStringLiteral("127.0.0.1:%1").arg(m_port), "--reply-timeout", "3000",
                           "--json"}
                   + extra);
    if (!load.waitForFinished(60000))
        return {};
    return QJsonDocument::fromJson(load.readAllStandardOutput()).object();
}

void tst_Nginx::keepAliveClosesAreReopened_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<int>("window");
    QTest::newRow("GET, 10 connections, window 1") << QStringList{"--http", "GET /", "--connections", "10"} << 1;
    // Pipelined: nginx reads no further than its 100th request; those behind it go again.
    QTest::newRow("GET, 4 connections, window 16") << QStringList{"--http", "GET /", "--connections", "4"} << 16;
    QTest::newRow("HEAD (no body)") << QStringList{"--http", "HEAD /", "--connections", "10"} << 1;
    QTest::newRow("POST with a body and a header")
        << QStringList{"--http", "POST /form {bytes:16}", "--header", "Content-Type: application/octet-stream",
                       "--connections", "10"}
        << 4;
}

void tst_Nginx::keepAliveClosesAreReopened()
{
    QFETCH(QStringList, arguments);
    QFETCH(int, window);
    const QJsonObject result = load(arguments + QStringList{"--count", "20000", "--window", QString::number(window)});
    const QJsonObject counters = result.value("counters").toObject();
    QVERIFY2(result.value("received").toInt() == 20000, QJsonDocument(result).toJson().constData());
    QCOMPARE(result.value("errors").toInt(), 0);
    QCOMPARE(result.value("timeouts").toInt(), 0);
    QCOMPARE(counters.value("status_2xx").toInt(), 20000);
    QCOMPARE(counters.value("disconnects").toInt(), 0);
    QCOMPARE(counters.value("lost").toInt(), 0);
    // Every 100th reply ends its connection: 200 in all, less those the run ended first.
    QVERIFY2(counters.value("server_closes").toInt() >= 190, QJsonDocument(counters).toJson().constData());
    QVERIFY(counters.value("reconnects").toInt() >= counters.value("server_closes").toInt() - 10);
    QVERIFY(result.value("warnings").toArray().isEmpty());
}

void tst_Nginx::statusesAreCountedByClass_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("counter");
    QTest::newRow("404") << "/missing" << "status_4xx";
    QTest::newRow("503") << "/broken" << "status_5xx";
    QTest::newRow("301") << "/moved" << "status_3xx";
}

void tst_Nginx::statusesAreCountedByClass()
{
    QFETCH(QString, path);
    QFETCH(QString, counter);
    const QJsonObject result = load({"--http", "GET " + path, "--connections", "2", "--count", "1000"});
    const QJsonObject counters = result.value("counters").toObject();
    QVERIFY2(result.value("received").toInt() == 1000, QJsonDocument(result).toJson().constData());
    QCOMPARE(result.value("errors").toInt(), 0); // a status is the server's answer, not an error
    QCOMPARE(counters.value(counter).toInt(), 1000);
    QCOMPARE(counters.value("status_2xx").toInt(), 0);
}

void tst_Nginx::exampleSessionRuns()
{
    // resources/sessions/http-nginx.json as shipped, pointed at this nginx: its checks
    // pass, with nginx ending a connection every 100 requests.
    QTemporaryDir dir;
    const QString session = dir.filePath(QStringLiteral("http.json"));
    QString why;
    QVERIFY2(RealServer::examplePointedAt(QStringLiteral(WIREBENCH_SESSIONS_DIR "/http-nginx.json"), 8080, m_port, session,
                                          &why),
             qPrintable(why));
    QProcess run;
    run.start(QStringLiteral(WIREBENCH_EXECUTABLE), {"run", session, "--duration-scale", "0.2", "--output-dir", dir.path(),
                                                     "--summary", "summary.csv", "--json", "result.json"});
    QVERIFY(run.waitForFinished(60000));
    QVERIFY2(run.exitCode() == 0, run.readAllStandardError().constData());
    QFile summary(dir.filePath(QStringLiteral("summary.csv")));
    QVERIFY(summary.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = summary.readAll().trimmed().split('\n');
    const QList<QByteArray> header = lines.first().trimmed().split(',');
    const qsizetype ok = header.indexOf("status_2xx");
    const qsizetype closes = header.indexOf("server_closes");
    const qsizetype received = header.indexOf("received");
    QVERIFY(ok > 0 && closes > 0 && received > 0);
    bool sawAll = false;
    for (const QByteArray &line : lines) {
        const QList<QByteArray> fields = line.trimmed().split(',');
        if (fields.value(1) != "all")
            continue;
        sawAll = true;
        QCOMPARE(fields[ok].toLongLong(), fields[received].toLongLong());
        QVERIFY(fields[closes].toInt() > 0); // (1+5+20) k/s x 1 s / 100 per connection
    }
    QVERIFY(sawAll);
}

void tst_Nginx::cleanupTestCase()
{
    m_nginx.terminate();
    m_nginx.waitForFinished(5000);
}

QTEST_GUILESS_MAIN(tst_Nginx)
#include "tst_nginx.moc"
