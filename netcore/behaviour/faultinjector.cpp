// SPDX-License-Identifier: GPL-3.0-or-later
#include "behaviour/faultinjector.h"

#include <algorithm>

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
    qsizetype index = 0;
    if (framing.payloadIsWholeFrame()) {
        // The body's last byte: a flipped size field would wreck the stream, not the reply.
        const qsizetype header = framing.kind() == Framing::Length ? framing.offset() + framing.fieldSize()
            : framing.kind() == Framing::Varint                   ? framing.offset() + 4
                                                                   : 0;
        if (payloadSize <= header)
            return false;
        index = out.size() - 1;
    } else {
        const qsizetype trailer = framing == Framing::Line ? 1 : framing.separator().size();
        index = out.size() - trailer - payloadSize + payloadSize / 2;
    }
    const char original = out[index];
    // A flip must not end the frame early: no newline, and no separator made.
    const QByteArray &separator = framing.kind() == Framing::Delimited ? framing.separator() : QByteArray();
    auto endsEarly = [&](char candidate) {
        if (candidate == '\n' || candidate == '\r')
            return true;
        if (separator.isEmpty())
            return false;
        out[index] = candidate;
        const qsizetype from = std::max(frameStart, index - separator.size() + 1);
        const bool made = QByteArrayView(out).sliced(from, index + separator.size() - from).indexOf(separator) >= 0;
        out[index] = original;
        return made;
    };
    for (const char flip : {char(0x01), char(0x40), char(0x20)}) {
        const char candidate = char(original ^ flip);
        if (!endsEarly(candidate)) {
            out[index] = candidate;
            return true;
        }
    }
    return false;
}

} // namespace NetCore
