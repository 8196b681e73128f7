// SPDX-License-Identifier: GPL-3.0-or-later
// A fleet that replays a capture (its "replay" key): read and written back, refused
// with the reason when it names what a replay cannot do, and run as any fleet is, with
// figures a scenario checks: replies compared, differences counted, the first few in
// words in the report. The capture is recorded by the session's own proxy.

#include "replay/replayfleet.h"
#include "scenario/scenariorunner.h"
#include "scenario/sessionengine.h"
#include "server/testserver.h"
#include "io/iothreadpool.h"
#include "session/sessionfile.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace NetCore;

namespace {

std::optional<Session> parse(const QByteArray &fleets, const QByteArray &extra = {}, QStringList *errors = nullptr,
                             const QString &baseDirectory = {})
{
    const QByteArray json = R"({"format": "wirebench-session", "version": 1,
        "servers": [{"name": "orders", "framing": "line", "threads": 1}], "fleets": [)"
        + fleets + "]" + extra + "}";
    QStringList ignored;
    return SessionFile::parse(json, QStringLiteral("replay.json"), errors ? errors : &ignored, baseDirectory);
}

// Two recorded conversations over line framing: a login and an order naming the
// connection (marked fields), and a ping between them.
QByteArray ordersCapture()
{
    QByteArray text = R"({"format":"wirebench-capture","version":1,"listen":"127.0.0.1:17000","upstream":"127.0.0.1:7000","started_utc":"2026-12-07T12:00:00.000Z","framing":"line"})"
                      "\n";
    for (int c = 1; c <= 2; ++c) {
        const QByteArray id = QByteArray::number(c);
        text += R"({"c":)" + id + R"(,"e":"open","peer":"127.0.0.1:5041)" + id + R"(","t":1000})" "\n";
        text += R"({"c":)" + id + R"(,"e":"up","t":2000,"template":"LOGIN user{conn:dec}\\n"})" "\n";
        text += R"({"c":)" + id + R"(,"e":"down","t":3000,"template":"LOGIN user{conn:dec}\\n"})" "\n";
        text += R"({"c":)" + id + R"(,"e":"up","t":4000,"b":"UElORwo="})" "\n"; // PING\n
        text += R"({"c":)" + id + R"(,"e":"down","t":5000,"b":"UElORwo="})" "\n";
        text += R"({"c":)" + id + R"(,"e":"up","t":6000,"template":"ORDER {seq:dec} widget-{conn:dec}\\n"})" "\n";
        text += R"({"c":)" + id + R"(,"e":"down","t":7000,"template":"ORDER {seq:dec} widget-{conn:dec}\\n"})" "\n";
        text += R"({"c":)" + id + R"(,"e":"close","t":8000})" "\n";
    }
    return text;
}

QString writeFile(const QTemporaryDir &dir, const QString &name, const QByteArray &text)
{
    const QString path = dir.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(text) != text.size())
        return {};
    return path;
}

} // namespace

class tst_ReplayFleet : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void aReplayFleetIsReadAndWrittenBack();
    void badReplayFleetsAreRefused_data();
    void badReplayFleetsAreRefused();
    void aStepThatShapesALoadFailsTheRunWithTheReason_data();
    void aStepThatShapesALoadFailsTheRunWithTheReason();
    void aReplayCountsAsAFleetDoes_data();
    void aReplayCountsAsAFleetDoes();
    void stoppingEndsItCleanly();
    void theLastRequestGoesThoughNoReplyIsAwaited();
    void aMissingOrBrokenCaptureIsNamed();
    void aTargetThatRefusesFailsTheConnects();
    void aScenarioRecordsThroughItsProxyThenReplaysWithChecks();

private:
    QTemporaryDir m_dir;
    QString m_capture;
};

void tst_ReplayFleet::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_capture = writeFile(m_dir, QStringLiteral("orders.jsonl"), ordersCapture());
    QVERIFY(!m_capture.isEmpty());
}

