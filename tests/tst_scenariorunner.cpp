// SPDX-License-Identifier: GPL-3.0-or-later
#include "scenario/scenariorunner.h"
#include "scenario/sessionengine.h"
#include "session/sessionfile.h"
#include "sessiontestsupport.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace NetCore;

namespace {

const QByteArray EchoServer = R"({"name": "echo", "threads": 1})";
const QByteArray Clients = R"({"name": "clients", "target": "echo", "connections": 4, "threads": 1,
                               "schedule": {"rate": 2000}})";

/** Runs to the end and hands back the result; finished() must come exactly once. */
ScenarioResult run(ScenarioRunner &runner, int timeoutMs = 20000)
{
    QSignalSpy finished(&runner, &ScenarioRunner::finished);
    runner.start();
    if (!finished.wait(timeoutMs))
        qWarning("the scenario did not finish");
    QTest::qWait(50); // a second finished() would come within one event loop pass
    if (finished.size() != 1)
        qWarning("finished() came %d times", int(finished.size()));
    return runner.result();
}

} // namespace

class tst_ScenarioRunner : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void passingChecksExitZero();
    void aFailedCheckExitsOne();
    void phasesSplitTheRecord();
    void liveChangesTakeEffect();
    void waitTimesOutAsARuntimeFailure();
    void waitUntilAFleetHasSpentItsBudget();
    void serverThatCannotBindFails();
    void fleetTargetingAStoppedServerFails();
    void cancelStopsCleanly();
    void reportStepWritesAndFailsClearly();
    void relativeReportPathsGoToTheOutputFolder();
    void rulesResolveAgainstTheSessionFolderAndVanishedOnesFail();
    void durationScaleShortensHolds();
    void unansweredRequestsWarnInResultAndReport();
};

void tst_ScenarioRunner::passingChecksExitZero()
{
    const Session session = testSession(EchoServer, Clients, R"(
        {"step": "start-server", "server": "echo"},
        {"step": "connect", "fleet": "clients"},
        {"step": "wait", "until": "connected", "fleet": "clients"},
        {"step": "wait", "until": "received", "fleet": "clients", "count": 500},
        {"step": "check", "fleet": "clients", "metric": "received", "op": ">=", "value": 400},
        {"step": "check", "fleet": "clients", "metric": "errors", "op": "==", "value": 0},
        {"step": "check", "fleet": "clients", "metric": "p99_us", "op": "<", "value": 1000000}
    )");
    SessionEngine engine;
    engine.setSession(session);
    ScenarioRunner runner(engine, {});
    QSignalSpy steps(&runner, &ScenarioRunner::stepStarted);
    const ScenarioResult result = run(runner);
    QVERIFY2(result.failure.isEmpty(), qPrintable(result.failure));
    QVERIFY(result.completed);
    QCOMPARE(result.checks.size(), 3);
    for (const CheckResult &check : result.checks)
        QVERIFY2(check.passed, qPrintable(check.describe()));
    QCOMPARE(result.exitCode(), 0);
    QCOMPARE(steps.size(), 7);
    QCOMPARE(steps.first().at(1).toString(), QStringLiteral("start server echo"));
    QVERIFY(!runner.record().rows().isEmpty());
    QVERIFY(!runner.isRunning());
}

void tst_ScenarioRunner::aFailedCheckExitsOne()
{
    const Session session = testSession(EchoServer, Clients, R"(
        {"step": "start-server", "server": "echo"},
        {"step": "connect", "fleet": "clients"},
        {"step": "wait", "until": "received", "fleet": "clients", "count": 200},
        {"step": "check", "fleet": "clients", "metric": "p50_us", "op": "<", "value": 0.001},
        {"step": "check", "fleet": "clients", "metric": "timeouts", "op": "==", "value": 0}
    )");
    SessionEngine engine;
    engine.setSession(session);
    ScenarioRunner runner(engine, {});
    const ScenarioResult result = run(runner);
    QVERIFY(result.completed); // a failed check does not stop the run
    QCOMPARE(result.checks.size(), 2);
    QVERIFY(!result.checks[0].passed);
    QVERIFY(result.checks[0].measured > 0.001);
    QVERIFY(result.checks[0].describe().startsWith(QStringLiteral("p50_us of clients: ")));
    QVERIFY(result.checks[0].describe().endsWith(QStringLiteral("< 0.001: FAILED")));
    QVERIFY(result.checks[1].passed);
    QCOMPARE(result.exitCode(), 1);
}

