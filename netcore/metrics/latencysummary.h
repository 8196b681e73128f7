// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QJsonObject>
#include <QtGlobal>

namespace NetCore {

class LatencyHistogram;

/** The usual figures of one latency histogram, in nanoseconds. */
struct LatencySummary {
    quint64 count = 0;
    qint64 p50 = 0;
    qint64 p90 = 0;
    qint64 p99 = 0;
    qint64 p999 = 0;
    qint64 max = 0;
    double mean = 0.0;

    static LatencySummary of(const LatencyHistogram &histogram);
    /** {"p50": µs, "p90": ..., "p999": ..., "max": ..., "mean": ...}, values in microseconds. */
    QJsonObject toJsonMicroseconds() const;
};

} // namespace NetCore
