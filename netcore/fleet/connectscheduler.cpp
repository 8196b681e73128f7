// SPDX-License-Identifier: GPL-3.0-or-later
#include "fleet/connectscheduler.h"

#include <algorithm>
#include <cmath>

namespace NetCore {

void ConnectScheduler::planRamp(qint64 startNs, int count, double rate, int stride, int offset)
{
    m_rampStartNs = startNs;
    m_rampGapNs = rate > 0 ? 1e9 / rate : 0.0;
    m_rampStride = std::max(stride, 1);
    m_rampOffset = std::max(offset, 0);
    m_rampCount = std::max(count, 0);
    m_rampNext = 0;
}

qint64 ConnectScheduler::rampDueNs(int i) const
{
    // From the start, not from the previous connect: lateness never accumulates.
    const double slot = double(qint64(i) * m_rampStride + m_rampOffset);
    return m_rampStartNs + qint64(std::llround(slot * m_rampGapNs));
}

void ConnectScheduler::queueReconnect(int index, qint64 notBeforeNs)
{
    m_reconnects.push(PendingReconnect{notBeforeNs, m_reconnectOrder++, index});
}

int ConnectScheduler::takeDue(qint64 nowNs, int max, std::vector<Connect> &out)
{
    int taken = 0;
    while (taken < max && m_rampNext < m_rampCount && rampDueNs(m_rampNext) <= nowNs) {
        out.push_back(Connect{m_rampNext++, false});
        ++taken;
    }
    while (taken < max && !m_reconnects.empty() && m_reconnects.top().notBeforeNs <= nowNs
           && m_nextReconnectSlotNs <= nowNs) {
        out.push_back(Connect{m_reconnects.top().index, true});
        m_reconnects.pop();
        // Paced from the previous slot, or from one gap ago after a late wake-up: it
        // catches up by one, no more.
        m_nextReconnectSlotNs = std::max(m_nextReconnectSlotNs, nowNs - m_reconnectGapNs) + m_reconnectGapNs;
        ++taken;
    }
    return taken;
}

qint64 ConnectScheduler::nextDueNs() const
{
    qint64 next = Never;
    if (m_rampNext < m_rampCount)
        next = rampDueNs(m_rampNext);
    if (!m_reconnects.empty())
        next = std::min(next, std::max(m_reconnects.top().notBeforeNs, m_nextReconnectSlotNs));
    return next;
}

void ConnectScheduler::clear()
{
    m_rampNext = m_rampCount;
    m_reconnects = {};
}

} // namespace NetCore