void tst_ScenarioRunner::phasesSplitTheRecord()
{
    const Session session = testSession(EchoServer, Clients, R"(
        {"step": "start-server", "server": "echo"},
        {"step": "connect", "fleet": "clients"},
        {"step": "wait", "until": "connected", "fleet": "clients"},
        {"step": "phase", "name": "warm-up", "report": false},
        {"step": "hold", "seconds": 0.4},
        {"step": "phase", "name": "steady"},
        {"step": "hold", "seconds": 0.6},
        {"step": "check", "fleet": "clients", "phase": "steady", "metric": "throughput_per_s", "op": ">", "value": 1500}
    )");
    SessionEngine engine;
    engine.setSession(session);
    ScenarioRunner runner(engine, {});
    const ScenarioResult result = run(runner);
    QVERIFY2(result.failure.isEmpty(), qPrintable(result.failure));
    QVERIFY2(result.checks.value(0).passed, qPrintable(result.checks.value(0).describe()));
    const RunRecord &record = runner.record();
    const PhaseRecord warmUp = record.aggregate(QStringLiteral("clients"), QStringLiteral("warm-up"));
    const PhaseRecord steady = record.aggregate(QStringLiteral("clients"), QStringLiteral("steady"));
    QVERIFY(warmUp.counters.received > 300);
    QVERIFY(steady.counters.received > 800);
    // The whole run leaves the warm-up out.
    const PhaseRecord all = record.aggregate(QStringLiteral("clients"));
    QVERIFY(all.counters.received < warmUp.counters.received + steady.counters.received);
    QVERIFY(all.counters.received >= steady.counters.received);
    QStringList phases;
    for (const auto &row : record.rows())
        if (!phases.contains(row.phase))
            phases << row.phase;
    QVERIFY(phases.contains(QStringLiteral("warm-up")) && phases.contains(QStringLiteral("steady")));
}

void tst_ScenarioRunner::liveChangesTakeEffect()
{
    const Session session = testSession(R"({"name": "echo", "threads": 1, "framing": "line"})",
                                        R"({"name": "clients", "target": "echo", "framing": "line", "threads": 1,
                                            "connections": 2, "schedule": {"rate": 500}})", R"(
        {"step": "start-server", "server": "echo"},
        {"step": "connect", "fleet": "clients"},
        {"step": "wait", "until": "connected", "fleet": "clients"},
        {"step": "phase", "name": "slow"},
        {"step": "hold", "seconds": 0.5},
        {"step": "phase", "name": "changing", "report": false},
        {"step": "set-rate", "fleet": "clients", "rate": 3000},
        {"step": "set-behaviour", "server": "echo", "behaviour": "delay:20"},
        {"step": "hold", "seconds": 0.3},
        {"step": "phase", "name": "fast"},
        {"step": "hold", "seconds": 0.6},
        {"step": "check", "fleet": "clients", "phase": "fast", "metric": "throughput_per_s", "op": ">", "value": 2000},
        {"step": "check", "fleet": "clients", "phase": "fast", "metric": "p50_us", "op": ">=", "value": 20000},
        {"step": "check", "fleet": "clients", "phase": "slow", "metric": "p50_us", "op": "<", "value": 20000}
    )");
    SessionEngine engine;
    engine.setSession(session);
    ScenarioRunner runner(engine, {});
    const ScenarioResult result = run(runner);
    QVERIFY2(result.failure.isEmpty(), qPrintable(result.failure));
    QCOMPARE(result.checks.size(), 3);
    for (const CheckResult &check : result.checks)
        QVERIFY2(check.passed, qPrintable(check.describe()));
}

