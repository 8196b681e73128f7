// SPDX-License-Identifier: GPL-3.0-or-later
#include "scenario/liveintervalmerge.h"

#include "metrics/intervallogreader.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace NetCore {

namespace {

constexpr QByteArrayView IntervalEnd("#[Wirebench-Interval");

} // namespace

LiveIntervalMerge::LiveIntervalMerge(int parts)
    : m_parts(size_t(std::max(parts, 0)))
{
}

bool LiveIntervalMerge::addText(int index, QByteArrayView bytes, QString *error)
{
    Part &part = m_parts.at(size_t(index));
    if (part.broken)
        return false;
    part.pending += bytes;
    // Up to the end of the last whole interval: its counters line closes it.
    const qsizetype last = part.pending.lastIndexOf(IntervalEnd);
    const qsizetype end = last < 0 ? -1 : part.pending.indexOf('\n', last);
    if (end < 0) {
        if (part.pending.size() > MaxPendingBytes) {
            part.broken = true;
            part.pending.clear();
            if (error)
                *error = QStringLiteral("%1 bytes with no whole interval (not a Wirebench interval log?)").arg(MaxPendingBytes);
            return false;
        }
        return true;
    }
    const QByteArray piece = part.header + part.pending.left(end + 1);
    part.pending.remove(0, end + 1);
    QString why;
    const std::optional<IntervalLog> log = IntervalLogReader::read(piece, &why);
    if (!log || !part.intervals.add(*log, QString(), &why, index)) {
        part.broken = true;
        part.pending.clear();
        if (error)
            *error = why;
        return false;
    }
    if (!part.hasBase) {
        part.hasBase = true;
        part.baseSec = log->timestampBaseSec();
        // The later pieces come without the header: give them its times.
        if (log->startTimeSec)
            part.header += QByteArray("#[StartTime: ") + QByteArray::number(*log->startTimeSec, 'f', 3) + "]\n";
        if (log->baseTimeSec)
            part.header += QByteArray("#[BaseTime: ") + QByteArray::number(*log->baseTimeSec, 'f', 3) + "]\n";
    }
    if (const std::optional<double> latest = part.intervals.latestStartSec()) {
        part.latestStartSec = part.hasIntervals ? std::max(part.latestStartSec, *latest) : *latest;
        part.hasIntervals = true;
        if (m_stepSec <= 0.0)
            m_stepSec = part.intervals.usualLengthSec();
    }
    return true;
}

void LiveIntervalMerge::finishPart(int index)
{
    m_parts.at(size_t(index)).finished = true;
}

QList<IntervalLogMerge::MergedInterval> LiveIntervalMerge::takeReady()
{
    // Every part's time must be known to place the grid, and an unfinished part holds
    // back the slots it has not moved past: its latest slot may still be filling (one
    // line per fleet).
    double originSec = std::numeric_limits<double>::infinity();
    double cutoffSec = std::numeric_limits<double>::infinity();
    for (const Part &part : m_parts) {
        if (part.broken)
            continue;
        if (!part.finished && !part.hasIntervals)
            return {};
        if (part.hasBase)
            originSec = std::min(originSec, part.baseSec);
        if (!part.finished)
            cutoffSec = std::min(cutoffSec, part.latestStartSec);
    }
    if (!std::isfinite(originSec) || m_stepSec <= 0.0)
        return {};
    if (std::isfinite(cutoffSec)) {
        // Before the cut-off's own slot, as the grid rounds: half a step before it.
        const double slot = std::round((cutoffSec - originSec) / m_stepSec);
        cutoffSec = originSec + (slot - 0.5) * m_stepSec;
    }
    IntervalLogMerge ready;
    bool any = false;
    for (Part &part : m_parts) {
        IntervalLogMerge taken = part.intervals.takeBefore(cutoffSec);
        any = any || taken.latestStartSec().has_value();
        ready.absorb(std::move(taken));
    }
    QList<IntervalLogMerge::MergedInterval> merged;
    if (!any)
        return merged;
    ready.setGrid(originSec, m_stepSec);
    ready.forEachInterval([&merged](const IntervalLogMerge::MergedInterval &interval) { merged.append(interval); }, &m_totals);
    return merged;
}

} // namespace NetCore
