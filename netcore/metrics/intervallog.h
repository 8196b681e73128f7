// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "metrics/latencyhistogram.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace NetCore {

/**
 * One interval line of an HdrHistogram interval log. The histogram is kept as the line
 * had it, encoded (a few hundred bytes; decoded, a histogram's counters take up to
 * 270 KB, and a long run's log has thousands of lines): histogram() decodes it.
 */
struct IntervalLogEntry {
    QString tag;              // empty: the line had none
    double startSec = 0.0;    // as the line says: relative to the log's BaseTime
    double lengthSec = 0.0;
    QByteArray encoded;       // HdrHistogram's V2 encoding, checked when the log was read

    LatencyHistogram histogram() const;
};

/**
 * An HdrHistogram interval log (format 1.3) as read: its StartTime and BaseTime
 * (seconds since the epoch; nullopt when the log has none), its intervals in file
 * order, and the comment lines other than those two (without the leading '#').
 */
struct IntervalLog {
    std::optional<double> startTimeSec;
    std::optional<double> baseTimeSec;
    QList<IntervalLogEntry> entries;
    QStringList comments;

    /**
     * Where interval timestamps count from, as HdrHistogram's log reader decides:
     * BaseTime when given; otherwise StartTime if the timestamps are plainly relative
     * (more than a year before it), else 0 (they are absolute).
     */
    double timestampBaseSec() const;
};

} // namespace NetCore