void tst_ReplayFleet::aReplayFleetIsReadAndWrittenBack()
{
    const auto session = parse(R"({"name": "again", "target": "orders", "connections": 40, "replay": "captures/orders.jsonl",
                                   "replay_speed": 2.5, "reply_timeout_ms": 750, "seed": 9})");
    QVERIFY(session);
    const FleetDefinition &fleet = session->fleets.first();
    QCOMPARE(fleet.replay, QStringLiteral("captures/orders.jsonl"));
    QCOMPARE(fleet.replaySpeed, 2.5);
    QCOMPARE(fleet.config.connections, 40);
    QCOMPARE(fleet.config.replyTimeoutMs, 750);
    QCOMPARE(fleet.config.seed, quint64(9));
    // Written back as read: only what a replay uses.
    const QJsonObject written = QJsonDocument::fromJson(SessionFile::serialize(*session))
                                    .object()
                                    .value(QStringLiteral("fleets"))
                                    .toArray()
                                    .first()
                                    .toObject();
    QCOMPARE(written, QJsonDocument::fromJson(R"({"name": "again", "target": "orders", "connections": 40, "replay": "captures/orders.jsonl",
                                                 "replay_speed": 2.5, "reply_timeout_ms": 750, "seed": 9})")
                          .object());
}

void tst_ReplayFleet::badReplayFleetsAreRefused_data()
{
    QTest::addColumn<QByteArray>("fleet");
    QTest::addColumn<QByteArray>("extra");
    QTest::addColumn<QString>("error");
    QTest::newRow("template") << QByteArray(R"({"name": "r", "target": "orders", "replay": "a.jsonl", "template": "t"})") << QByteArray()
                              << QStringLiteral("fleets[0].template: goes without replay");
    QTest::newRow("framing") << QByteArray(R"({"name": "r", "target": "orders", "replay": "a.jsonl", "framing": "line"})") << QByteArray()
                             << QStringLiteral("fleets[0].framing: goes without replay (a replay sends what the capture holds, framed as it was)");
    QTest::newRow("schedule") << QByteArray(R"({"name": "r", "target": "orders", "replay": "a.jsonl", "schedule": {"rate": 10}})") << QByteArray()
                              << QStringLiteral("fleets[0].schedule: goes without replay");
    QTest::newRow("processes") << QByteArray(R"({"name": "r", "target": "orders", "replay": "a.jsonl", "processes": 2})") << QByteArray()
                               << QStringLiteral("fleets[0].processes: goes without replay");
    QTest::newRow("empty path") << QByteArray(R"({"name": "r", "target": "orders", "replay": ""})") << QByteArray()
                                << QStringLiteral("fleets[0].replay: expected a capture's path");
    QTest::newRow("speed alone") << QByteArray(R"({"name": "r", "target": "orders", "replay_speed": 2})") << QByteArray()
                                 << QStringLiteral("fleets[0].replay_speed: goes with replay");
    QTest::newRow("negative speed") << QByteArray(R"({"name": "r", "target": "orders", "replay": "a.jsonl", "replay_speed": -1})") << QByteArray()
                                    << QStringLiteral("fleets[0].replay_speed");
    QTest::newRow("too slow to be meant") << QByteArray(R"({"name": "r", "target": "orders", "replay": "a.jsonl", "replay_speed": 1e-9})")
                                          << QByteArray() << QStringLiteral("fleets[0].replay_speed: expected 0 (step by step) or 0.001");
}

void tst_ReplayFleet::aStepThatShapesALoadFailsTheRunWithTheReason_data()
{
    QTest::addColumn<QByteArray>("step");
    QTest::newRow("send") << QByteArray(R"({"step": "send", "fleet": "again", "count": 5})");
    QTest::newRow("set-rate") << QByteArray(R"({"step": "set-rate", "fleet": "again", "rate": 5})");
    QTest::newRow("set-window") << QByteArray(R"({"step": "set-window", "fleet": "again", "window": 5})");
}

