// SPDX-License-Identifier: GPL-3.0-or-later
// A session server with `processes`: the engine serves it from agent processes of
// wirebench on one port, sums their counters into one server's snapshots, passes a
// new behaviour on to every agent, and reports an agent that fails.

#include "scenario/scenariorunner.h"
#include "scenario/sessionengine.h"
#include "session/sessionfile.h"
#include "sessiontestsupport.h"
#include "behaviour/behaviourspec.h"

#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace NetCore;


class tst_AgentServer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void agentsServeAsOne();
    void aNewBehaviourReachesEveryAgent();
    void aFailingAgentIsReported();
    void tlsFromAgentsIsTrustedByAgents();
    void theKeyIsSavedAndChecked();
};

void tst_AgentServer::agentsServeAsOne()
{
    const Session session = testSession(R"({"name": "echo", "threads": 1, "processes": 3})",
                                      R"({"name": "clients", "target": "echo", "connections": 60, "count": 3000,
                                          "schedule": {"rate": 6000}})", R"(
        {"step": "start-server", "server": "echo"},
        {"step": "connect", "fleet": "clients"},
        {"step": "wait", "until": "connected", "fleet": "clients", "timeout_s": 20},
        {"step": "wait", "until": "finished", "fleet": "clients", "timeout_s": 30},
        {"step": "check", "fleet": "clients", "metric": "received", "op": "==", "value": 3000},
        {"step": "stop-server", "server": "echo"})");
    SessionEngine engine;
    engine.setAgentCommand(QStringLiteral(WIREBENCH_EXECUTABLE));
    engine.setSession(session);
    std::optional<RunningServer> whileRunning;
    connect(&engine, &SessionEngine::serverStarted, this, [&](const QString &name) { whileRunning = engine.runningServer(name); });
    QSignalSpy snapshots(&engine, &SessionEngine::serverSnapshot);
    QSignalSpy stopped(&engine, &SessionEngine::serverStopped);
    ScenarioRunner runner(engine, {});
    QSignalSpy finished(&runner, &ScenarioRunner::finished);
    runner.start();
    QVERIFY(finished.wait(60'000));
    QVERIFY2(runner.result().failure.isEmpty(), qPrintable(runner.result().failure));
    QVERIFY(runner.result().checks.first().passed);
    QVERIFY(whileRunning);
    QCOMPARE(whileRunning->processes, 3);
    QVERIFY(whileRunning->port != 0);
    QCOMPARE(stopped.size(), 1);
    // The last snapshot is the agents' final counters summed: every connection and frame once.
    QVERIFY(snapshots.size() >= 2);
    const ServerSnapshot last = snapshots.last().at(1).value<ServerSnapshot>();
    QCOMPARE(last.total.connectionsAccepted, quint64(60));
    QCOMPARE(last.total.connectionsClosed, quint64(60));
    QCOMPARE(last.total.framesIn, quint64(3000));
    QCOMPARE(last.total.framesOut, quint64(3000));
    // Live snapshots came while it ran, their intervals adding up to what was served.
    quint64 framesInIntervals = 0;
    for (const QList<QVariant> &snapshot : std::as_const(snapshots))
        framesInIntervals += snapshot.at(1).value<ServerSnapshot>().interval.framesIn;
    QCOMPARE(framesInIntervals, quint64(3000));
    QCOMPARE(engine.serverState(QStringLiteral("echo")), TestServer::State::Stopped);
    QVERIFY(engine.isIdle());
}

void tst_AgentServer::aNewBehaviourReachesEveryAgent()
{
    const Session session = testSession(R"({"name": "echo", "threads": 1, "processes": 2})",
                                      R"({"name": "clients", "target": "echo", "connections": 8, "schedule": {"rate": 400}})", "");
    SessionEngine engine;
    engine.setAgentCommand(QStringLiteral(WIREBENCH_EXECUTABLE));
    engine.setSession(session);
    QSignalSpy started(&engine, &SessionEngine::serverStarted);
    engine.startServer(QStringLiteral("echo"));
    QVERIFY(started.wait(10'000));
    ServerSnapshot latest;
    connect(&engine, &SessionEngine::serverSnapshot, this, [&](const QString &, const ServerSnapshot &s) { latest = s; });
    QCOMPARE(engine.startFleet(QStringLiteral("clients")), QString());
    QTRY_VERIFY_WITH_TIMEOUT(latest.total.framesOut > 100 && latest.total.connectionsAccepted == 8, 20'000);
    // Both agents took connections (the kernel spreads them), so both must hear of it.
    engine.setServerBehaviour(QStringLiteral("echo"), *BehaviourSpec::parse(QStringLiteral("sink")));
    const ServerSnapshot atChange = latest;
    QTRY_VERIFY_WITH_TIMEOUT(latest.total.framesIn >= atChange.total.framesIn + 400, 20'000);
    const ServerSnapshot settled = latest;
    QTRY_VERIFY_WITH_TIMEOUT(latest.total.framesIn >= settled.total.framesIn + 200, 20'000);
    // Once every agent sinks, nothing more goes out (what was in flight at the change went before).
    QCOMPARE(latest.total.framesOut, settled.total.framesOut);
    QSignalSpy allStopped(&engine, &SessionEngine::allStopped);
    engine.stopAll();
    QVERIFY(allStopped.wait(15'000));
}

void tst_AgentServer::aFailingAgentIsReported()
{
    // The port is taken by a socket that does not share it: the first agent cannot listen.
    QTcpServer squatter;
    QVERIFY(squatter.listen(QHostAddress::LocalHost));
    const QByteArray server = R"({"name": "echo", "threads": 1, "processes": 2, "port": )" + QByteArray::number(squatter.serverPort()) + "}";
    SessionEngine engine;
    engine.setAgentCommand(QStringLiteral(WIREBENCH_EXECUTABLE));
    engine.setSession(testSession(server, "", ""));
    QSignalSpy failed(&engine, &SessionEngine::serverFailed);
    engine.startServer(QStringLiteral("echo"));
    QVERIFY(failed.wait(10'000));
    const QString message = failed.first().at(1).toString();
    QVERIFY2(message.startsWith(QStringLiteral("agent 0 of 2 exited with 3: ")), qPrintable(message));
    QVERIFY2(message.contains(QString::number(squatter.serverPort())), qPrintable(message));
    QCOMPARE(engine.serverState(QStringLiteral("echo")), TestServer::State::Stopped);
    QVERIFY(engine.isIdle());
}

void tst_AgentServer::tlsFromAgentsIsTrustedByAgents()
{
    // A certificate of the user's (made with Debian's openssl): each agent serves it.
    const QString openssl = QStandardPaths::findExecutable(QStringLiteral("openssl"));
    QVERIFY2(!openssl.isEmpty(), "openssl is not installed (the README's test command installs it)");
    QTemporaryDir folder;
    QProcess make;
    make.setWorkingDirectory(folder.path());
    make.start(openssl, {"req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "key.pem", "-out",
                         "cert.pem", "-days", "2", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"});
    QVERIFY(make.waitForFinished(20'000));
    QVERIFY2(make.exitCode() == 0, make.readAllStandardError().constData());
    // Paths relative to the session's folder, as a saved session has them.
    const Session session = testSession(R"({"name": "secure", "threads": 1, "processes": 2, "tls": {"cert": "cert.pem", "key": "key.pem"}})",
                                      R"({"name": "clients", "target": "secure", "connections": 4, "count": 400, "processes": 2,
                                          "tls": {}})", R"(
        {"step": "start-server", "server": "secure"},
        {"step": "connect", "fleet": "clients"},
        {"step": "wait", "until": "finished", "fleet": "clients", "timeout_s": 30},
        {"step": "check", "fleet": "clients", "metric": "received", "op": "==", "value": 400},
        {"step": "check", "fleet": "clients", "metric": "errors", "op": "==", "value": 0})", folder.path());
    SessionEngine engine;
    engine.setAgentCommand(QStringLiteral(WIREBENCH_EXECUTABLE));
    engine.setSession(session);
    ScenarioRunner runner(engine, {});
    QSignalSpy finished(&runner, &ScenarioRunner::finished);
    runner.start();
    QVERIFY(finished.wait(60'000));
    const ScenarioResult result = runner.result();
    QVERIFY2(result.failure.isEmpty(), qPrintable(result.failure));
    for (const CheckResult &check : result.checks)
        QVERIFY2(check.passed, qPrintable(check.describe()));
    // The fingerprint the agents serve, for a client outside the run to pin.
    QCOMPARE(result.servers.size(), 1);
    QCOMPARE(result.servers.first().tlsFingerprint.count(QLatin1Char(':')), 31);
}

void tst_AgentServer::theKeyIsSavedAndChecked()
{
    const Session session = testSession(R"({"name": "echo", "processes": 4})", "", "");
    QCOMPARE(session.servers.first().processes, 4);
    QStringList errors;
    const auto again = SessionFile::parse(SessionFile::serialize(session), QStringLiteral("again.json"), &errors);
    QVERIFY(again);
    QCOMPARE(again->servers.first().processes, 4);
    for (const QByteArray &bad : {QByteArray(R"({"name": "e", "processes": 0})"),
                                  QByteArray(R"({"name": "e", "processes": 2, "tls": {}})")}) {
        errors.clear();
        QVERIFY(!SessionFile::parse(R"({"format": "wirebench-session", "version": 1, "servers": [)" + bad + "]}", QStringLiteral("bad.json"), &errors));
        QVERIFY2(errors.join(QLatin1Char(' ')).contains(QStringLiteral("processes")), qPrintable(errors.join(QLatin1Char(' '))));
    }
}

QTEST_GUILESS_MAIN(tst_AgentServer)
#include "tst_agentserver.moc"