void tst_ScenarioRunner::waitTimesOutAsARuntimeFailure()
{
    const Session session = testSession(R"({"name": "echo", "threads": 1, "behaviour": "sink"})", Clients, R"(
        {"step": "start-server", "server": "echo"},
        {"step": "connect", "fleet": "clients"},
        {"step": "wait", "until": "received", "fleet": "clients", "count": 10, "timeout_s": 0.3},
        {"step": "check", "fleet": "clients", "metric": "received", "op": "==", "value": 0}
    )");
    SessionEngine engine;
    engine.setSession(session);
    ScenarioRunner runner(engine, {});
    const ScenarioResult result = run(runner);
    QCOMPARE(result.failure, QStringLiteral("wait until clients received 10: timed out after 0.3 s"));
    QVERIFY(!result.completed);
    QVERIFY(result.checks.isEmpty()); // the run ended at the wait
    QCOMPARE(result.exitCode(), 3);
}

void tst_ScenarioRunner::waitUntilAFleetHasSpentItsBudget()
{
    const Session session = testSession(R"({"name": "echo", "threads": 1})",
                                        R"({"name": "clients", "target": "echo", "threads": 1, "connections": 3, "count": 3000})", R"(
        {"step": "start-server", "server": "echo"},
        {"step": "connect", "fleet": "clients"},
        {"step": "wait", "until": "finished", "fleet": "clients", "timeout_s": 20},
        {"step": "check", "fleet": "clients", "metric": "received", "op": "==", "value": 3000},
        {"step": "wait", "until": "finished", "fleet": "clients", "timeout_s": 0.001}
    )");
    SessionEngine engine;
    engine.setSession(session);
    ScenarioRunner runner(engine, {});
    const ScenarioResult result = run(runner);
    QVERIFY2(result.failure.isEmpty(), qPrintable(result.failure)); // the second wait: already finished, no time needed
    QVERIFY(result.completed);
    QCOMPARE(result.checks.size(), 1);
    QVERIFY2(result.checks.first().passed, qPrintable(result.checks.first().describe()));
    QCOMPARE(session.scenario[2].describe(), QStringLiteral("wait until clients has finished"));
}

