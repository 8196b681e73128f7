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
    for (const IntervalLogEntry &entry : log->entries) {
        if (m_stepSec <= 0.0 && entry.lengthSec > 0)
            m_lengthsSec.append(entry.lengthSec);
    }
    part.entriesRead += int(log->entries.size());
    return true;
}

void LiveIntervalMerge::finishPart(int index)
{
    m_parts.at(size_t(index)).finished = true;
}

QList<IntervalLogMerge::MergedInterval> LiveIntervalMerge::takeReady()
{
    // The grid: from the earliest part's base, in steps of the usual interval length,
    // once every part has written a few intervals (a first one is often short: cut at
    // --start-at, or at the first snapshot).
    if (m_stepSec <= 0.0) {
        double originSec = std::numeric_limits<double>::infinity();
        for (const Part &part : m_parts) {
            if (part.broken || (part.finished && part.entriesRead == 0))
                continue;
            if (!part.hasBase || (!part.finished && part.entriesRead < 6 /* three intervals of a fleet at least */))
                return {};
            originSec = std::min(originSec, part.baseSec);
        }
        if (!std::isfinite(originSec) || m_lengthsSec.isEmpty())
            return {};
        std::sort(m_lengthsSec.begin(), m_lengthsSec.end());
        m_originSec = originSec;
        m_stepSec = std::max(m_lengthsSec[m_lengthsSec.size() / 2], 0.001);
    }
    // Slots are given as intervals come; a slot is whole once every unfinished part has
    // moved two past it (its latest slot may still be filling, one line per fleet, and
    // its fleets' timers may be a slot apart).
    std::optional<qint64> cutoff;
    bool allFinished = true;
    for (Part &part : m_parts) {
        if (part.broken)
            continue;
        part.intervals.assignSlots(m_originSec, m_stepSec, m_slots);
        if (const std::optional<qint64> latest = part.intervals.latestSlot())
            part.latestSlot = std::max(part.latestSlot.value_or(*latest), *latest);
        if (part.finished)
            continue;
        allFinished = false;
        if (!part.latestSlot)
            return {};
        cutoff = std::min(cutoff.value_or(*part.latestSlot - 1), *part.latestSlot - 1);
    }
    IntervalLogMerge ready;
    bool any = false;
    for (Part &part : m_parts) {
        IntervalLogMerge taken = part.intervals.takeSlotsBefore(allFinished ? std::numeric_limits<qint64>::max() : *cutoff);
        any = any || taken.latestSlot().has_value();
        ready.absorb(std::move(taken));
    }
    QList<IntervalLogMerge::MergedInterval> merged;
    if (!any)
        return merged;
    ready.setGrid(m_originSec, m_stepSec);
    ready.forEachInterval([&merged](const IntervalLogMerge::MergedInterval &interval) { merged.append(interval); }, &m_totals);
    return merged;
}

} // namespace NetCore
