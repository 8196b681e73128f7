// SPDX-License-Identifier: GPL-3.0-or-later
// FleetConnection's opening exchange (hello) and closing one (goodbye), and the
// fields of its messages.
#include "fleet/fleetconnection.h"

#include "codec/framecodec.h"
#include "codec/websocketcodec.h"
#include "fleet/fleetworker.h"
#include "fleet/messagetemplate.h"
#include "text/escapedtext.h"
#include "text/hexbytes.h"

#include <QTcpSocket>

#include <algorithm>
#include <ctime>

namespace NetCore {

namespace {

// Bytes a peer sent, for an error message: as text when they read as text, else hex.
QString quoteBytes(QByteArrayView bytes)
{
    constexpr qsizetype Shown = 48;
    const QByteArrayView head = bytes.first(std::min(bytes.size(), Shown));
    const bool text = std::all_of(head.begin(), head.end(), [](char c) {
        return (c >= 0x20 && c < 0x7f) || c == '\r' || c == '\n' || c == '\t';
    });
    const QString quoted = text ? QStringLiteral("\"%1\"").arg(EscapedText::format(head)) : HexBytes::format(head);
    return bytes.size() > Shown ? QStringLiteral("%1 ... (%2 bytes)").arg(quoted).arg(bytes.size()) : quoted;
}

qint64 wallClockMicros()
{
    timespec now{};
    clock_gettime(CLOCK_REALTIME, &now);
    return qint64(now.tv_sec) * 1'000'000 + now.tv_nsec / 1000;
}

} // namespace

FieldValues FleetConnection::nextFieldValues(const MessageTemplate &message)
{
    return FieldValues{m_fieldSequence + 1, quint64(m_id), message.usesTime() ? quint64(wallClockMicros()) : 0,
                       &m_worker.fieldRandom()};
}

void FleetConnection::sendHelloStep(qint64 nowNs)
{
    const MessageTemplate &message = m_worker.helloMessages()[m_helloStep];
    m_helloSentNs = nowNs;
    // An empty hello sends nothing: it waits for the server to speak first (SMTP's
    // 220, MySQL's greeting).
    if (message.largestPayload() == 0)
        return;
    QByteArrayView payload = message.payloadFor(0);
    if (message.hasFields()) {
        payload = message.render(0, nextFieldValues(message), m_worker.fieldScratch());
        ++m_fieldSequence;
    }
    const Frame frame{message.wb1Type, message.wb1Flags, m_nextSequence++, quint64(nowNs), payload};
    const qsizetype before = m_output.size();
    m_worker.codec().encode(frame, m_output);
    m_worker.counters().bytesOut += quint64(m_output.size() - before);
    if (m_traced)
        trace(true, frame, nowNs, -1);
}

void FleetConnection::handleHelloReply(const Frame &frame, qint64 nowNs)
{
    if (m_traced)
        trace(false, frame, nowNs, nowNs - m_helloSentNs);
    const std::optional<QByteArray> &expect = m_worker.config().hello[m_helloStep].expect;
    if (expect && !frame.payload.startsWith(*expect)) {
        failOpening(QStringLiteral("hello %1: the reply should start with %2; received %3")
                      .arg(m_helloStep + 1)
                      .arg(quoteBytes(*expect), quoteBytes(frame.payload)));
        return;
    }
    m_worker.recordHello(nowNs - m_helloSentNs);
    // A starttls step's reply switches the connection to TLS; the exchange goes on over it.
    const bool switchToTls = m_worker.config().hello[m_helloStep].startTls;
    if (++m_helloStep < m_worker.helloMessages().size() && !switchToTls) {
        sendHelloStep(nowNs);
        return;
    }
    if (switchToTls) {
        flush();
        startTls(nowNs);
        return;
    }
    finishOpening();
}

void FleetConnection::failOpening(const QString &reason)
{
    // Counted as a connect failure: the connection never became usable.
    m_helloStep = -1;
    m_state = State::Closed;
    ++m_worker.counters().connectFailures;
    const QString message = QStringLiteral("connection %1 to %2:%3: %4")
                                .arg(m_id)
                                .arg(m_worker.config().host)
                                .arg(m_worker.config().port)
                                .arg(reason);
    settle(false, message);
    m_worker.reportError(message);
    stopReading();
    ended();
    m_socket->abort();
}

void FleetConnection::appendGoodbye()
{
    // The protocol's goodbye (MQTT's DISCONNECT) goes out before the close; no reply is awaited.
    for (const MessageTemplate &goodbye : m_worker.goodbyeMessages()) {
        QByteArrayView payload = goodbye.payloadFor(0);
        if (goodbye.hasFields()) {
            payload = goodbye.render(0, nextFieldValues(goodbye), m_worker.fieldScratch());
            ++m_fieldSequence;
        }
        const qsizetype before = m_output.size();
        m_worker.codec().encode(Frame{goodbye.wb1Type, goodbye.wb1Flags, m_nextSequence++, 0, payload}, m_output);
        m_worker.counters().bytesOut += quint64(m_output.size() - before);
    }
    if (m_worker.speaksWebSocket() && !m_upgrading) {
        // WebSocket's own goodbye: a close frame, 1000 (normal closure).
        const qsizetype before = m_output.size();
        m_worker.codec().encode(Frame{WebSocketCodec::Close, 0, 0, 0, QByteArrayView("\x03\xe8", 2)}, m_output);
        m_worker.counters().bytesOut += quint64(m_output.size() - before);
    }
}

} // namespace NetCore
