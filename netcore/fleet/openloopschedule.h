// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QtGlobal>

#include <random>

namespace NetCore {

/**
 * When an open-loop fleet worker's messages are due: at a constant spacing counted
 * from the start (no drift accumulates), or with exponential gaps (Poisson arrivals,
 * the same seed giving the same schedule). Only arithmetic; the worker owns the timer.
 */
class OpenLoopSchedule
{
public:
    OpenLoopSchedule(double rate, bool poisson, quint64 seed);

    /** The first message is due at `nowNs`, the rest follow at the rate. */
    void start(qint64 nowNs);
    /** A new rate; takes effect at the next start(). */
    void setRate(double rate) { m_rate = rate; }
    double rate() const { return m_rate; }
    qint64 nextDueNs() const { return m_nextDueNs; }
    /** The message due at nextDueNs() is taken care of: on to the next one. */
    void advance();

private:
    double m_rate;
    bool m_poisson;
    std::mt19937_64 m_random;
    qint64 m_startNs = 0;
    qint64 m_scheduled = 0;
    qint64 m_nextDueNs = 0;
};

} // namespace NetCore
