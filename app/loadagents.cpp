// SPDX-License-Identifier: GPL-3.0-or-later
#include "loadagents.h"

#include "agentrun.h"
#include "exitcodes.h"
#include "fleetprogresstext.h"

#include "fleet/fleetsummary.h"
#include "scenario/intervallogmerge.h"

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
    AgentRun run(QStringLiteral("load"), processes);
    auto live = [processes](const QList<IntervalLogMerge::MergedInterval> &intervals) {
        return QStringLiteral("%1 agents  ").arg(processes) + fleetProgressText(intervals.constLast().snapshot);
    };
    auto finish = [&](const RunRecord &record) {
        QTextStream out(stdout);
        const PhaseRecord all = record.fleets().isEmpty() ? PhaseRecord{} : record.aggregate(record.fleets().constFirst());
        const FleetSnapshot summary = summaryOf(all);
        const QList<qint64> peaks = run.agents().peakResidentBytes();
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
        return int(ExitSuccess);
    };
    // Each agent: the command line it was given, its share and its log.
    return run.exec(arguments, [](int) { return QStringList(); }, live, finish);
}
