// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "metrics/intervallog.h"
#include "scenario/runrecord.h"

#include <QDateTime>
#include <QString>
#include <QStringList>

#include <map>
#include <optional>
#include <functional>

namespace NetCore {

/**
 * Merges interval logs (shards of one run, or one log) into the RunRecord a single
 * process would have made, so the same reports come out of it. Intervals are matched
 * by time: each log's timestamps are made absolute with its BaseTime, then put on one
 * grid from the earliest base in steps of the usual interval length, so shards started
 * together (--start-at) meet interval by interval. Histograms are added bucket by
 * bucket and counters summed: percentiles are computed from the merged histograms,
 * never averaged.
 *
 * Wirebench's logs (FLEET/PHASE/KIND tags and their Wirebench-Interval counters) merge
 * whole. Any other HdrHistogram log merges too, as latency alone: its tag (or, without
 * one, `fallbackFleet`) names the fleet, and each histogram's count stands for replies.
 */
class IntervalLogMerge
{
public:
    /** One merged interval of one fleet, as a live fleet would have published it. */
    struct MergedInterval {
        QString fleet;
        QString phase;
        bool reported = true;
        FleetSnapshot snapshot; // elapsedNs from the start; the last of each fleet holds its whole-run histograms
    };

    /** Reads every log (a log's name stands for an untagged fleet); nullopt with the first error, naming the file. */
    static std::optional<IntervalLogMerge> fromFiles(const QStringList &paths, QString *error);
    /** Adds one log; false with `error` naming what in it is unusable (nothing of it is kept then). */
    bool add(const IntervalLog &log, const QString &fallbackFleet, QString *error);

    /**
     * Interval by interval, in time order (for charts). Histograms are decoded for one
     * row at a time and dropped after it: a long run's logs merge in little memory.
     */
    void forEachInterval(const std::function<void(const MergedInterval &)> &visit) const;
    /** The same as a run's record (for reports). */
    RunRecord record() const;
    /** When the merged run began (the earliest BaseTime), UTC. */
    QDateTime start() const;

private:
    struct Interval {
        double absoluteStartSec = 0.0;
        double lengthSec = 0.0;
        QString fleet;
        QString phase;
        QString kind;               // corrected, uncorrected, connect, handshake, hello; empty for counters
        QByteArray encoded;         // the histogram, as the log had it
        bool reported = true;
        qint64 open = 0;
        FleetCounters counters;
        bool hasCounters = false;
    };
    struct Slot {
        QString phase;
        bool reported = true;
        bool hasCounters = false;
        FleetCounters counters;
        qint64 open = 0;
        double lengthSec = 0.0;
        std::map<QString, QList<const QByteArray *>> encoded; // the parts' histograms by kind, into m_intervals
    };

    QList<Interval> m_intervals;
    QStringList m_fleetOrder;
    double m_earliestBaseSec = -1.0;
};

} // namespace NetCore
