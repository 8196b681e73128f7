// SPDX-License-Identifier: GPL-3.0-or-later
// FleetConnection's protocol-specific ends: a server that closes as it said it would
// (HTTP's Connection: close, WebSocket's close frame), and WebSocket's upgrade and
// control frames.
#include "fleet/fleetconnection.h"

#include "codec/websocketcodec.h"
#include "codec/websockethandshake.h"
#include "fleet/fleetworker.h"
#include "io/monotonicclock.h"

#include <QTcpSocket>

namespace NetCore {

namespace {

// RFC 6455 7.4.1's codes a server refuses a client with.
QString closeCodeMeaning(int code)
{
    switch (code) {
    case 1002: return QStringLiteral("a protocol error");
    case 1003: return QStringLiteral("data of a type it does not take");
    case 1007: return QStringLiteral("data not of the message's type: text that is not UTF-8?");
    case 1008: return QStringLiteral("a policy violation");
    case 1009: return QStringLiteral("a message too big for it");
    case 1011: return QStringLiteral("an error of its own");
    default: return QStringLiteral("no reason given");
    }
}

} // namespace

void FleetConnection::endAfterServerClose()
{
    // The server said this reply was its last: not a failure. Requests sent after it
    // were never read: they go again, first, on the connection that replaces this
    // one, at once.
    ++m_worker.counters().serverCloses;
    m_worker.counters().resent += quint64(m_inFlight.size());
    QList<qint64> again;
    again.reserve(m_inFlight.size() + m_heldBack.size());
    for (qsizetype i = 0; i < m_inFlight.size(); ++i)
        again.append(m_inFlight[i].dueNs);
    again.append(m_heldBack);
    m_inFlight.clear();
    m_heldBack = std::move(again);
    m_reopenAtOnce = true;
    flush(); // an answer to the server's close goes before ours
    stopReading();
    ended();
    if (m_socket)
        m_socket->abort();
}

void FleetConnection::startUpgrade(qint64 nowNs)
{
    const FleetConfig &config = m_worker.config();
    m_upgradeKey = WebSocketHandshake::newKey();
    const QByteArray host = config.host.toLatin1() + ':' + QByteArray::number(config.port);
    const QByteArray request = WebSocketHandshake::request(host, config.webSocket.path, config.webSocket.headers, m_upgradeKey);
    m_output += request;
    m_worker.counters().bytesOut += quint64(request.size());
    m_upgradeSentNs = nowNs;
    m_upgrading = true;
}

bool FleetConnection::readUpgrade(QByteArrayView bytes, qint64 nowNs)
{
    m_upgradeBuffer += bytes;
    QString problem;
    const DecodeResult result = WebSocketHandshake::readResponse(m_upgradeBuffer, m_upgradeKey, &problem);
    if (result.status == DecodeResult::Status::Incomplete)
        return true;
    m_upgrading = false;
    const QByteArray rest = m_upgradeBuffer.sliced(result.status == DecodeResult::Status::Complete ? result.consumed : 0);
    m_upgradeBuffer = QByteArray();
    if (result.status == DecodeResult::Status::Failed) {
        failOpening(problem);
        return false;
    }
    // The upgrade is the opening exchange's first round trip, timed with it.
    m_worker.recordHello(nowNs - m_upgradeSentNs);
    m_reader.append(rest); // frames that came with the 101
    if (!m_worker.helloMessages().isEmpty()) {
        m_helloStep = 0;
        sendHelloStep(nowNs);
    } else {
        finishOpening();
    }
    return true;
}

bool FleetConnection::handleControlFrame(const Frame &frame, qint64 nowNs)
{
    Q_UNUSED(nowNs);
    auto answer = [this](quint8 opcode, const QByteArray &content) {
        const qsizetype before = m_output.size();
        m_worker.codec().encode(Frame{opcode, 0, 0, 0, content}, m_output);
        m_worker.counters().bytesOut += quint64(m_output.size() - before);
        m_worker.markDirty(this);
    };
    switch (frame.type) {
    case WebSocketCodec::Ping:
        answer(WebSocketCodec::Pong, WebSocketCodec::content(frame.payload));
        return true;
    case WebSocketCodec::Pong:
        return true; // unasked-for pongs are allowed (a heartbeat); never a reply
    case WebSocketCodec::Close: {
        // Answered with the same status code. A normal close (1000, 1001 or none) is
        // replaced like any server close; another code is the server refusing what we
        // sent: an error, said with its reason.
        const QByteArray content = WebSocketCodec::content(frame.payload);
        answer(WebSocketCodec::Close, content.first(std::min<qsizetype>(2, content.size())));
        const int code = content.size() >= 2 ? (quint8(content[0]) << 8) | quint8(content[1]) : 0;
        if (code == 0 || code == 1000 || code == 1001) {
            endAfterServerClose();
            return true;
        }
        const QString reason = QString::fromUtf8(content.sliced(2));
        m_worker.reportError(QStringLiteral("connection %1: the server closed the WebSocket with %2 (%3)")
                                 .arg(m_id)
                                 .arg(code)
                                 .arg(reason.isEmpty() ? closeCodeMeaning(code) : reason));
        flush();
        ++m_worker.counters().disconnects;
        stopReading();
        ended();
        if (m_socket)
            m_socket->abort();
        return true;
    }
    default:
        break;
    }
    // A fragmented message may carry pings between its fragments: each is answered.
    if (!frame.payload.isEmpty() && !(quint8(frame.payload.front()) & 0x80)) {
        WebSocketCodec::forEachFrame(frame.payload, [&](quint8 opcode, const QByteArray &content) {
            if (opcode == WebSocketCodec::Ping)
                answer(WebSocketCodec::Pong, content);
        });
    }
    return false;
}

} // namespace NetCore
