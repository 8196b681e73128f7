// SPDX-License-Identifier: GPL-3.0-or-later
#include "proxy/framestage.h"

#include "behaviour/faultinjector.h"
#include "behaviour/faultplan.h"
#include "codec/framecodec.h"

#include <algorithm>

namespace NetCore {

FrameStage::FrameStage(const Framing &framing, std::shared_ptr<const FrameCodec> codec)
    : m_framing(framing)
    , m_codec(std::move(codec))
{
}

void FrameStage::update(const QList<FrameFault> &faults, Toxic::Stream stream, const QHostAddress &client, qint64 nowNs,
                        std::mt19937_64 &random)
{
    std::vector<Active> kept;
    QStringList rolledOut;
    for (const FrameFault &fault : faults) {
        if (fault.stream != stream || !fault.appliesTo(client))
            continue;
        const QString spec = fault.spec();
        const auto before = std::find_if(m_active.begin(), m_active.end(), [&](const Active &a) { return a.fault.spec() == spec; });
        if (before != m_active.end()) {
            kept.push_back(*before);
            continue;
        }
        if (m_rolledOut.contains(spec)) {
            rolledOut << spec;
            continue;
        }
        if (std::uniform_real_distribution<double>(0.0, 1.0)(random) < fault.toxicity)
            kept.push_back(Active{fault, nowNs});
        else
            rolledOut << spec;
    }
    m_active = std::move(kept);
    m_rolledOut = std::move(rolledOut);
}

QStringList FrameStage::activeSpecs() const
{
    QStringList specs;
    for (const Active &active : m_active)
        specs << active.fault.spec();
    return specs;
}

void FrameStage::push(QByteArrayView bytes, qint64 nowNs, std::vector<StagedFrame> &out, std::mt19937_64 &random)
{
    if (m_gaveUp) {
        StagedFrame raw;
        raw.bytes = bytes.toByteArray();
        raw.isFrame = false;
        raw.notBeforeNs = std::max(nowNs, m_lastDueNs);
        out.push_back(std::move(raw));
        return;
    }
    // Decoded in place when nothing waits (most reads hold whole frames), else after what waits.
    const bool inPlace = bufferedBytes() == 0;
    if (!inPlace)
        m_buffer.append(bytes.data(), bytes.size());
    QByteArrayView input = inPlace ? bytes : QByteArrayView(m_buffer).sliced(m_start);
    qsizetype used = 0;
    while (used < input.size()) {
        Frame frame;
        const DecodeResult result = m_codec->decode(input.sliced(used), frame);
        if (result.status == DecodeResult::Status::Incomplete)
            break;
        if (result.status == DecodeResult::Status::Failed && (result.isFatal() || result.consumed <= 0)) {
            // Not this framing after all: the rest goes on as it came, and so does all that follows.
            m_gaveUp = true;
            StagedFrame raw;
            raw.bytes = input.sliced(used).toByteArray();
            raw.isFrame = false;
            raw.notBeforeNs = std::max(nowNs, m_lastDueNs);
            out.push_back(std::move(raw));
            used = input.size();
            break;
        }
        stage(frame, input.sliced(used, result.consumed), nowNs, out, random);
        used += result.consumed;
    }
    if (inPlace) {
        m_buffer = input.sliced(used).toByteArray();
        m_start = 0;
    } else {
        m_start += used;
        if (m_start == m_buffer.size()) {
            m_buffer.clear();
            m_start = 0;
        } else if (m_start > m_buffer.size() / 2) {
            m_buffer.remove(0, m_start);
            m_start = 0;
        }
    }
}

void FrameStage::giveUp(std::vector<StagedFrame> &out)
{
    m_gaveUp = true;
    if (bufferedBytes() == 0)
        return;
    StagedFrame raw;
    raw.bytes = m_buffer.mid(m_start);
    raw.isFrame = false;
    raw.notBeforeNs = m_lastDueNs;
    out.push_back(std::move(raw));
    m_buffer.clear();
    m_start = 0;
}

void FrameStage::stage(const Frame &frame, QByteArrayView wire, qint64 nowNs, std::vector<StagedFrame> &out,
                       std::mt19937_64 &random)
{
    StagedFrame staged;
    staged.bytes = wire.toByteArray();
    staged.payload = frame.payload.toByteArray();
    staged.sequence = frame.sequence;
    staged.type = frame.type;
    staged.flags = frame.flags;
    qint64 due = nowNs;
    for (const Active &active : m_active) {
        const FrameFault &fault = active.fault;
        if (fault.match && !fault.match->matches(frame.payload))
            continue;
        auto roll = [&](double p) { return p >= 1.0 || (p > 0 && std::uniform_real_distribution<double>(0.0, 1.0)(random) < p); };
        switch (fault.kind) {
        case FrameFault::Kind::Drop:
            if (roll(fault.probability))
                staged.dropped = true;
            break;
        case FrameFault::Kind::Corrupt:
            if (roll(fault.probability)) {
                if (staged.asSent.isEmpty())
                    staged.asSent = staged.bytes;
                staged.corrupted = FaultInjector::corruptFrame(staged.bytes, 0, frame.payload.size(), m_framing);
            }
            break;
        case FrameFault::Kind::Delay: {
            const qint64 jitter = fault.jitterNs > 0
                ? std::uniform_int_distribution<qint64>(-fault.jitterNs, fault.jitterNs)(random)
                : 0;
            due = std::max(due, nowNs + fault.delayNs + jitter);
            break;
        }
        case FrameFault::Kind::Stall: {
            const FaultPlan::Window window{fault.stallNs, fault.everyNs};
            if (window.activeAt(nowNs - active.setNs))
                due = std::max(due, active.setNs + window.nextChangeAt(nowNs - active.setNs));
            break;
        }
        }
    }
    if (staged.dropped) {
        if (staged.asSent.isEmpty())
            staged.asSent = staged.bytes;
        staged.bytes.clear();
        staged.notBeforeNs = nowNs;
    } else {
        staged.notBeforeNs = std::max(due, m_lastDueNs);
        m_lastDueNs = staged.notBeforeNs;
    }
    out.push_back(std::move(staged));
}

} // namespace NetCore
