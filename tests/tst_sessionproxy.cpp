// SPDX-License-Identifier: GPL-3.0-or-later
// A session's proxies: read and written back as read, refused with the path and the
// reason when wrong, and run by the scenario: a fleet targets a proxy by name, the
// proxy forwards to the session's own server, and their figures agree.

#include "scenario/scenariorunner.h"
#include "scenario/sessionengine.h"
#include "session/sessionfile.h"

#include <QSignalSpy>
#include <QTest>

using namespace NetCore;

namespace {

std::optional<Session> parse(const QByteArray &proxies, const QByteArray &extra = {}, QStringList *errors = nullptr)
{
    const QByteArray json = R"({"format": "wirebench-session", "version": 1, "servers": [{"name": "echo"}], "proxies": [)" + proxies
        + "]" + extra + "}";
    QStringList ignored;
    return SessionFile::parse(json, QStringLiteral("proxies.json"), errors ? errors : &ignored);
}

} // namespace

class tst_SessionProxy : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void proxiesAreReadAndWrittenBack();
    void badProxiesAreRefused_data();
    void badProxiesAreRefused();
    void aFleetGoesThroughAProxyToTheSessionServer();
    void aProxyWhoseServerIsDownIsRefused();
};

void tst_SessionProxy::proxiesAreReadAndWrittenBack()
{
    const auto session = parse(R"({"name": "front", "upstream": "echo", "max_buffer": 65536, "faults": ["latency:latency=5,jitter=1"], "seed": 7},
                                  {"name": "db", "port": 16380, "upstream": "127.0.0.1:6379", "connect_timeout_ms": 250, "threads": 1,
                                   "refuse_when_upstream_down": true, "framing": "resp", "record": "db.jsonl", "record_limit": 4096,
                                   "faults": ["latency:latency=1", "delay:20:5,stream=upstream,from=127.0.0.0/8,match=prefix:*1\\r\\n$3\\r\\nGET"]})",
                               R"(, "scenario": [{"step": "start-proxy", "proxy": "db"}, {"step": "stop-proxy", "proxy": "front"},
                                  {"step": "set-proxy-faults", "proxy": "db", "faults": ["limit_data:bytes=10,stream=upstream"]}])");
    QVERIFY(session);
    QCOMPARE(session->proxies.size(), 2);
    const ProxyDefinition &front = session->proxies[0];
    QCOMPARE(front.upstreamServer, QStringLiteral("echo"));
    QCOMPARE(front.config.maxBuffered, qsizetype(65536));
    QCOMPARE(front.config.toxics.size(), 1);
    QCOMPARE(front.config.toxics.first().latencyMs, 5);
    QCOMPARE(front.config.seed, quint64(7));
    QCOMPARE(session->scenario[2].describe(), QStringLiteral("proxy db: faults limit_data:bytes=10,stream=upstream"));
    const ProxyDefinition &db = session->proxies[1];
    QVERIFY(db.upstreamServer.isEmpty());
    QCOMPARE(db.config.upstreamHost, QStringLiteral("127.0.0.1"));
    QCOMPARE(db.config.upstreamPort, quint16(6379));
    QCOMPARE(db.config.port, quint16(16380));
    QCOMPARE(db.config.connectTimeoutMs, 250);
    QVERIFY(db.config.refuseWhileUpstreamDown);
    QCOMPARE(db.config.recordPath, QStringLiteral("db.jsonl"));
    QCOMPARE(db.config.recordLimit, 4096);
    QCOMPARE(db.config.framing, std::optional<Framing>(Framing::Resp));
    QCOMPARE(db.config.toxics.size(), 1);
    QCOMPARE(db.config.frameFaults.size(), 1);
    QCOMPARE(db.config.frameFaults[0].delayNs, 20'000'000);
    QCOMPARE(db.config.frameFaults[0].from, QStringLiteral("127.0.0.0/8"));
    QVERIFY(db.config.frameFaults[0].match->matches("*1\r\n$3\r\nGET\r\n"));
    QVERIFY(!front.config.refuseWhileUpstreamDown);
    QCOMPARE(session->scenario[0].kind, ScenarioStep::Kind::StartProxy);
    QCOMPARE(session->scenario[0].describe(), QStringLiteral("start proxy db"));
    // Written back as read: the same bytes again.
    const QByteArray bytes = SessionFile::serialize(*session);
    QStringList errors;
    const auto again = SessionFile::parse(bytes, QStringLiteral("again.json"), &errors);
    QVERIFY2(again, qPrintable(errors.join(QLatin1Char('\n'))));
    QCOMPARE(SessionFile::serialize(*again), bytes);
    QVERIFY(bytes.contains("\"upstream\": \"127.0.0.1:6379\""));
    QVERIFY(bytes.contains("\"refuse_when_upstream_down\": true"));
}

