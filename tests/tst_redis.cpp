// SPDX-License-Identifier: GPL-3.0-or-later
// A real redis-server (Debian's package, installed by packaging/dev.sh) with the resp
// framing: GET and SET in a closed loop at window 1 and 16, every reply paired, and an
// error reply counted as the server's error, not as a decode error.
#include "realserver.h"
#include "serveprocess.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

class tst_Redis : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void commandsPairWithTheirReplies_data();
    void commandsPairWithTheirReplies();
    void errorRepliesAreServerErrors();
    void commandsWrittenAsWords();
    void exampleSessionRuns();
    void redisCliTalksToWirebench_data();
    void redisCliTalksToWirebench();
    void cleanupTestCase();

private:
    QJsonObject load(const QStringList &extra);

    QProcess m_redis;
    quint16 m_port = 0;
};

void tst_Redis::initTestCase()
{
    const QString program = QStandardPaths::findExecutable(QStringLiteral("redis-server"));
    if (program.isEmpty())
        QFAIL("redis-server is not installed: packaging/dev.sh test installs Debian's redis-server package");
    m_port = RealServer::freeLoopbackPort();
    QVERIFY(m_port != 0);
    m_redis.setStandardOutputFile(QProcess::nullDevice());
    m_redis.start(program, {"--port", QString::number(m_port), "--bind", "127.0.0.1", "--save", "", "--appendonly",
                            "no", "--daemonize", "no"});
    QVERIFY2(m_redis.waitForStarted(5000), qPrintable(m_redis.errorString()));
    QTRY_VERIFY_WITH_TIMEOUT(RealServer::accepts(m_port), 10000);
    // A 64-byte value to GET.
    QTcpSocket client;
    client.connectToHost(QHostAddress::LocalHost, m_port);
    QVERIFY(client.waitForConnected(5000));
    client.write("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$64\r\n" + QByteArray(64, 'v') + "\r\n");
    QTRY_VERIFY_WITH_TIMEOUT((client.waitForReadyRead(100), client.bytesAvailable() >= 5), 5000);
    QCOMPARE(client.readAll(), QByteArray("+OK\r\n"));
}

QJsonObject tst_Redis::load(const QStringList &extra)
{
    QProcess load;
    load.start(QStringLiteral(WIREBENCH_EXECUTABLE),
               QStringList{"load", "--target", QStringLiteral("127.0.0.1:%1").arg(m_port), "--framing", "resp",
                           "--connections", "4", "--count", "10000", "--reply-timeout", "3000", "--json"}
                   + extra);
    if (!load.waitForFinished(60000))
        return {};
    return QJsonDocument::fromJson(load.readAllStandardOutput()).object();
}

void tst_Redis::commandsPairWithTheirReplies_data()
{
    QTest::addColumn<QString>("command"); // escaped text: RESP as on the wire
    QTest::addColumn<QString>("window");
    const QString get = QStringLiteral("*2\\r\\n$3\\r\\nGET\\r\\n$1\\r\\nk\\r\\n");
    // SET's value is 8 random bytes (CR and LF among them at times: a bulk string holds anything).
    const QString set = QStringLiteral("*3\\r\\n$3\\r\\nSET\\r\\n$2\\r\\nk2\\r\\n$8\\r\\n{bytes:8}\\r\\n");
    QTest::newRow("GET, window 1") << get << "1";
    QTest::newRow("GET, window 16") << get << "16";
    QTest::newRow("SET, window 1") << set << "1";
    QTest::newRow("SET, window 16") << set << "16";
}

void tst_Redis::commandsPairWithTheirReplies()
{
    QFETCH(QString, command);
    QFETCH(QString, window);
    const QJsonObject result = load({"--message", command, "--window", window});
    QVERIFY2(result.value("received").toInt() == 10000, QJsonDocument(result).toJson().constData());
    QCOMPARE(result.value("errors").toInt(), 0);
    QCOMPARE(result.value("timeouts").toInt(), 0);
    QCOMPARE(result.value("counters").toObject().value("server_errors").toInt(), 0);
    QVERIFY(result.value("warnings").toArray().isEmpty());
}

void tst_Redis::errorRepliesAreServerErrors()
{
    // An unknown command: every reply is "-ERR unknown command ...", a reply all the same.
    const QJsonObject result = load({"--message", "*1\\r\\n$7\\r\\nNOSUCH1\\r\\n", "--window", "4"});
    QCOMPARE(result.value("received").toInt(), 10000);
    QCOMPARE(result.value("errors").toInt(), 0);
    QCOMPARE(result.value("counters").toObject().value("server_errors").toInt(), 10000);
    QVERIFY(result.value("counters").toObject().value("decode_errors").toObject().isEmpty());
}