void tst_ScenarioRunner::serverThatCannotBindFails()
{
    QTcpServer squatter;
    QVERIFY(squatter.listen(QHostAddress::LocalHost, 0));
    const QByteArray server = QStringLiteral(R"({"name": "echo", "port": %1})").arg(squatter.serverPort()).toUtf8();
    const Session session = testSession(server, Clients, R"({"step": "start-server", "server": "echo"},
                                                              {"step": "hold", "seconds": 5})");
    SessionEngine engine;
    engine.setSession(session);
    ScenarioRunner runner(engine, {});
    const ScenarioResult result = run(runner);
    QVERIFY2(result.failure.startsWith(QStringLiteral("server echo: cannot listen on 127.0.0.1:%1: ").arg(squatter.serverPort())),
             qPrintable(result.failure));
    QCOMPARE(result.exitCode(), 3);
    QVERIFY(result.elapsedNs < 4'000'000'000); // it did not sit out the hold
}

void tst_ScenarioRunner::fleetTargetingAStoppedServerFails()
{
    const Session session = testSession(EchoServer, Clients, R"({"step": "connect", "fleet": "clients"})");
    SessionEngine engine;
    engine.setSession(session);
    ScenarioRunner runner(engine, {});
    const ScenarioResult result = run(runner);
    QCOMPARE(result.failure, QStringLiteral("fleet clients targets server echo, which is not running (start it first)"));
    QCOMPARE(result.exitCode(), 3);
}

void tst_ScenarioRunner::cancelStopsCleanly()
{
    const Session session = testSession(EchoServer, Clients, R"(
        {"step": "start-server", "server": "echo"},
        {"step": "connect", "fleet": "clients"},
        {"step": "hold", "seconds": 600}
    )");
    SessionEngine engine;
    engine.setSession(session);
    ScenarioRunner runner(engine, {});
    QSignalSpy finished(&runner, &ScenarioRunner::finished);
    runner.start();
    QTRY_VERIFY_WITH_TIMEOUT(runner.record().rows().size() >= 3, 10000);
    runner.cancel();
    QVERIFY(finished.wait(10000));
    QVERIFY(runner.result().cancelled);
    QVERIFY(!runner.result().completed);
    QCOMPARE(runner.result().exitCode(), 3);
    runner.cancel(); // a second cancel is harmless
    QTest::qWait(50);
    QCOMPARE(finished.size(), 1);
}

void tst_ScenarioRunner::reportStepWritesAndFailsClearly()
{
    QTemporaryDir dir;
    const QByteArray good = dir.filePath(QStringLiteral("series.csv")).toUtf8();
    const QByteArray bad = dir.filePath(QStringLiteral("missing/summary.csv")).toUtf8();
    const Session session = testSession(EchoServer, Clients, R"(
        {"step": "start-server", "server": "echo"},
        {"step": "connect", "fleet": "clients"},
        {"step": "wait", "until": "received", "fleet": "clients", "count": 200},
        {"step": "report", "csv": ")" + good + R"(", "summary": ")" + bad + R"("},
        {"step": "check", "fleet": "clients", "metric": "errors", "op": "==", "value": 0}
    )");
    SessionEngine engine;
    engine.setSession(session);
    ScenarioRunner runner(engine, {});
    QSignalSpy notices(&runner, &ScenarioRunner::notice);
    const ScenarioResult result = run(runner);
    QVERIFY(result.completed); // the run went on
    QVERIFY(QFile::exists(QString::fromUtf8(good)));
    QCOMPARE(result.reportErrors.size(), 1);
    QVERIFY2(result.reportErrors.first().startsWith(QStringLiteral("cannot write ") + QString::fromUtf8(bad)),
             qPrintable(result.reportErrors.first()));
    QVERIFY(result.checksPassed());
    QCOMPARE(result.exitCode(), 3);
    QCOMPARE(notices.first().first().toString(), QStringLiteral("report written: ") + QString::fromUtf8(good));
}

void tst_ScenarioRunner::relativeReportPathsGoToTheOutputFolder()
{
    // What a run writes goes to the output folder (made if missing), not the working
    // folder and not beside the session file; absolute paths stay as they are.
    QTemporaryDir dir;
    const QString output = dir.filePath(QStringLiteral("results/today"));
    const QByteArray absolute = dir.filePath(QStringLiteral("absolute.hgrm")).toUtf8();
    const Session session = testSession(EchoServer, Clients, R"(
        {"step": "start-server", "server": "echo"},
        {"step": "connect", "fleet": "clients"},
        {"step": "wait", "until": "received", "fleet": "clients", "count": 100},
        {"step": "report", "csv": "series.csv", "summary": "sub/../summary.csv", "hgrm": ")" + absolute + R"("}
    )");
    ScenarioRunner::Options options;
    options.outputDirectory = output;
    SessionEngine engine;
    engine.setSession(session);
    ScenarioRunner runner(engine, options);
    const ScenarioResult result = run(runner);
    QVERIFY2(result.reportErrors.isEmpty(), qPrintable(result.reportErrors.join(QLatin1Char('\n'))));
    QVERIFY(QFile::exists(output + QStringLiteral("/series.csv")));
    QVERIFY(QFile::exists(output + QStringLiteral("/summary.csv")));
    QVERIFY(QFile::exists(QString::fromUtf8(absolute)));
    QVERIFY(!QFile::exists(QStringLiteral("series.csv")));
}

void tst_ScenarioRunner::rulesResolveAgainstTheSessionFolderAndVanishedOnesFail()
{
    QTemporaryDir dir;
    QDir(dir.path()).mkdir(QStringLiteral("sessions"));
    const QString rulesPath = dir.filePath(QStringLiteral("sessions/replies.rules"));
    QFile rules(rulesPath);
    QVERIFY(rules.open(QIODevice::WriteOnly));
    rules.write("prefix PING => PONG\n");
    rules.close();
    const QByteArray json = R"({"format": "wirebench-session", "version": 1,
        "servers": [{"name": "echo", "threads": 1, "framing": "line"}],
        "templates": [{"name": "ping", "text": "PING"}],
        "fleets": [{"name": "clients", "target": "echo", "connections": 1, "threads": 1, "framing": "line",
                    "template": "ping", "schedule": {"rate": 200}}],
        "scenario": [{"step": "start-server", "server": "echo"},
                     {"step": "set-behaviour", "server": "echo", "behaviour": "rules:replies.rules"},
                     {"step": "connect", "fleet": "clients"},
                     {"step": "wait", "until": "received", "fleet": "clients", "count": 20},
                     {"step": "set-behaviour", "server": "echo", "behaviour": "rules:replies.rules"}]})";
    QStringList errors;
    // Parsed with the session's folder, from a working folder where no such file is.
    const auto session = SessionFile::parse(json, QStringLiteral("s.json"), &errors, dir.filePath(QStringLiteral("sessions")));
    QVERIFY2(session, qPrintable(errors.join(QLatin1Char('\n'))));
    QCOMPARE(session->scenario[1].behaviour, QStringLiteral("rules:replies.rules"));

    SessionEngine engine;
    engine.setSession(*session);
    ScenarioRunner runner(engine, {});
    // The file goes once the first set-behaviour has read it: the second one fails the run.
    connect(&runner, &ScenarioRunner::stepStarted, this, [&](int index) {
        if (index == 4)
            QFile::remove(rulesPath);
    });
    const ScenarioResult result = run(runner);
    QVERIFY(!result.completed);
    QVERIFY2(result.failure.contains(rulesPath), qPrintable(result.failure));
    QCOMPARE(result.exitCode(), 3);
}