void tst_SessionProxy::badProxiesAreRefused_data()
{
    QTest::addColumn<QByteArray>("proxies");
    QTest::addColumn<QByteArray>("extra");
    QTest::addColumn<QString>("error");
    QTest::newRow("no upstream") << QByteArray(R"({"name": "p"})") << QByteArray() << QStringLiteral("proxies[0].upstream");
    QTest::newRow("bad upstream") << QByteArray(R"({"name": "p", "upstream": "nowhere"})") << QByteArray()
                                  << QStringLiteral("proxies[0].upstream: expected a server's name (echo) or HOST:PORT; found 'nowhere'");
    QTest::newRow("a server's name") << QByteArray(R"({"name": "echo", "upstream": "echo"})") << QByteArray()
                                     << QStringLiteral("proxies[0].name: the name 'echo' is a server's too");
    QTest::newRow("twice") << QByteArray(R"({"name": "p", "upstream": "echo"}, {"name": "p", "upstream": "echo"})") << QByteArray()
                           << QStringLiteral("proxies[1].name: the name 'p' is used twice");
    QTest::newRow("small buffer") << QByteArray(R"({"name": "p", "upstream": "echo", "max_buffer": 10})") << QByteArray()
                                  << QStringLiteral("proxies[0].max_buffer");
    QTest::newRow("unknown key") << QByteArray(R"({"name": "p", "upstream": "echo", "toxics": []})") << QByteArray()
                                 << QStringLiteral("proxies[0].toxics");
    QTest::newRow("bad fault") << QByteArray(R"({"name": "p", "upstream": "echo", "faults": ["latency:lag=5"]})") << QByteArray()
                               << QStringLiteral("proxies[0].faults: toxic 'latency:lag=5': latency has no attribute 'lag'");
    QTest::newRow("step faults") << QByteArray(R"({"name": "p", "upstream": "echo"})")
                                 << QByteArray(R"(, "scenario": [{"step": "set-proxy-faults", "proxy": "p", "faults": ["explode"]}])")
                                 << QStringLiteral("scenario[0].faults: toxic 'explode': unknown toxic type 'explode'");
    QTest::newRow("frame fault, no framing") << QByteArray(R"({"name": "p", "upstream": "echo", "faults": ["drop:0.5"]})") << QByteArray()
                                             << QStringLiteral("proxies[0].faults: frame faults (drop:0.5) need the proxy's \"framing\"");
    QTest::newRow("frame fault step, no framing")
        << QByteArray(R"({"name": "p", "upstream": "echo"})")
        << QByteArray(R"(, "scenario": [{"step": "set-proxy-faults", "proxy": "p", "faults": ["delay:5"]}])")
        << QStringLiteral("scenario[0].faults: frame faults need a framing: proxy p has none");
    QTest::newRow("bad frame fault") << QByteArray(R"({"name": "p", "upstream": "echo", "framing": "line", "faults": ["drop:2"]})")
                                     << QByteArray() << QStringLiteral("proxies[0].faults: frame fault 'drop:2'");
    QTest::newRow("bad framing") << QByteArray(R"({"name": "p", "upstream": "echo", "framing": "morse"})") << QByteArray()
                                 << QStringLiteral("proxies[0].framing:");
    QTest::newRow("step") << QByteArray(R"({"name": "p", "upstream": "echo"})")
                          << QByteArray(R"(, "scenario": [{"step": "start-proxy", "proxy": "q"}])")
                          << QStringLiteral("scenario[0].proxy: no proxy is named 'q'");
    QTest::newRow("fleet target") << QByteArray(R"({"name": "p", "upstream": "echo"})")
                                  << QByteArray(R"(, "fleets": [{"name": "c", "target": "q"}])")
                                  << QStringLiteral("expected a server's or a proxy's name (echo, p) or HOST:PORT; found 'q'");
}

