// SPDX-License-Identifier: GPL-3.0-or-later
// WebSocket against a peer no one here wrote, Debian's python3-websockets: Wirebench
// fleets against its echo server (text and binary, its pings answered and never
// counted), and its client against `wirebench serve --framing websocket`.
#include "serveprocess.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTest>

namespace {
const QString Python = QStringLiteral("/usr/bin/python3");
const QString PeersDir = QStringLiteral(WIREBENCH_PEERS_DIR);
} // namespace

class tst_WebSocket : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void fleetAgainstTheLibrarysServer_data();
    void fleetAgainstTheLibrarysServer();
    void upgradeRefusedIsNamed();
    void upgradeUnansweredTimesOut();
    void librarysClientAgainstWirebench();
    void exampleSessionRuns();
    void cleanupTestCase();

private:
    QJsonObject load(const QStringList &extra, quint16 port);

    QProcess m_echo;
    quint16 m_echoPort = 0;
};

void tst_WebSocket::initTestCase()
{
    QProcess probe;
    probe.start(Python, {"-c", "import websockets"});
    if (!probe.waitForFinished(10000) || probe.exitCode() != 0)
        QFAIL("python3-websockets is not installed: packaging/dev.sh test installs Debian's python3-websockets");
    m_echo.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    m_echo.start(Python, {PeersDir + "/ws_echo_server.py"});
    QVERIFY(m_echo.waitForStarted(5000));
    QTRY_VERIFY_WITH_TIMEOUT(m_echo.canReadLine() || m_echo.state() == QProcess::NotRunning, 10000);
    m_echoPort = quint16(m_echo.readLine().trimmed().toUInt());
    QVERIFY2(m_echoPort != 0, "the echo server did not print its port");
}

QJsonObject tst_WebSocket::load(const QStringList &extra, quint16 port)
{
    QProcess load;
    load.start(QStringLiteral(WIREBENCH_EXECUTABLE),
               QStringList{"load", "--target", QStringLiteral("127.0.0.1:%1").arg(port), "--reply-timeout", "3000", "--json"}
                   + extra);
    if (!load.waitForFinished(60000))
        return {};
    return QJsonDocument::fromJson(load.readAllStandardOutput()).object();
}

void tst_WebSocket::fleetAgainstTheLibrarysServer_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::newRow("text, window 1") << QStringList{"--ws-path", "/chat", "--message", "hello {seq:dec}", "--window", "1"};
    QTest::newRow("binary, window 8") << QStringList{"--ws-path", "/chat", "--ws-binary", "--payload", "3000", "--random",
                                                     "--window", "8"};
    QTest::newRow("a header with the upgrade")
        << QStringList{"--ws-path", "/feed?x=1", "--header", "Origin: http://127.0.0.1", "--ws-binary", "--message",
                       "{bytes:70000}"};
}

void tst_WebSocket::fleetAgainstTheLibrarysServer()
{
    QFETCH(QStringList, arguments);
    // Long enough for the server's pings (every 50 ms) to come and be answered.
    const QJsonObject result = load(arguments + QStringList{"--connections", "4", "--count", "6000"}, m_echoPort);
    const QJsonObject counters = result.value("counters").toObject();
    QVERIFY2(result.value("received").toInt() == 6000, QJsonDocument(result).toJson().constData());
    QCOMPARE(result.value("errors").toInt(), 0);
    QCOMPARE(result.value("timeouts").toInt(), 0);
    QCOMPARE(counters.value("unmatched").toInt(), 0); // pings are not replies
    QCOMPARE(counters.value("server_closes").toInt(), 0);
    QVERIFY(result.value("hello_us").toObject().value("p50").toDouble() > 0); // the upgrade, timed
}

void tst_WebSocket::upgradeRefusedIsNamed()
{
    // An HTTP server that is not a WebSocket one: every connection fails, saying why.
    ServeProcess http({"--port", "0", "--framing", "http1", "--threads", "1"});
    const quint16 port = http.waitForPort();
    QVERIFY(port != 0);
    QProcess load;
    load.start(QStringLiteral(WIREBENCH_EXECUTABLE), {"load", "--target", QStringLiteral("127.0.0.1:%1").arg(port),
                                                      "--ws-path", "/", "--count", "10"});
    QVERIFY(load.waitForFinished(30000));
    QVERIFY(load.exitCode() != 0);
    const QByteArray err = load.readAllStandardError();
    QVERIFY2(err.contains("the server refused the WebSocket upgrade: HTTP/1.1 200 OK"), err.constData());
}

void tst_WebSocket::upgradeUnansweredTimesOut()
{
    // A server that accepts and says nothing (a sink): the upgrade fails after the reply
    // timeout, on an open-loop schedule too (whose messages wait for the upgrade).
    ServeProcess sink({"--port", "0", "--framing", "line", "--behaviour", "sink", "--threads", "1"});
    const quint16 port = sink.waitForPort();
    QVERIFY(port != 0);
    QProcess load;
    load.start(QStringLiteral(WIREBENCH_EXECUTABLE),
               {"load", "--target", QStringLiteral("127.0.0.1:%1").arg(port), "--ws-path", "/", "--rate", "1000",
                "--duration", "1", "--reply-timeout", "300", "--json"});
    QVERIFY(load.waitForFinished(30000));
    const QByteArray err = load.readAllStandardError();
    QVERIFY2(err.contains("no answer to the WebSocket upgrade within 300 ms"), err.constData());
    QCOMPARE(load.exitCode(), 3); // no connection could be used
}

void tst_WebSocket::librarysClientAgainstWirebench()
{
    ServeProcess serve({"--port", "0", "--framing", "websocket", "--threads", "1"});
    const quint16 port = serve.waitForPort();
    QVERIFY(port != 0);
    QProcess client;
    client.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    client.start(Python, {PeersDir + "/ws_client.py", QString::number(port)});
    QVERIFY(client.waitForFinished(30000));
    QCOMPARE(client.exitCode(), 0);
    QCOMPARE(client.readAllStandardOutput(), QByteArray("'hello'\nb'\\x00\\x01binary\\xff'\n'fragmented'\npong\n"));
}

void tst_WebSocket::exampleSessionRuns()
{
    // resources/sessions/websocket-echo.json as shipped (its own server): its checks pass.
    QProcess run;
    run.start(QStringLiteral(WIREBENCH_EXECUTABLE),
              {"run", QStringLiteral(WIREBENCH_SESSIONS_DIR "/websocket-echo.json"), "--duration-scale", "0.1"});
    QVERIFY(run.waitForFinished(60000));
    const QByteArray err = run.readAllStandardError();
    QVERIFY2(run.exitCode() == 0, err.constData());
    QVERIFY2(err.contains("2 checks, 0 failed"), err.constData());
}

void tst_WebSocket::cleanupTestCase()
{
    m_echo.kill();
    m_echo.waitForFinished(5000);
}

QTEST_GUILESS_MAIN(tst_WebSocket)
#include "tst_websocket.moc"
