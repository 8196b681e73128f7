// SPDX-License-Identifier: GPL-3.0-or-later
// FleetConnection's deadlines (connect, hello, replies), checked by its worker's sweep,
// and its part of the traffic log.
#include "fleet/fleetconnection.h"
#include "io/timeunits.h"

#include "codec/framecodec.h"
#include "codec/messagesummary.h"
#include "codec/websocketcodec.h"
#include "fleet/fleetworker.h"
#include "metrics/trafficentry.h"

#include <QTcpSocket>

namespace NetCore {

void FleetConnection::trace(bool outgoing, const Frame &frame, qint64 nowNs, qint64 roundTripNs, quint32 answers)
{
    TrafficEntry entry;
    entry.timeNs = nowNs;
    entry.connection = m_id;
    entry.outgoing = outgoing;
    const bool wb1 = (outgoing ? m_worker.codec() : m_worker.replyCodec()).matchesBySequence();
    entry.type = wb1 ? frame.type : 0;
    entry.flags = wb1 ? frame.flags : 0;
    entry.sequence = wb1 ? frame.sequence : (outgoing ? m_stats.sent + 1 : m_framesIn);
    entry.answers = answers;
    entry.payloadSize = frame.payload.size();
    entry.payload = frame.payload.first(std::min(frame.payload.size(), TrafficEntry::MaxBytes)).toByteArray();
    // Read while the whole message is at hand (what is kept may be cut); traced frames only.
    const Framing framing = (outgoing ? m_worker.codec() : m_worker.replyCodec()).framing();
    QByteArray unmaskedFrame; // a WebSocket message going out is its content: read as the frame it becomes
    if (outgoing && framing == Framing::WebSocket)
        WebSocketCodec::appendFrame(frame.type == WebSocketCodec::Binary ? WebSocketCodec::Binary : WebSocketCodec::Text,
                                    frame.payload, unmaskedFrame);
    const QByteArrayView read = unmaskedFrame.isEmpty() ? frame.payload : QByteArrayView(unmaskedFrame);
    entry.summary = summarizeMessage(framing, read);
    entry.kind = messageKind(framing, read);
    entry.roundTripNs = roundTripNs;
    m_worker.recordTraffic(std::move(entry));
}

void FleetConnection::checkDeadlines(qint64 nowNs)
{
    const FleetConfig &config = m_worker.config();
    if (m_state == State::Connecting) {
        if (nowNs - m_connectStartedNs > qint64(config.connectTimeoutMs) * double(NsPerMs)) {
            m_state = State::Closed;
            ++m_worker.counters().connectFailures;
            settle(false, QStringLiteral("cannot connect to %1:%2: timed out after %3 ms")
                                                  .arg(config.host)
                                                  .arg(config.port)
                                                  .arg(config.connectTimeoutMs));
            ended();
            m_socket->abort();
        }
        return;
    }
    if (m_state != State::Open && m_state != State::Closing)
        return;
    if (!m_heldBack.isEmpty() && maySendNow()) {
        // Nothing else may come to release them (no reply, no more due, no bytesWritten()).
        releaseHeldBack(nowNs);
        m_worker.markDirty(this);
    }
    const qint64 limit = qint64(config.replyTimeoutMs) * NsPerMs;
    if (m_handshaking) {
        // A handshake is part of connecting: it has the connect timeout.
        if (nowNs - m_handshakeStartNs > qint64(config.connectTimeoutMs) * double(NsPerMs))
            failTls(TlsError::Handshake,
                    QStringLiteral("no TLS handshake within %1 ms (does the server speak TLS?)").arg(config.connectTimeoutMs));
        return;
    }
    if (m_upgrading) {
        if (nowNs - m_upgradeSentNs > limit)
            failOpening(QStringLiteral("no answer to the WebSocket upgrade within %1 ms").arg(config.replyTimeoutMs));
        return;
    }
    if (m_helloStep >= 0) {
        if (nowNs - m_helloSentNs > limit)
            failOpening(QStringLiteral("no reply to hello %1 within %2 ms").arg(m_helloStep + 1).arg(config.replyTimeoutMs));
        return;
    }
    const qsizetype expired = m_inFlight.expireSentBy(nowNs - limit - 1);
    if (expired == 0)
        return;
    m_worker.counters().timeouts += quint64(expired);
    m_stats.errors += quint64(expired);
    // In-order framings pair replies by position: after a lost reply the pairing is
    // wrong, so the connection is given up. WB1 and ids pair by key and carry on, the
    // window freed by the timed-out requests.
    if (m_inFlight.matching() == InFlightRequests::Matching::InOrder) {
        stopReading();
        m_socket->abort();
        return;
    }
    topUpWindow(nowNs);
    releaseHeldBack(nowNs);
    flush();
}

} // namespace NetCore
