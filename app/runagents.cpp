// SPDX-License-Identifier: GPL-3.0-or-later
#include "runagents.h"

#include "agentprocesses.h"
#include "exitcodes.h"
#include "fleetprogresstext.h"
#include "progressline.h"
#include "runreports.h"
#include "signalwatcher.h"

#include "scenario/intervallogfollower.h"
#include "scenario/intervallogmerge.h"
#include "scenario/scenariorunner.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QTextStream>

using namespace NetCore;

int runRunAgents(const QCommandLineParser &parser, const RunAgentsPlan &plan)
{
    QTextStream err(stderr);
    QTextStream out(stdout);
    AgentProcesses agents(QCoreApplication::applicationFilePath(), plan.processes);
    if (agents.folder().isEmpty()) {
        err << "wirebench run: cannot make a folder for the agents' logs\n";
        return ExitRuntimeFailure;
    }
    QStringList logs;
    for (int i = 0; i < plan.processes; ++i)
        logs << QDir(agents.folder()).filePath(QStringLiteral("agent-%1.hlog").arg(i));

    IntervalLogFollower follower(logs);
    ProgressLine progress;
    QMap<QString, FleetSnapshot> latest;
    const QString prefix = QStringLiteral("%1 agents").arg(plan.processes);
    QObject::connect(&follower, &IntervalLogFollower::merged, [&](const QList<IntervalLogMerge::MergedInterval> &intervals) {
        for (const IntervalLogMerge::MergedInterval &interval : intervals)
            latest[interval.fleet] = interval.snapshot;
        progress.update(fleetsProgressText(prefix, latest));
    });
    QObject::connect(&agents, &AgentProcesses::agentFinished, &follower, &IntervalLogFollower::finishPart);
    // The agents' servers share ports: each holds its servers until every agent's fleets have stopped.
    int fleetsStopped = 0;
    QObject::connect(&agents, &AgentProcesses::outputLine, [&](int, const QString &line) {
        if (line == QLatin1String(RunAgentFleetsStopped) && ++fleetsStopped == plan.processes)
            agents.sendLine(RunAgentReleaseServers);
    });
    SignalWatcher watcher;
    ScenarioResult result;
    // Stopped as one process is (Ctrl-C): the agents end their parts, the figures so far
    // are merged and given, and the run counts as cancelled (exit code 3).
    QObject::connect(&watcher, &SignalWatcher::terminationRequested, [&] {
        result.cancelled = true;
        agents.stop();
    });

    result.startedUtc = QDateTime::currentDateTimeUtc();
    QElapsedTimer clock;
    clock.start();
    int exitCode = ExitSuccess;
    QObject::connect(&agents, &AgentProcesses::agentFailed, [&](int agent, const QString &how) {
        progress.finish();
        err << "wirebench run: agent " << agent << " of " << plan.processes << ' ' << how
            << "; the run is stopped and no figures are given\n";
        err.flush();
        exitCode = ExitRuntimeFailure;
        QCoreApplication::exit(exitCode);
    });
    QObject::connect(&agents, &AgentProcesses::finished, [&] {
        progress.finish();
        QString error;
        const std::optional<IntervalLogMerge> merge = IntervalLogMerge::fromFiles(logs, &error);
        if (!merge) {
            err << "wirebench run: the agents' logs do not merge: " << error << '\n';
            exitCode = ExitRuntimeFailure;
            QCoreApplication::exit(exitCode);
            return;
        }
        // Judged as one process judges its run, on the merged figures.
        const RunRecord record = merge->record();
        result.elapsedNs = clock.nsecsElapsed();
        result.completed = !result.cancelled;
        result.warnings = ScenarioRunner::warningsOf(record, plan.session);
        const ReportWriter::RunInfo info{plan.sessionFile, QCoreApplication::applicationVersion()};
        for (int i = 0; i < plan.session.scenario.size(); ++i) {
            const ScenarioStep &step = plan.session.scenario[i];
            if (step.kind == ScenarioStep::Kind::Check) {
                result.checks << ScenarioRunner::evaluateCheck(record, step, i);
                out << "check " << result.checks.constLast().describe() << '\n';
            }
        }
        // The session's report steps, from the whole run (an agent writes its own into its folder).
        for (const ScenarioStep &step : plan.session.scenario) {
            if (step.kind != ScenarioStep::Kind::Report)
                continue;
            QStringList written;
            ScenarioRunner::writeReportStep(record, result, info, step, plan.outputDirectory, &written, &result.reportErrors);
            for (const QString &path : std::as_const(written))
                err << "wirebench run: report written: " << path << '\n';
        }
        writeRunReports(parser, record, result, info, plan.outputDirectory, QStringLiteral("run"), err);
        out << "wirebench run: " << plan.processes << " agent processes, their logs merged\n";
        printFleetTotals(out, record, result);
        exitCode = printRunOutcome(out, err, result);
        QCoreApplication::exit(exitCode);
    });
    for (int i = 0; i < plan.processes; ++i) {
        agents.startAgent(i, plan.arguments + QStringList{
            QStringLiteral("--shard"), QStringLiteral("%1/%2").arg(i).arg(plan.processes),
            QStringLiteral("--hlog"), logs.at(i),
            QStringLiteral("--output-dir"), QDir(agents.folder()).filePath(QStringLiteral("agent-%1").arg(i)),
            QStringLiteral("--agent")});
    }
    follower.start();
    QCoreApplication::exec();
    return exitCode;
}
