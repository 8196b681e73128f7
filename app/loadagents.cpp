// SPDX-License-Identifier: GPL-3.0-or-later
#include "loadagents.h"

#include "agentprocesses.h"
#include "exitcodes.h"
#include "fleetprogresstext.h"
#include "progressline.h"
#include "signalwatcher.h"

#include "fleet/fleetsummary.h"
#include "scenario/intervallogfollower.h"
#include "scenario/intervallogmerge.h"

#include <QCoreApplication>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

using namespace NetCore;

namespace {

// The merged run's figures in the form one fleet's last snapshot gives them.
FleetSnapshot summaryOf(const PhaseRecord &record)
{
    FleetSnapshot snapshot;
    snapshot.total = record.counters;
    snapshot.totalCorrected = std::make_shared<const LatencyHistogram>(record.corrected);
    snapshot.totalUncorrected = std::make_shared<const LatencyHistogram>(record.uncorrected);
    snapshot.totalLatency = LatencySummary::of(record.corrected);
    snapshot.totalUncorrectedLatency = LatencySummary::of(record.uncorrected);
    snapshot.helloLatency = LatencySummary::of(record.hello);
    snapshot.connectLatency = LatencySummary::of(record.connect);
    snapshot.handshakeLatency = LatencySummary::of(record.handshake);
    return snapshot;
}

} // namespace

int runLoadAgents(const QStringList &arguments, int processes, int connections, bool json)
{
    QTextStream err(stderr);
    QTextStream out(stdout);
    AgentProcesses agents(QCoreApplication::applicationFilePath(), processes);
    QStringList logs;
    for (int i = 0; i < processes; ++i)
        logs << QDir(agents.folder()).filePath(QStringLiteral("agent-%1.hlog").arg(i));
    SignalWatcher watcher;
    QObject::connect(&watcher, &SignalWatcher::terminationRequested, &agents, &AgentProcesses::stop);
    // The agents' logs followed as they grow: one live line for the whole fleet.
    IntervalLogFollower follower(logs);
    ProgressLine progress;
    QObject::connect(&follower, &IntervalLogFollower::merged, [&](const QList<IntervalLogMerge::MergedInterval> &intervals) {
        if (!intervals.isEmpty())
            progress.update(QStringLiteral("%1 agents  ").arg(processes) + fleetProgressText(intervals.constLast().snapshot));
    });
    QObject::connect(&agents, &AgentProcesses::agentFinished, &follower, &IntervalLogFollower::finishPart);
    int exitCode = ExitSuccess;
    QObject::connect(&agents, &AgentProcesses::agentFailed, [&](int agent, const QString &how) {
        progress.finish();
        err << "wirebench load: agent " << agent << " of " << processes << ' ' << how
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
            err << "wirebench load: the agents' logs do not merge: " << error << '\n';
            exitCode = ExitRuntimeFailure;
            QCoreApplication::exit(exitCode);
            return;
        }
        const RunRecord record = merge->record();
        const PhaseRecord all = record.fleets().isEmpty() ? PhaseRecord{} : record.aggregate(record.fleets().constFirst());
        const FleetSnapshot summary = summaryOf(all);
        const QList<qint64> peaks = agents.peakResidentBytes();
        qint64 peakTotal = 0;
        for (qint64 peak : peaks)
            peakTotal += peak;
        const double perConnection = connections > 0 ? double(peakTotal) / double(connections) : 0.0;
        if (json) {
            QJsonObject object = fleetSummaryJson(summary, all.durationNs);
            QJsonArray memory;
            for (qint64 peak : peaks)
                memory.append(double(peak));
            object.insert(QStringLiteral("processes"), processes);
            object.insert(QStringLiteral("agent_peak_rss_bytes"), memory);
            object.insert(QStringLiteral("rss_bytes_per_connection"), std::round(perConnection));
            out << QJsonDocument(object).toJson(QJsonDocument::Compact) << '\n';
        } else {
            out << "wirebench load: " << processes << " agent processes, their logs merged\n" << fleetSummaryText(summary, all.durationNs);
            out << "  memory              ";
            for (int i = 0; i < peaks.size(); ++i)
                out << (i ? ", " : "") << "agent " << i << ' ' << QString::number(double(peaks[i]) / 1048576.0, 'f', 1) << " MiB";
            out << " at peak; " << QString::number(perConnection / 1024.0, 'f', 1) << " KiB per connection\n";
        }
        out.flush();
        QCoreApplication::exit(exitCode);
    });
    if (agents.folder().isEmpty()) {
        err << "wirebench load: cannot make a folder for the agents' logs\n";
        return ExitRuntimeFailure;
    }
    for (int i = 0; i < processes; ++i) {
        // Each agent: the command line it was given, its share, its log.
        agents.startAgent(i, arguments + QStringList{QStringLiteral("--shard"), QStringLiteral("%1/%2").arg(i).arg(processes),
                                                     QStringLiteral("--hlog"), logs.at(i)});
    }
    follower.start();
    QCoreApplication::exec();
    return exitCode;
}
