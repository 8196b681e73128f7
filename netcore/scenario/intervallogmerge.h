// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "metrics/intervallog.h"
#include "scenario/runrecord.h"

#include <QDateTime>
#include <QString>
#include <QStringList>

#include <map>
#include <tuple>
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

    /** Each fleet's figures since the start, carried from one forEachInterval() to the next (live merging). */
    struct RunningTotals {
        struct Fleet {
            FleetCounters counters;
            LatencyHistogram corrected;
            LatencyHistogram uncorrected;
            LatencyHistogram connect;
            LatencyHistogram handshake;
            LatencyHistogram hello;
        };
        std::map<QString, Fleet> fleets;
    };
    /** Each log's and fleet's latest interval: its slot and start (slots are given in turn). */
    using SlotState = std::map<std::pair<int, QString>, std::pair<qint64, double>>;

    /** Reads every log (a log's name stands for an untagged fleet); nullopt with the first error, naming the file. */
    static std::optional<IntervalLogMerge> fromFiles(const QStringList &paths, QString *error);
    /**
     * Adds one log; false with `error` naming what in it is unusable (nothing of it is
     * kept then). `part` says which log it is when logs come in pieces as they are
     * written (LiveIntervalMerge); by default each add() is a log of its own.
     */
    bool add(const IntervalLog &log, const QString &fallbackFleet, QString *error, int part = -1);

    /**
     * Interval by interval, in time order (for charts). Histograms are decoded for one
     * row at a time and dropped after it: a long run's logs merge in little memory.
     */
    void forEachInterval(const std::function<void(const MergedInterval &)> &visit) const;
    /**
     * The same, adding to `running`: every row then carries the totals so far (counters,
     * histograms and their summaries), as a live fleet's snapshots do.
     */
    void forEachInterval(const std::function<void(const MergedInterval &)> &visit, RunningTotals *running) const;
    /** The same as a run's record (for reports). */
    RunRecord record() const;
    /** When the merged run began (the earliest BaseTime), UTC. */
    QDateTime start() const;

    // For merging logs as they grow (LiveIntervalMerge).
    /** The usual interval length (the median), in seconds; 1 when there is no interval. */
    double usualLengthSec() const;
    /** Gives every interval not yet placed its slot on this grid, after those in `state`. */
    void assignSlots(double originSec, double stepSec, SlotState &state);
    /** The highest slot given (assignSlots), or nullopt when none is. */
    std::optional<qint64> latestSlot() const;
    /** Moves the intervals placed in a slot before `slot` into a merge of their own. */
    IntervalLogMerge takeSlotsBefore(qint64 slot);
    /** Adds another merge's intervals. */
    void absorb(IntervalLogMerge &&other);
    /** Puts intervals on this grid rather than one from the earliest base and the usual length. */
    void setGrid(double originSec, double stepSec);

private:
    /** The slots intervals not yet placed would take, by (part, fleet, start in ms). */
    std::map<std::tuple<int, QString, qint64>, qint64> slotsOf(double originSec, double stepSec, SlotState &state) const;

    struct Interval {
        double absoluteStartSec = 0.0;
        int part = 0;               // which log it came from
        std::optional<qint64> slot; // where on the grid, once placed
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
        std::map<int, double> lengthSecByPart; // each part's interval here (a part has one per slot)
        /** The parts' mean length: summed over slots, the run's length (the longest would overstate it). */
        double lengthSec() const;
        std::map<QString, QList<const QByteArray *>> encoded; // the parts' histograms by kind, into m_intervals
    };

    QList<Interval> m_intervals;
    QStringList m_fleetOrder;
    double m_earliestBaseSec = -1.0;
    std::optional<std::pair<double, double>> m_grid; // origin and step, when set
    int m_parts = 0;
};

} // namespace NetCore
