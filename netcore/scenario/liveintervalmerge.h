// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "scenario/intervallogmerge.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>

#include <optional>
#include <vector>

namespace NetCore {

/**
 * Merges the interval logs of running agents as they grow, for a live progress line
 * and live charts: each agent's new bytes come in as they were written (addText), and
 * takeReady() hands out the intervals every agent has moved past, merged exactly as
 * IntervalLogMerge merges whole logs, each row carrying the run's totals so far (as a
 * live fleet's snapshot does). An agent that finished (finishPart) holds nothing back.
 *
 * Only Wirebench's own logs can be followed: an interval is whole once its
 * `#[Wirebench-Interval ...]` line has come, and bytes after that line wait for the
 * next one. What waits is bounded by what one interval writes.
 */
class LiveIntervalMerge
{
public:
    explicit LiveIntervalMerge(int parts);

    /** New bytes at the end of part's log; false with `error` when they do not read (the part's log is then ignored). */
    bool addText(int part, QByteArrayView bytes, QString *error);
    /** The part wrote its last interval. */
    void finishPart(int part);
    /** The intervals ready since the last call, in time order (fleets and phases as IntervalLogMerge orders them). */
    QList<IntervalLogMerge::MergedInterval> takeReady();

    /** A part's unread tail, for tests: bytes after its last whole interval. */
    qsizetype pendingBytes(int part) const { return m_parts.at(size_t(part)).pending.size(); }

    /** More than this many bytes without a whole interval is not a Wirebench log being written. */
    static constexpr qsizetype MaxPendingBytes = 16 * 1024 * 1024;

private:
    struct Part {
        QByteArray pending;  // bytes after the last whole interval
        QByteArray header;   // StartTime and BaseTime, put before each new piece so that it reads alone
        bool hasBase = false;
        double baseSec = 0.0;
        IntervalLogMerge intervals; // read, not yet handed out
        int entriesRead = 0;        // histogram lines
        std::optional<qint64> latestSlot; // the latest interval's slot, once the grid is known
        bool finished = false;
        bool broken = false;
    };

    std::vector<Part> m_parts;
    IntervalLogMerge::RunningTotals m_totals;
    IntervalLogMerge::SlotState m_slots;
    QList<double> m_lengthsSec; // of the first intervals, for the grid's step
    double m_originSec = 0.0;
    double m_stepSec = 0.0;     // 0 until the grid is known
};

} // namespace NetCore
