// SPDX-License-Identifier: GPL-3.0-or-later
#include "behaviour/faultinjector.h"

namespace NetCore {

void FaultInjector::setPlan(const FaultPlan &plan, qint64 nowNs)
{
    m_plan = plan;
    m_setNs = nowNs;
}

qint64 FaultInjector::nextStallChange(qint64 nowNs) const
{
    const qint64 next = m_plan.stall.nextChangeAt(nowNs - m_setNs);
    return next < 0 ? -1 : m_setNs + next;
}

bool FaultInjector::corruptFrame(QByteArray &out, qsizetype frameStart, qsizetype payloadSize, Framing framing)
{
    if (out.size() <= frameStart)
        return false;
    if (framing == Framing::Wb1) {
        out[out.size() - 1] = char(out[out.size() - 1] ^ 0x01); // the CRC trailer's last byte
        return true;
    }
    if (payloadSize <= 0)
        return false;
    const qsizetype trailer = framing == Framing::Line ? 1 : 0;
    const qsizetype index = out.size() - trailer - payloadSize + payloadSize / 2;
    const char original = out[index];
    char flipped = char(original ^ 0x01);
    if (flipped == '\n' || flipped == '\r')
        flipped = char(original ^ 0x40);
    out[index] = flipped;
    return true;
}

} // namespace NetCore
