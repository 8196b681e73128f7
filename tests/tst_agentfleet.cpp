// SPDX-License-Identifier: GPL-3.0-or-later
// A session fleet with `processes`: the engine runs it in agent processes of wirebench
// and hands their merged figures on as one fleet's, for the scenario runner and the window.

#include "scenario/scenariorunner.h"
#include "scenario/sessionengine.h"
#include "session/sessionfile.h"
#include "sessiontestsupport.h"

#include <QSignalSpy>
#include <QTest>

using namespace NetCore;

namespace {

const QByteArray EchoServer = R"({"name": "echo", "threads": 1})";

Session sessionOf(const QByteArray &fleet, const QByteArray &scenario)
{
    return testSession(EchoServer, fleet, scenario);
}

} // namespace

class tst_AgentFleet : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void agentsRunTheFleetAsOne();
    void aStoppedAgentFleetEndsAtOnce();
    void theKeyIsSavedAndRead();
};

void tst_AgentFleet::agentsRunTheFleetAsOne()
{
    const Session session = sessionOf(R"({"name": "clients", "target": "echo", "connections": 6, "count": 3000, "processes": 3,
                                          "schedule": {"rate": 6000}})", R"(
        {"step": "start-server", "server": "echo"},
        {"step": "connect", "fleet": "clients"},
        {"step": "wait", "until": "connected", "fleet": "clients", "timeout_s": 20},
        {"step": "wait", "until": "finished", "fleet": "clients", "timeout_s": 30},
        {"step": "check", "fleet": "clients", "metric": "received", "op": "==", "value": 3000},
        {"step": "check", "fleet": "clients", "metric": "errors", "op": "==", "value": 0})");
    SessionEngine engine;
    engine.setAgentCommand(QStringLiteral(WIREBENCH_EXECUTABLE));
    engine.setSession(session);
    QSignalSpy settled(&engine, &SessionEngine::fleetSettled);
    ScenarioRunner runner(engine, {});
    QSignalSpy finished(&runner, &ScenarioRunner::finished);
    runner.start();
    QVERIFY(finished.wait(60'000));
    const ScenarioResult result = runner.result();
    QVERIFY2(result.failure.isEmpty(), qPrintable(result.failure));
    QCOMPARE(result.checks.size(), 2);
    for (const CheckResult &check : result.checks)
        QVERIFY2(check.passed, qPrintable(check.describe())); // 1,000 each, merged exactly
    // Settled once, with every connection of every agent.
    QCOMPARE(settled.size(), 1);
    QCOMPARE(settled.first().at(1).toInt(), 6);
    // The time series came interval by interval, as a fleet in this process gives it.
    QVERIFY(runner.record().rows().size() >= 2);
    QVERIFY(engine.isIdle());
}

void tst_AgentFleet::aStoppedAgentFleetEndsAtOnce()
{
    const Session session = sessionOf(R"({"name": "clients", "target": "echo", "connections": 4, "processes": 2,
                                          "schedule": {"rate": 200}})",
                                      R"({"step": "start-server", "server": "echo"})");
    SessionEngine engine;
    engine.setAgentCommand(QStringLiteral(WIREBENCH_EXECUTABLE));
    engine.setSession(session);
    QSignalSpy started(&engine, &SessionEngine::serverStarted);
    engine.startServer(QStringLiteral("echo"));
    QVERIFY(started.wait(5'000));
    QSignalSpy snapshots(&engine, &SessionEngine::fleetSnapshot);
    QSignalSpy finished(&engine, &SessionEngine::fleetFinished);
    QCOMPARE(engine.startFleet(QStringLiteral("clients")), QString());
    QVERIFY(engine.isFleetRunning(QStringLiteral("clients")));
    QTRY_VERIFY_WITH_TIMEOUT(engine.lastFleetSnapshot(QStringLiteral("clients")).total.received > 0, 20'000);
    // As the window's Stop does: the agents end their parts, and the fleet finishes.
    engine.stopFleet(QStringLiteral("clients"));
    QVERIFY(finished.wait(10'000));
    QVERIFY(!engine.isFleetRunning(QStringLiteral("clients")));
    QVERIFY(snapshots.size() > 0);
    QVERIFY(engine.lastFleetSnapshot(QStringLiteral("clients")).total.connectsSucceeded == 4);
    // More processes than connections: refused, saying why, before any agent starts.
    Session tooMany = session;
    tooMany.fleets.first().processes = 5;
    engine.setSession(tooMany);
    QCOMPARE(engine.startFleet(QStringLiteral("clients")),
             QStringLiteral("fleet clients, 5 processes: 4 connections cannot be shared by 5 parts: each needs one at least"));
}

void tst_AgentFleet::theKeyIsSavedAndRead()
{
    const Session session = sessionOf(R"({"name": "clients", "target": "echo", "processes": 4})", "");
    QCOMPARE(session.fleets.first().processes, 4);
    QStringList errors;
    const auto again = SessionFile::parse(SessionFile::serialize(session), QStringLiteral("again.json"), &errors);
    QVERIFY(again);
    QCOMPARE(again->fleets.first().processes, 4);
    QVERIFY(!SessionFile::parse(R"({"format": "wirebench-session", "version": 1, "fleets": [{"name": "c", "target": "127.0.0.1:9", "processes": 0}]})",
                                QStringLiteral("bad.json"), &errors));
    QVERIFY2(errors.join(QLatin1Char(' ')).contains(QStringLiteral("processes")), qPrintable(errors.join(QLatin1Char(' '))));
}

QTEST_GUILESS_MAIN(tst_AgentFleet)
#include "tst_agentfleet.moc"
