// SPDX-License-Identifier: GPL-3.0-or-later
// ProxyLink with a framing: each direction cut into frames, each frame's faults
// applied, requests paired with their replies and timed twice, frames traced.
#include "proxy/proxylink.h"

#include "codec/framecodec.h"
#include "codec/messagesummary.h"
#include "io/monotonicclock.h"
#include "proxy/proxyworker.h"

#include <algorithm>

namespace NetCore {

namespace {
// Requests awaiting replies, per connection: a server that never answers (a sink)
// must not grow the proxy. Past this the oldest are forgotten (and never timed).
constexpr size_t MaxPendingRequests = 4096;
} // namespace

void ProxyLink::forwardFrames(ProxyLeg &from, QByteArrayView bytes)
{
    const int direction = directionOf(from);
    FrameStage &stage = *m_stages[direction];
    const qint64 now = monotonicNowNs();
    const bool wasFraming = !stage.gaveUp();
    std::vector<StagedFrame> staged;
    stage.push(bytes, now, staged, m_worker.random());
    // A partial frame as large as the direction may hold would never complete: pass it on raw.
    if (!stage.gaveUp() && stage.bufferedBytes() >= m_worker.config().maxBuffered)
        stage.giveUp(staged);
    ProxyCounters &counters = m_worker.mutableCounters();
    if (wasFraming && stage.gaveUp())
        ++counters.framingAbandoned;
    for (const StagedFrame &frame : staged) {
        if (m_worker.recording()) {
            // The frame as its peer sent it (before a corrupt fault); raw bytes past a framing error as they came.
            m_worker.record(CaptureEvent{direction == 0 ? CaptureEvent::Kind::Up : CaptureEvent::Kind::Down, id, now,
                                         frame.asSent.isEmpty() ? frame.bytes : frame.asSent, {}});
        }
        if (frame.isFrame) {
            ++(direction == 0 ? counters.framesUpstream : counters.framesDownstream);
            counters.framesDropped += frame.dropped ? 1 : 0;
            counters.framesCorrupted += frame.corrupted ? 1 : 0;
            counters.framesDelayed += !frame.dropped && frame.notBeforeNs > now ? 1 : 0;
        }
        const qint64 due = frame.dropped ? now : deliver(from, frame.bytes, now, frame.notBeforeNs);
        if (m_closed)
            return;
        const qint64 roundTrip = frame.isFrame ? timeFrame(direction, frame, now, due) : -1;
        if (traced)
            traceFrame(direction, frame, now, roundTrip);
    }
}

void ProxyLink::forwardPartialFrame(ProxyLeg &from, qint64 nowNs)
{
    const int direction = directionOf(from);
    if (!m_stages[direction] || m_stages[direction]->bufferedBytes() == 0)
        return;
    std::vector<StagedFrame> tail;
    m_stages[direction]->giveUp(tail);
    for (const StagedFrame &raw : tail) {
        if (m_worker.recording())
            m_worker.record(CaptureEvent{direction == 0 ? CaptureEvent::Kind::Up : CaptureEvent::Kind::Down, id, nowNs, raw.bytes, {}});
        deliver(from, raw.bytes, nowNs, raw.notBeforeNs);
        if (m_closed)
            return;
    }
}

qint64 ProxyLink::timeFrame(int direction, const StagedFrame &frame, qint64 nowNs, qint64 dueNs)
{
    const bool bySequence = m_worker.codec()->matchesBySequence();
    if (direction == 0) {
        // A dropped request never reaches the server; a WB1 NO_REPLY one is not answered.
        if (frame.dropped || (bySequence && (frame.flags & FrameFlag::NoReply)))
            return -1;
        if (m_requests.size() >= MaxPendingRequests) {
            // Too many unanswered: in-order pairing would be out of step from here on.
            m_requests.clear();
            m_timingLost = !bySequence;
            return -1;
        }
        if (!m_timingLost)
            m_requests.push_back(PendingRequest{nowNs, dueNs >= ToxicPiece::Held ? -1 : dueNs, frame.sequence});
        return -1;
    }
    // A reply: WB1's names its request; other framings answer in order.
    auto request = m_requests.begin();
    if (bySequence)
        request = std::find_if(m_requests.begin(), m_requests.end(),
                               [&](const PendingRequest &r) { return r.sequence == frame.sequence; });
    if (request == m_requests.end())
        return -1; // the server spoke unasked (or of a forgotten request)
    const PendingRequest timed = *request;
    m_requests.erase(request);
    // The client never sees a dropped reply; a request or reply held by a timeout toxic has no time yet.
    if (frame.dropped || timed.forwardedNs < 0 || dueNs >= ToxicPiece::Held)
        return -1;
    // The server's own time: from the request reaching it (after the faults on the way
    // there) to its reply coming back; what the client saw: from sending to receiving.
    m_worker.recordReply(nowNs - timed.forwardedNs, dueNs - timed.readNs);
    return dueNs - timed.readNs;
}

void ProxyLink::traceFrame(int direction, const StagedFrame &frame, qint64 nowNs, qint64 roundTripNs)
{
    TrafficEntry entry;
    entry.timeNs = nowNs;
    entry.outgoing = direction == 0; // as the client sees it: it sent, it received
    entry.type = frame.isFrame && m_worker.config().framing == Framing::Wb1 ? frame.type : 0;
    entry.flags = frame.flags;
    entry.sequence = frame.isFrame && frame.sequence != 0 ? frame.sequence : m_chunks[direction];
    const QByteArray &shown = frame.isFrame ? frame.payload : frame.bytes;
    entry.payload = shown.first(std::min(shown.size(), TrafficEntry::MaxBytes));
    entry.payloadSize = shown.size();
    entry.roundTripNs = roundTripNs;
    QString kind = direction == 0 ? QStringLiteral("to server") : QStringLiteral("to client");
    if (!frame.isFrame)
        kind += QStringLiteral(", not a frame");
    if (frame.dropped)
        kind += QStringLiteral(", dropped");
    if (frame.corrupted)
        kind += QStringLiteral(", corrupted");
    if (!frame.dropped && frame.notBeforeNs > nowNs)
        kind += QStringLiteral(", held %1 ms").arg(double(frame.notBeforeNs - nowNs) / 1e6, 0, 'f', 1);
    entry.kind = kind;
    if (frame.isFrame)
        entry.summary = summarizeMessage(*m_worker.config().framing, frame.payload);
    m_worker.trace(id, std::move(entry));
}

} // namespace NetCore
