// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "metrics/latencyhistogram.h"

// For tests of what encodes, decodes and merges histograms.
namespace HistogramTestSupport {

/** The same count in every bucket (min and max aside: a decoded histogram knows only buckets). */
inline bool sameBuckets(const NetCore::LatencyHistogram &a, const NetCore::LatencyHistogram &b)
{
    if (a.totalCount() != b.totalCount() || a.countsLimit() != b.countsLimit())
        return false;
    for (qsizetype i = 0; i < a.countsLimit(); ++i) {
        if (a.countAtIndex(i) != b.countAtIndex(i))
            return false;
    }
    return true;
}

} // namespace HistogramTestSupport
