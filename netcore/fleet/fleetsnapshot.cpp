// SPDX-License-Identifier: GPL-3.0-or-later
#include "fleet/fleetsnapshot.h"

namespace NetCore {

namespace {

std::shared_ptr<const LatencyHistogram> difference(const std::shared_ptr<const LatencyHistogram> &now,
                                                   const std::shared_ptr<const LatencyHistogram> &before)
{
    auto result = std::make_shared<LatencyHistogram>(now ? *now : LatencyHistogram());
    if (before)
        result->subtract(*before);
    return result;
}

} // namespace

FleetSnapshot FleetSnapshot::since(const FleetSnapshot &baseline) const
{
    FleetSnapshot result = *this;
    result.total = total.since(baseline.total);
    for (quint64 FleetCounters::*connectionField :
         {&FleetCounters::connectsStarted, &FleetCounters::connectsSucceeded, &FleetCounters::connectFailures,
          &FleetCounters::closed, &FleetCounters::tlsFull, &FleetCounters::tlsResumed}) {
        result.total.*connectionField = total.*connectionField;
    }
    result.total.tlsErrors = total.tlsErrors;
    result.totalCorrected = difference(totalCorrected, baseline.totalCorrected);
    result.totalUncorrected = difference(totalUncorrected, baseline.totalUncorrected);
    result.totalSendLag = difference(totalSendLag, baseline.totalSendLag);
    result.totalLatency = LatencySummary::of(*result.totalCorrected);
    result.totalUncorrectedLatency = LatencySummary::of(*result.totalUncorrected);
    return result;
}

} // namespace NetCore