void tst_ReplayFleet::aStepThatShapesALoadFailsTheRunWithTheReason()
{
    // Read without complaint (the window may have saved it), refused when it comes.
    QFETCH(QByteArray, step);
    const auto session = parse(R"({"name": "again", "target": "orders", "replay": ")" + m_capture.toUtf8() + R"("})",
                               R"(, "scenario": [{"step": "start-server", "server": "orders"}, {"step": "connect", "fleet": "again"}, )" + step + "]");
    QVERIFY(session);
    SessionEngine engine;
    engine.setSession(*session);
    ScenarioRunner runner(engine, {});
    QSignalSpy finished(&runner, &ScenarioRunner::finished);
    runner.start();
    QVERIFY(finished.wait(30'000));
    QVERIFY2(runner.result().failure.startsWith(QStringLiteral("step 3 (")), qPrintable(runner.result().failure));
    QVERIFY2(runner.result().failure.endsWith(QStringLiteral("): fleet again replays a capture: it sends what was recorded, at its pace, nothing else")),
             qPrintable(runner.result().failure));
    QVERIFY(engine.isIdle());
}

void tst_ReplayFleet::badReplayFleetsAreRefused()
{
    QFETCH(QByteArray, fleet);
    QFETCH(QByteArray, extra);
    QFETCH(QString, error);
    QStringList errors;
    QVERIFY(!parse(fleet, extra, &errors));
    QVERIFY2(errors.join(QLatin1Char('\n')).contains(error), qPrintable(errors.join(QLatin1Char('\n'))));
}

void tst_ReplayFleet::aReplayCountsAsAFleetDoes_data()
{
    QTest::addColumn<QString>("behaviour");
    QTest::addColumn<double>("speed");
    QTest::addColumn<quint64>("replies");
    QTest::addColumn<quint64>("differences");
    // 30 connections, 3 messages each: every reply compared.
    QTest::newRow("echo, step by step") << QStringLiteral("echo") << 0.0 << quint64(90) << quint64(0);
    QTest::newRow("echo, at the recorded times") << QStringLiteral("echo") << 1.0 << quint64(90) << quint64(0);
    QTest::newRow("another reply, step by step") << QStringLiteral("fixed:OK") << 0.0 << quint64(90) << quint64(90);
}

void tst_ReplayFleet::aReplayCountsAsAFleetDoes()
{
    QFETCH(QString, behaviour);
    QFETCH(double, speed);
    QFETCH(quint64, replies);
    QFETCH(quint64, differences);
    IoThreadPool pool(1);
    TestServer server(pool);
    ServerConfig serverConfig;
    serverConfig.framing = Framing::Line;
    serverConfig.behaviour = *BehaviourSpec::parse(behaviour, nullptr);
    QSignalSpy started(&server, &TestServer::started);
    server.start(serverConfig);
    QVERIFY(started.wait(5000));

    ReplayFleet fleet;
    fleet.setSnapshotInterval(20);
    QSignalSpy snapshots(&fleet, &ReplayFleet::snapshotReady);
    QSignalSpy settled(&fleet, &ReplayFleet::connectionsSettled);
    QSignalSpy finished(&fleet, &ReplayFleet::finished);
    ReplayConfig config;
    config.port = server.port();
    config.connections = 30;
    config.speed = speed;
    config.replyTimeoutMs = 2000;
    QCOMPARE(fleet.start(m_capture, config), QString());
    QVERIFY(fleet.isRunning());
    QVERIFY(finished.wait(15'000));
    QCOMPARE(finished.size(), 1);
    QVERIFY(!fleet.isRunning());
    QCOMPARE(fleet.playing(), 0);
    QCOMPARE(settled.size(), 1);
    QCOMPARE(settled.first().at(0).toInt(), 30);
    QCOMPARE(settled.first().at(1).toInt(), 0);

    // The last snapshot holds everything, and the intervals add up to it.
    const FleetSnapshot last = fleet.lastSnapshot();
    QCOMPARE(last.total.sent, quint64(90));
    QCOMPARE(last.total.received, replies);
    QCOMPARE(last.total.replyDifferences, differences);
    QCOMPARE(last.total.connectsSucceeded, quint64(30));
    QCOMPARE(last.total.closed, quint64(30));
    QCOMPARE(last.total.connectFailures + last.total.disconnects, quint64(0));
    QCOMPARE(last.total.errorTotal(), differences);
    QVERIFY(last.total.bytesOut > 0);
    FleetCounters summed;
    quint64 timed = 0;
    for (const QList<QVariant> &signal : std::as_const(snapshots)) {
        const auto snapshot = signal.first().value<FleetSnapshot>();
        summed += snapshot.interval;
        timed += snapshot.intervalCorrected->totalCount();
    }
    QCOMPARE(summed.received, replies);
    QCOMPARE(summed.replyDifferences, differences);
    QCOMPARE(summed.bytesIn, last.total.bytesIn);
    // Step by step, each reply is timed; paced, the replies are one stream per connection.
    QCOMPARE(timed, speed > 0 ? quint64(0) : replies);
    QCOMPARE(last.totalLatency.count, timed);

    // Each connection as the connections table shows it: what it played and what differed.
    const QList<ConnectionStats> rows = fleet.connectionStats();
    QCOMPARE(rows.size(), 30);
    for (const ConnectionStats &row : rows) {
        QCOMPARE(row.state, ConnectionState::Closed);
        QCOMPARE(row.sent, quint64(3));
        QCOMPARE(row.received, replies / 30);
        QCOMPARE(row.errors, differences / 30);
        QCOMPARE(row.remote, QStringLiteral("127.0.0.1:%1").arg(server.port()));
        QVERIFY2(row.detail.startsWith(QStringLiteral("plays recorded connection %1: 3 of 3 steps done").arg(2 - row.id % 2)), qPrintable(row.detail));
        QVERIFY2(row.detail.contains(QStringLiteral("; first difference: message 1: expected %1 bytes, got 3").arg(row.id < 10 ? 12 : 13)) == (differences > 0),
                 qPrintable(row.detail));
        if (speed <= 0)
            QVERIFY(row.maxRoundTripNs > 0);
    }

    const ReplayResult result = fleet.result();
    QCOMPARE(result.differences, differences);
    QCOMPARE(quint64(result.firstDifferences.size()), std::min<quint64>(differences, 10));
    if (differences > 0)
        QVERIFY2(result.firstDifferences.first().contains(QStringLiteral("message 1: expected 12 bytes, got 3; first difference at byte 0")),
                 qPrintable(result.firstDifferences.first()));
}

void tst_ReplayFleet::stoppingEndsItCleanly()
{
    // A server that never answers: every connection waits for its first reply until stopped.
    IoThreadPool pool(1);
    TestServer server(pool);
    ServerConfig serverConfig;
    serverConfig.framing = Framing::Line;
    serverConfig.behaviour = *BehaviourSpec::parse(QStringLiteral("sink"), nullptr);
    QSignalSpy started(&server, &TestServer::started);
    server.start(serverConfig);
    QVERIFY(started.wait(5000));
    ReplayFleet fleet;
    QSignalSpy settled(&fleet, &ReplayFleet::connectionsSettled);
    QSignalSpy finished(&fleet, &ReplayFleet::finished);
    ReplayConfig config;
    config.port = server.port();
    config.connections = 10;
    config.replyTimeoutMs = 60'000;
    QCOMPARE(fleet.start(m_capture, config), QString());
    QVERIFY(settled.wait(5000));
    QTRY_COMPARE(fleet.lastSnapshot().total.sent, quint64(10));
    fleet.stop();
    QVERIFY(finished.wait(5000));
    QTest::qWait(50); // nothing more may come
    QCOMPARE(finished.size(), 1);
    const FleetSnapshot last = fleet.lastSnapshot();
    QCOMPARE(last.total.closed, quint64(10));
    // Stopped is not failed.
    QCOMPARE(last.total.errorTotal(), quint64(0));
    QCOMPARE(fleet.result().connectionsFailed, quint64(0));
    QCOMPARE(fleet.result().firstError, QString());
    for (const ConnectionStats &row : fleet.connectionStats()) {
        QCOMPARE(row.errors, quint64(0));
        QVERIFY2(row.detail == QStringLiteral("plays recorded connection %1: 0 of 3 steps done; ended: stopped").arg(2 - row.id % 2), qPrintable(row.detail));
    }
    QCOMPARE(last.total.received, quint64(0));
}

void tst_ReplayFleet::theLastRequestGoesThoughNoReplyIsAwaited()
{
    // A conversation that ends with QUIT, recorded without a reply: it is sent, and the
    // connection closes gracefully after it (a reset would have thrown it away).
    const QString capture = writeFile(
        m_dir, QStringLiteral("quit.jsonl"),
        R"({"format":"wirebench-capture","version":1,"listen":"127.0.0.1:1","upstream":"127.0.0.1:2","framing":"line"})" "\n"
        R"({"c":1,"e":"up","t":1,"b":"UElORwo="})" "\n" R"({"c":1,"e":"down","t":2,"b":"UElORwo="})" "\n"
        R"({"c":1,"e":"up","t":3,"b":"UVVJVAo="})" "\n"); // PING, PING, QUIT
    IoThreadPool pool(1);
    TestServer server(pool);
    ServerConfig serverConfig;
    serverConfig.framing = Framing::Line;
    serverConfig.behaviour = *BehaviourSpec::parse(QStringLiteral("echo"));
    server.setSnapshotInterval(20);
    QSignalSpy started(&server, &TestServer::started);
    server.start(serverConfig);
    QVERIFY(started.wait(5000));
    ReplayFleet fleet;
    QSignalSpy finished(&fleet, &ReplayFleet::finished);
    ReplayConfig config;
    config.port = server.port();
    config.connections = 20;
    QCOMPARE(fleet.start(capture, config), QString());
    QVERIFY(finished.wait(10'000));
    QCOMPARE(fleet.lastSnapshot().total.sent, quint64(40));
    QCOMPARE(fleet.lastSnapshot().total.replyDifferences, quint64(0));
    // Every QUIT reached the server, and every connection closed.
    QTRY_COMPARE_WITH_TIMEOUT(server.lastSnapshot().total.framesIn, quint64(40), 5000);
    QTRY_COMPARE_WITH_TIMEOUT(server.lastSnapshot().total.connectionsClosed, quint64(20), 5000);
}

void tst_ReplayFleet::aMissingOrBrokenCaptureIsNamed()
{
    ReplayFleet fleet;
    ReplayConfig config;
    config.port = 9;
    const QString missing = m_dir.filePath(QStringLiteral("none.jsonl"));
    QVERIFY2(fleet.start(missing, config).startsWith(QStringLiteral("capture %1: ").arg(missing)), qPrintable(fleet.start(missing, config)));
    const QString broken = writeFile(m_dir, QStringLiteral("broken.jsonl"), ordersCapture() + "{\"c\":1,\"e\":\"up\"\n");
    const QString why = fleet.start(broken, config);
    QVERIFY2(why.startsWith(QStringLiteral("capture %1: ").arg(broken)) && why.contains(QStringLiteral("line 18")), qPrintable(why));
    QVERIFY(!fleet.isRunning());
}

void tst_ReplayFleet::aTargetThatRefusesFailsTheConnects()
{
    // A port nothing listens on: taken from a server that has stopped.
    quint16 port = 0;
    {
        IoThreadPool pool(1);
        TestServer server(pool);
        QSignalSpy started(&server, &TestServer::started);
        server.start(ServerConfig{});
        QVERIFY(started.wait(5000));
        port = server.port();
        server.stop();
    }
    ReplayFleet fleet;
    QSignalSpy settled(&fleet, &ReplayFleet::connectionsSettled);
    QSignalSpy finished(&fleet, &ReplayFleet::finished);
    ReplayConfig config;
    config.port = port;
    config.connections = 5;
    QCOMPARE(fleet.start(m_capture, config), QString());
    QVERIFY(finished.wait(5000));
    QCOMPARE(settled.size(), 1);
    QCOMPARE(settled.first().at(0).toInt(), 0);
    QCOMPARE(settled.first().at(1).toInt(), 5);
    QCOMPARE(fleet.lastSnapshot().total.connectFailures, quint64(5));
    QVERIFY2(fleet.result().firstError.contains(QStringLiteral("refused")), qPrintable(fleet.result().firstError));
}

void tst_ReplayFleet::aScenarioRecordsThroughItsProxyThenReplaysWithChecks()
{
    // The session's proxy records a load of its own fleet; a second fleet replays that
    // recording from more connections and checks it saw what was recorded. Relative
    // paths are the session file's.
    const auto session = parse(R"({"name": "load", "target": "front", "connections": 1, "framing": "line", "payload_size": 24, "count": 10, "threads": 1},
                                  {"name": "again", "target": "orders", "connections": 25, "replay": "recorded.jsonl"})",
                               R"(, "proxies": [{"name": "front", "upstream": "orders", "framing": "line", "record": "recorded.jsonl", "threads": 1}],
        "scenario": [
        {"step": "start-server", "server": "orders"},
        {"step": "start-proxy", "proxy": "front"},
        {"step": "connect", "fleet": "load"},
        {"step": "wait", "until": "finished", "fleet": "load", "timeout_s": 30},
        {"step": "stop-proxy", "proxy": "front"},
        {"step": "phase", "name": "replay"},
        {"step": "connect", "fleet": "again"},
        {"step": "wait", "until": "connected", "fleet": "again", "timeout_s": 30},
        {"step": "wait", "until": "finished", "fleet": "again", "timeout_s": 30},
        {"step": "check", "fleet": "again", "metric": "differences", "op": "==", "value": 0},
        {"step": "check", "fleet": "again", "metric": "received", "op": "==", "value": 250},
        {"step": "check", "fleet": "again", "phase": "replay", "metric": "p99_us", "op": ">", "value": 0},
        {"step": "set-behaviour", "server": "orders", "behaviour": "fixed:OK"},
        {"step": "phase", "name": "changed"},
        {"step": "connect", "fleet": "again"},
        {"step": "wait", "until": "finished", "fleet": "again", "timeout_s": 30},
        {"step": "check", "fleet": "again", "phase": "changed", "metric": "differences", "op": "==", "value": 250},
        {"step": "report", "json": "report.json"}])",
                               nullptr, m_dir.path());
    QVERIFY(session);
    SessionEngine engine;
    engine.setSession(*session);
    ScenarioRunner::Options options;
    options.outputDirectory = m_dir.path();
    ScenarioRunner runner(engine, options);
    QSignalSpy finished(&runner, &ScenarioRunner::finished);
    QStringList notices;
    connect(&runner, &ScenarioRunner::notice, this, [&](const QString &text) { notices << text; });
    runner.start();
    QVERIFY(finished.wait(90'000));
    const ScenarioResult result = runner.result();
    QVERIFY2(result.failure.isEmpty(), qPrintable(result.failure));
    QCOMPARE(result.checks.size(), 4);
    for (const CheckResult &check : result.checks)
        QVERIFY2(check.passed, qPrintable(check.describe()));
    // Said as it ended, in words.
    QVERIFY2(notices.join('\n').contains(QStringLiteral("fleet again replayed recorded.jsonl: 250 replies compared, 0 differ from the recording")),
             qPrintable(notices.join('\n')));
    QVERIFY2(notices.join('\n').contains(QStringLiteral("250 differ from the recording; first: connection 1 (recorded connection")),
             qPrintable(notices.join('\n')));
    // The report has the replay as it ended: its differences and the first of them in words.
    QFile report(m_dir.filePath(QStringLiteral("report.json")));
    QVERIFY(report.open(QIODevice::ReadOnly));
    const QJsonObject json = QJsonDocument::fromJson(report.readAll()).object();
    const QJsonObject replay = json.value(QStringLiteral("replays")).toArray().first().toObject();
    QCOMPARE(replay.value(QStringLiteral("fleet")).toString(), QStringLiteral("again"));
    QCOMPARE(replay.value(QStringLiteral("differences")).toInt(), 250);
    QCOMPARE(replay.value(QStringLiteral("first_differences")).toArray().size(), 10);
    QVERIFY(engine.isIdle());
}

QTEST_GUILESS_MAIN(tst_ReplayFleet)
#include "tst_replayfleet.moc"