void tst_ScenarioRunner::durationScaleShortensHolds()
{
    const Session session = testSession(EchoServer, Clients, R"(
        {"step": "hold", "seconds": 5},
        {"step": "hold", "seconds": 5}
    )");
    ScenarioRunner::Options options;
    options.durationScale = 0.02;
    SessionEngine engine;
    engine.setSession(session);
    ScenarioRunner runner(engine, options);
    QCOMPARE(runner.expectedTotalNs(), qint64(200'000'000));
    QSignalSpy progress(&runner, &ScenarioRunner::progress);
    const ScenarioResult result = run(runner, 5000);
    QVERIFY(result.completed);
    QVERIFY2(result.elapsedNs >= 190'000'000 && result.elapsedNs < 2'000'000'000, qPrintable(QString::number(result.elapsedNs)));
    QVERIFY(!progress.isEmpty());
    const auto last = progress.last().first().value<ScenarioRunner::Progress>();
    QCOMPARE(last.stepCount, 2);
    QCOMPARE(last.expectedTotalNs, qint64(200'000'000));
}

void tst_ScenarioRunner::unansweredRequestsWarnInResultAndReport()
{
    // A server that accepts and never answers: the result and its JSON report say so.
    QTcpServer silent;
    QVERIFY(silent.listen(QHostAddress::LocalHost, 0));
    QTemporaryDir dir;
    const QByteArray report = dir.filePath(QStringLiteral("run.json")).toUtf8();
    const QByteArray fleet = R"({"name": "f", "target": "127.0.0.1:)" + QByteArray::number(silent.serverPort())
        + R"(", "threads": 1, "reply_timeout_ms": 200})";
    const Session session = testSession({}, fleet, R"(
        {"step": "connect", "fleet": "f"},
        {"step": "hold", "seconds": 0.5},
        {"step": "report", "json": ")" + report + R"("}
    )");
    SessionEngine engine;
    engine.setSession(session);
    ScenarioRunner runner(engine, {});
    const ScenarioResult result = run(runner);
    QVERIFY(result.completed);
    QVERIFY2(result.warnings.value(QStringLiteral("f")).value(0).startsWith(QLatin1String("No request got a reply")),
             qPrintable(result.warnings.value(QStringLiteral("f")).join(QLatin1Char('\n'))));
    QFile file(QString::fromUtf8(report));
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QJsonArray fleets = QJsonDocument::fromJson(file.readAll()).object().value(QStringLiteral("fleets")).toArray();
    QCOMPARE(fleets.size(), 1);
    const QJsonArray warnings = fleets.first().toObject().value(QStringLiteral("warnings")).toArray();
    QVERIFY(!warnings.isEmpty());
    QVERIFY(warnings.first().toString().startsWith(QLatin1String("No request got a reply")));
}

QTEST_GUILESS_MAIN(tst_ScenarioRunner)
#include "tst_scenariorunner.moc"