void tst_SessionProxy::badProxiesAreRefused()
{
    QFETCH(QByteArray, proxies);
    QFETCH(QByteArray, extra);
    QFETCH(QString, error);
    QStringList errors;
    QVERIFY(!parse(proxies, extra, &errors));
    QVERIFY2(errors.join(QLatin1Char('\n')).contains(error), qPrintable(errors.join(QLatin1Char('\n'))));
}

void tst_SessionProxy::aFleetGoesThroughAProxyToTheSessionServer()
{
    const auto session = parse(R"({"name": "front", "upstream": "echo", "threads": 1})", R"(,
        "fleets": [{"name": "clients", "target": "front", "connections": 20, "count": 2000, "threads": 1},
                   {"name": "slow", "target": "front", "connections": 2, "count": 20, "threads": 1}],
        "scenario": [
        {"step": "start-server", "server": "echo"},
        {"step": "start-proxy", "proxy": "front"},
        {"step": "connect", "fleet": "clients"},
        {"step": "wait", "until": "finished", "fleet": "clients", "timeout_s": 30},
        {"step": "check", "fleet": "clients", "metric": "received", "op": "==", "value": 2000},
        {"step": "check", "fleet": "clients", "metric": "errors", "op": "==", "value": 0},
        {"step": "check", "fleet": "clients", "metric": "p50_us", "op": "<", "value": 50000},
        {"step": "set-proxy-faults", "proxy": "front", "faults": ["latency:latency=60"]},
        {"step": "phase", "name": "slow"},
        {"step": "connect", "fleet": "slow"},
        {"step": "wait", "until": "finished", "fleet": "slow", "timeout_s": 30},
        {"step": "check", "fleet": "slow", "phase": "slow", "metric": "p50_us", "op": ">=", "value": 60000},
        {"step": "stop-proxy", "proxy": "front"}])");
    QVERIFY(session);
    SessionEngine engine;
    engine.setSession(*session);
    ProxySnapshot last;
    connect(&engine, &SessionEngine::proxySnapshot, this, [&](const QString &, const ProxySnapshot &s) { last = s; });
    QSignalSpy stopped(&engine, &SessionEngine::proxyStopped);
    ScenarioRunner runner(engine, {});
    QSignalSpy finished(&runner, &ScenarioRunner::finished);
    runner.start();
    QVERIFY(finished.wait(60'000));
    const ScenarioResult result = runner.result();
    QVERIFY2(result.failure.isEmpty(), qPrintable(result.failure));
    for (const CheckResult &check : result.checks)
        QVERIFY2(check.passed, qPrintable(check.describe()));
    QCOMPARE(stopped.size(), 1);
    // Every client went through the proxy to the server, and every byte both ways.
    QCOMPARE(last.total.connectionsAccepted, quint64(22));
    QCOMPARE(last.total.upstreamConnected, quint64(22));
    const ServerSnapshot server = engine.server(QStringLiteral("echo"))->lastSnapshot();
    QCOMPARE(server.total.connectionsAccepted, quint64(22));
    QCOMPARE(last.total.bytesUpstream, server.total.bytesIn);
    QCOMPARE(last.total.bytesDownstream, server.total.bytesOut);
    QVERIFY(engine.isIdle());
}

void tst_SessionProxy::aProxyWhoseServerIsDownIsRefused()
{
    const auto session = parse(R"({"name": "front", "upstream": "echo"})");
    QVERIFY(session);
    SessionEngine engine;
    engine.setSession(*session);
    QSignalSpy failed(&engine, &SessionEngine::proxyFailed);
    engine.startProxy(QStringLiteral("front"));
    QVERIFY(failed.wait(2000));
    QCOMPARE(failed.first().at(1).toString(), QStringLiteral("proxy front forwards to server echo, which is not running (start it first)"));
    QCOMPARE(engine.proxyState(QStringLiteral("front")), TcpProxy::State::Stopped);
}

QTEST_GUILESS_MAIN(tst_SessionProxy)
#include "tst_sessionproxy.moc"
