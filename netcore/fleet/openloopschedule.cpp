// SPDX-License-Identifier: GPL-3.0-or-later
#include "fleet/openloopschedule.h"

#include <cmath>

namespace NetCore {

OpenLoopSchedule::OpenLoopSchedule(double rate, bool poisson, quint64 seed)
    : m_rate(rate)
    , m_poisson(poisson)
    , m_random(seed)
{
}

void OpenLoopSchedule::start(qint64 nowNs)
{
    m_startNs = nowNs;
    m_scheduled = 0;
    m_nextDueNs = nowNs;
}

void OpenLoopSchedule::advance()
{
    ++m_scheduled;
    if (m_poisson) {
        std::exponential_distribution<double> gap(m_rate / 1e9);
        m_nextDueNs += qint64(gap(m_random));
    } else {
        // From the start, not from the last message: no drift accumulates.
        m_nextDueNs = m_startNs + qint64(std::llround(double(m_scheduled) * 1e9 / m_rate));
    }
}

} // namespace NetCore
