// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QtGlobal>

#include <limits>
#include <queue>
#include <vector>

namespace NetCore {

/**
 * When a fleet worker's connections (numbered 0..count-1 on that worker) open.
 *
 * First connects follow the ramp as a schedule: the worker's connection i is the
 * fleet's slot `i * stride + offset` and is due at `startNs + slot / rate`, whatever
 * the load; a caller that wakes late gets every connect already due (the worker opens
 * them in bounded bursts). Reconnects wait for their back-off and then for a slot of
 * their own rate limit, paced from the previous slot, so a late wake-up catches up by
 * one and a server that drops everyone is not answered by a storm.
 *
 * Only arithmetic on the times it is given: the worker owns the timer and the sockets,
 * and tests drive it with made-up clocks.
 */
class ConnectScheduler
{
public:
    static constexpr qint64 Never = std::numeric_limits<qint64>::max();

    struct Connect {
        int index;
        bool reconnect;
    };

    /**
     * `count` first connects from `startNs` at `rate` per second over the fleet, this
     * worker holding every `stride`-th slot from `offset`; rate 0: all due at `startNs`.
     */
    void planRamp(qint64 startNs, int count, double rate, int stride = 1, int offset = 0);
    /** Reconnects per second on this worker (> 0). */
    void setReconnectRate(double perSecond) { m_reconnectGapNs = qint64(1e9 / perSecond); }
    /** Connection `index` connects again, not before `notBeforeNs`. */
    void queueReconnect(int index, qint64 notBeforeNs);

    /**
     * Appends to `out` up to `max` connects due by `nowNs`, first connects before
     * reconnects; returns how many it appended.
     */
    int takeDue(qint64 nowNs, int max, std::vector<Connect> &out);
    /** When the next connect is due (at or before now if some wait), or Never. */
    qint64 nextDueNs() const;
    /** When first connect `i` of this worker is due. */
    qint64 rampDueNs(int i) const;
    /** First connects not yet taken. */
    int rampRemaining() const { return m_rampCount - m_rampNext; }
    bool isEmpty() const { return rampRemaining() == 0 && m_reconnects.empty(); }
    /** Forgets everything not yet taken (the fleet stops). */
    void clear();

private:
    struct PendingReconnect {
        qint64 notBeforeNs;
        quint64 order; // ties in time go in the order queued
        int index;
        bool operator>(const PendingReconnect &other) const
        {
            return notBeforeNs != other.notBeforeNs ? notBeforeNs > other.notBeforeNs : order > other.order;
        }
    };

    qint64 m_rampStartNs = 0;
    double m_rampGapNs = 0; // between the fleet's slots; 0: no ramp
    int m_rampStride = 1;
    int m_rampOffset = 0;
    int m_rampCount = 0;
    int m_rampNext = 0;

    std::priority_queue<PendingReconnect, std::vector<PendingReconnect>, std::greater<>> m_reconnects;
    quint64 m_reconnectOrder = 0;
    qint64 m_reconnectGapNs = 1'000'000;
    qint64 m_nextReconnectSlotNs = std::numeric_limits<qint64>::min();
};

} // namespace NetCore
