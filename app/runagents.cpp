// SPDX-License-Identifier: GPL-3.0-or-later
#include "runagents.h"

#include "agentrun.h"
#include "exitcodes.h"
#include "fleetprogresstext.h"
#include "runreports.h"

#include "scenario/scenariorunner.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QTextStream>

using namespace NetCore;

int runRunAgents(const QCommandLineParser &parser, const RunAgentsPlan &plan)
{
    AgentRun run(QStringLiteral("run"), plan.processes);
    QMap<QString, FleetSnapshot> latest;
    const QString prefix = QStringLiteral("%1 agents").arg(plan.processes);
    auto live = [&](const QList<IntervalLogMerge::MergedInterval> &intervals) {
        for (const IntervalLogMerge::MergedInterval &interval : intervals)
            latest[interval.fleet] = interval.snapshot;
        return fleetsProgressText(prefix, latest);
    };
    ScenarioResult result;
    result.startedUtc = QDateTime::currentDateTimeUtc();
    QElapsedTimer clock;
    clock.start();
    auto finish = [&](const RunRecord &record) {
        // Judged as one process judges its run, on the merged figures. Stopped (Ctrl-C),
        // it gives the figures so far and counts as cancelled, as one process does.
        QTextStream out(stdout);
        QTextStream err(stderr);
        result.elapsedNs = clock.nsecsElapsed();
        result.cancelled = run.stopRequested();
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
        // The session's report steps, from the whole run (the agents write none).
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
        return printRunOutcome(out, err, result);
    };
    auto extra = [&run](int agent) {
        return QStringList{QStringLiteral("--output-dir"), QDir(run.folder()).filePath(QStringLiteral("agent-%1").arg(agent)),
                           QStringLiteral("--agent")};
    };
    return run.exec(plan.arguments, extra, live, finish);
}
