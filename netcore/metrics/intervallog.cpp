// SPDX-License-Identifier: GPL-3.0-or-later
#include "metrics/intervallog.h"

#include "metrics/hdrhistogramencoding.h"

namespace NetCore {

LatencyHistogram IntervalLogEntry::histogram() const
{
    // The reader decoded it once to check it: it decodes.
    return HdrHistogramEncoding::decode(encoded, nullptr).value_or(LatencyHistogram());
}

double IntervalLog::timestampBaseSec() const
{
    if (baseTimeSec)
        return *baseTimeSec;
    constexpr double YearSec = 365.0 * 24 * 3600;
    if (startTimeSec && !entries.isEmpty() && entries.constFirst().startSec < *startTimeSec - YearSec)
        return *startTimeSec;
    return 0.0;
}

} // namespace NetCore
