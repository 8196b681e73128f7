// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "behaviour/faultplan.h"
#include "codec/framing.h"

#include <QByteArray>

#include <random>

namespace NetCore {

/**
 * A fault plan at work on one I/O thread: the dice and the clock behind each
 * decision. Seeded, so the same seed gives the same faults for the same traffic.
 */
class FaultInjector
{
public:
    explicit FaultInjector(quint64 seed = 1) : m_random(seed) {}

    /** Takes effect now; stall and refuse windows are timed from `nowNs`. */
    void setPlan(const FaultPlan &plan, qint64 nowNs);
    const FaultPlan &plan() const { return m_plan; }

    bool dropReply() { return roll(m_plan.dropProbability); }
    bool corruptReply() { return roll(m_plan.corruptProbability); }
    bool closeOnRequest() { return roll(m_plan.closeProbability); }
    bool abortTlsHandshake() { return roll(m_plan.tlsAbortProbability); }
    bool closeAfter(quint64 framesReceived) const
    {
        return m_plan.closeAfterFrames > 0 && framesReceived >= m_plan.closeAfterFrames;
    }
    bool stalledAt(qint64 nowNs) const { return m_plan.stall.activeAt(nowNs - m_setNs); }
    /** When the stall state next changes (absolute), or -1. */
    qint64 nextStallChange(qint64 nowNs) const;

    /**
     * Damages the encoded frame at `out[frameStart..]` so the peer can tell: WB1 gets
     * a wrong checksum, other framings a flipped byte in the payload (never a line
     * break, so a line still ends where it did). False if there was nothing to flip.
     */
    static bool corruptFrame(QByteArray &out, qsizetype frameStart, qsizetype payloadSize, Framing framing);

private:
    bool roll(double probability)
    {
        return probability > 0 && (probability >= 1 || std::uniform_real_distribution<double>(0, 1)(m_random) < probability);
    }

    FaultPlan m_plan;
    qint64 m_setNs = 0;
    std::mt19937_64 m_random;
};

} // namespace NetCore
