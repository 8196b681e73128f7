// SPDX-License-Identifier: GPL-3.0-or-later
#include "runresults.h"

#include "chartspanel.h"

namespace Gui {

void showPhaseDistributions(ChartsPanel &charts, const NetCore::RunRecord &record)
{
    for (const QString &fleet : record.fleets()) {
        QList<std::pair<QString, std::shared_ptr<const NetCore::LatencyHistogram>>> phases;
        QStringList seen;
        for (const auto &phase : record.phases()) {
            if (seen.contains(phase.name))
                continue;
            seen << phase.name;
            phases.append({phase.name, std::make_shared<const NetCore::LatencyHistogram>(record.aggregate(fleet, phase.name).corrected)});
        }
        charts.setPhaseHistograms(fleet, phases);
    }
}

NetCore::RunRecord showMergedResults(ChartsPanel &charts, const NetCore::IntervalLogMerge &merge)
{
    charts.clear();
    // Drawn once, when every interval is in, not after each of them (a long run has thousands).
    charts.holdRedraws(true);
    merge.forEachInterval(
        [&charts](const NetCore::IntervalLogMerge::MergedInterval &interval) { charts.addSnapshot(interval.fleet, interval.snapshot); });
    charts.holdRedraws(false);
    charts.showWholeRun();
    NetCore::RunRecord record = merge.record();
    showPhaseDistributions(charts, record);
    return record;
}

} // namespace Gui
