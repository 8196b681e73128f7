// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "scenario/intervallogmerge.h"
#include "scenario/runrecord.h"

namespace Gui {

class ChartsPanel;

/** Offers each fleet's latency distribution by phase in the charts, beside the whole run's. */
void showPhaseDistributions(ChartsPanel &charts, const NetCore::RunRecord &record);

/**
 * Shows a finished distributed run (interval logs merged) in the charts as if it had
 * run here: every interval of every fleet, then the distributions by phase. Returns its
 * record, for Export report.
 */
NetCore::RunRecord showMergedResults(ChartsPanel &charts, const NetCore::IntervalLogMerge &merge);

} // namespace Gui
