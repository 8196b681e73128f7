// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>

namespace NetCore {

class LatencyHistogram;

/**
 * The histogram's percentile distribution in the .hgrm text layout that
 * HdrHistogram's plotting tools read: a header, one
 * `Value Percentile TotalCount 1/(1-Percentile)` row per step, and the
 * Mean/StdDeviation/Max/Total count/Buckets footer. Values are divided by
 * `nanosecondsPerUnit` (1000 writes microseconds). The C locale is used whatever
 * the user's: '.' is always the decimal separator.
 */
QByteArray formatHgrm(const LatencyHistogram &histogram, double nanosecondsPerUnit = 1000.0,
                      int ticksPerHalfDistance = 5);

} // namespace NetCore
