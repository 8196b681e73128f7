// SPDX-License-Identifier: GPL-3.0-or-later
#include "metrics/latencysummary.h"

#include "metrics/latencyhistogram.h"

#include <cmath>

namespace NetCore {

LatencySummary LatencySummary::of(const LatencyHistogram &histogram)
{
    LatencySummary summary;
    summary.count = histogram.totalCount();
    const QList<qint64> values = histogram.valuesAtPercentiles({50.0, 90.0, 99.0, 99.9});
    summary.p50 = values[0];
    summary.p90 = values[1];
    summary.p99 = values[2];
    summary.p999 = values[3];
    summary.max = histogram.max();
    summary.mean = histogram.mean();
    return summary;
}

QJsonObject LatencySummary::toJsonMicroseconds() const
{
    // Three decimals: nanosecond resolution, and no binary noise in the JSON.
    auto us = [](double ns) { return std::round(ns) / 1000.0; };
    return QJsonObject{{QStringLiteral("p50"), us(double(p50))},  {QStringLiteral("p90"), us(double(p90))},
                       {QStringLiteral("p99"), us(double(p99))},  {QStringLiteral("p999"), us(double(p999))},
                       {QStringLiteral("max"), us(double(max))},  {QStringLiteral("mean"), us(mean)}};
}

} // namespace NetCore