void tst_Redis::commandsWrittenAsWords()
{
    // --redis builds the RESP array; a word with fields gets its length once they are filled.
    const QJsonObject get = load({"--redis", "GET k", "--window", "1"});
    QCOMPARE(get.value("received").toInt(), 10000);
    QCOMPARE(get.value("errors").toInt(), 0);
    QCOMPARE(get.value("counters").toObject().value("bytes_in").toInt(), 10000 * (5 + 64 + 2));
    const QJsonObject set = load({"--redis", "SET key:{rand:1-100000} {bytes:32}", "--window", "16"});
    QCOMPARE(set.value("received").toInt(), 10000);
    QCOMPARE(set.value("errors").toInt(), 0);
    QCOMPARE(set.value("counters").toObject().value("server_errors").toInt(), 0);
    QCOMPARE(set.value("counters").toObject().value("bytes_in").toInt(), 10000 * 5); // +OK each
    // The keys were many and random: about 9,500 distinct of 10,000 draws from 100,000.
    QTcpSocket client;
    client.connectToHost(QHostAddress::LocalHost, m_port);
    QVERIFY(client.waitForConnected(5000));
    client.write("*1\r\n$6\r\nDBSIZE\r\n");
    QTRY_VERIFY_WITH_TIMEOUT((client.waitForReadyRead(100), client.canReadLine()), 5000);
    const QByteArray size = client.readLine().trimmed();
    QVERIFY2(size.startsWith(':') && size.mid(1).toInt() > 9000, size.constData());
}

void tst_Redis::exampleSessionRuns()
{
    // resources/sessions/redis.json as shipped, pointed at this server: its checks pass.
    QTemporaryDir dir;
    const QString session = dir.filePath(QStringLiteral("redis.json"));
    QString why;
    QVERIFY2(RealServer::examplePointedAt(QStringLiteral(WIREBENCH_SESSIONS_DIR "/redis.json"), 6379, m_port, session, &why),
             qPrintable(why));
    QProcess run;
    run.start(QStringLiteral(WIREBENCH_EXECUTABLE), {"run", session, "--duration-scale", "0.1", "--output-dir", dir.path(),
                                                     "--json", "result.json"});
    QVERIFY(run.waitForFinished(60000));
    QVERIFY2(run.exitCode() == 0, run.readAllStandardError().constData());
    QFile result(dir.filePath(QStringLiteral("result.json")));
    QVERIFY(result.open(QIODevice::ReadOnly));
    const QJsonObject json = QJsonDocument::fromJson(result.readAll()).object();
    QVERIFY2(json.value("checks").toArray().size() == 4, QJsonDocument(json).toJson().constData());
}

void tst_Redis::redisCliTalksToWirebench_data()
{
    QTest::addColumn<QStringList>("command");
    QTest::addColumn<QByteArray>("output");
    QTest::newRow("PING") << QStringList{"PING"} << QByteArray("PONG");
    QTest::newRow("GET") << QStringList{"GET", "anything"} << QByteArray("hello");
    QTest::newRow("anything else") << QStringList{"SET", "a", "b"} << QByteArray("ERR unknown command");
}

void tst_Redis::redisCliTalksToWirebench()
{
    // The other way round: Debian's redis-cli against `wirebench serve --framing resp`,
    // whose rules file answers PING and GET and refuses the rest.
    QFETCH(QStringList, command);
    QFETCH(QByteArray, output);
    const QString cli = QStandardPaths::findExecutable(QStringLiteral("redis-cli"));
    if (cli.isEmpty())
        QFAIL("redis-cli is not installed: packaging/dev.sh test installs Debian's redis-server (with redis-tools)");
    QTemporaryDir dir;
    QFile rules(dir.filePath(QStringLiteral("rules.txt")));
    QVERIFY(rules.open(QIODevice::WriteOnly));
    rules.write("exact *1\\r\\n$4\\r\\nPING\\r\\n => +PONG\\r\\n\n"
                "prefix *2\\r\\n$3\\r\\nGET\\r\\n => $5\\r\\nhello\\r\\n\n"
                "any => -ERR unknown command\\r\\n\n");
    rules.close();
    ServeProcess serve({"--port", "0", "--framing", "resp", "--behaviour", "rules:" + rules.fileName(), "--threads", "1"});
    const quint16 port = serve.waitForPort();
    QVERIFY(port != 0);
    QProcess client;
    client.start(cli, QStringList{"-h", "127.0.0.1", "-p", QString::number(port)} + command);
    QVERIFY(client.waitForFinished(10000));
    QCOMPARE(client.readAllStandardOutput().trimmed(), output); // (redis-cli adds blank lines after errors)
}

void tst_Redis::cleanupTestCase()
{
    m_redis.terminate();
    m_redis.waitForFinished(5000);
}

QTEST_GUILESS_MAIN(tst_Redis)
#include "tst_redis.moc"
