// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/serverconnection.h"
#include "io/timeunits.h"

#include "codec/framecodec.h"
#include "io/directio.h"
#include "io/monotonicclock.h"
#include "codec/websocketcodec.h"
#include "codec/websockethandshake.h"
#include "server/httpreply.h"
#include "server/serverworker.h"
#include "io/unbufferedadoption.h"
#include "tls/tlschannel.h"

#include <QTcpSocket>


namespace NetCore {

namespace {
// A connection whose peer will not take its last bytes is cut off after this.
constexpr qint64 ClosingDeadlineNs = 2'000'000'000;
} // namespace

ServerConnection::ServerConnection(ServerWorker &worker, QTcpSocket *socket)
    : m_worker(worker)
    , m_socket(socket)
    , m_reader(worker.codec())
    , m_lastActivityNs(monotonicNowNs())
    , m_acceptedNs(m_lastActivityNs)
    , m_upgrading(worker.speaksWebSocket())
{
    // The connection reads its descriptor itself: Qt's read path (notifier,
    // canReadNotification, readyRead, QIODevice::read) costs several calls and cache
    // misses on per-socket objects for every readiness. What the kernel will not take
    // at once is written by Qt.
    stopQtReadNotifications(*socket);
    m_fd = int(socket->socketDescriptor());
    m_readWatch.start(m_fd, *this);
    QObject::connect(socket, &QTcpSocket::disconnected, &worker, [this] { m_worker.remove(this); });
    if (const TlsContext *tls = worker.tlsContext()) {
        m_tls = std::make_unique<TlsChannel>(*tls);
        QByteArray none;
        m_tls->start(none); // a server waits for the client's hello
    }
}

ServerConnection::~ServerConnection()
{
    // Connections are destroyed outside the socket's own signals (see ServerWorker),
    // so the socket can go at once instead of waiting for an event loop pass.
    // The watch goes before the socket closes its descriptor.
    m_readWatch.stop();
    m_socket->disconnect();
    delete m_socket;
}

void ServerConnection::stopReading()
{
    m_readWatch.stop();
    m_fd = -1; // the descriptor may close and be reused: never send on it again
}

void ServerConnection::onReadable()
{
    if (!m_readWatch.isActive())
        return; // removed from its worker: nothing more is read
    // Not reading now (backpressure, a stall, closing): stop the level-triggered
    // readiness until whoever lifts the reason calls again.
    const qint64 now = monotonicNowNs();
    if (m_paused || m_closingSinceNs || m_finishing || m_worker.stalled(now)) {
        m_readWatch.setEnabled(false);
        return;
    }
    m_readWatch.setEnabled(true);
    ServerCounters &counters = m_worker.mutableCounters();
    QByteArray &scratch = m_worker.readScratch();
    while (!m_paused && !m_closingSinceNs && !m_finishing) {
        const qsizetype received = receiveDirect(m_fd, scratch);
        if (received == NothingToReceive)
            break;
        if (received == PeerGone) {
            m_worker.remove(this); // the peer closed (0) or the connection failed
            return;
        }
        counters.bytesIn += quint64(received);
        m_lastActivityNs = now;
        QByteArrayView bytes(scratch.constData(), received);
        if (m_tls) {
            QByteArray &plain = m_worker.plainScratch();
            plain.resize(0);
            if (!receiveTls(bytes, plain))
                return; // failed (and closing), or aborted by the tls-abort fault
            bytes = plain;
        } else if (m_framesReceived == 0 && !m_tlsGreeted) {
            m_tlsGreeted = true;
            if (TlsChannel::looksLikeTls(bytes) && bytes[0] == 22) {
                // A TLS client hello on a plaintext server: said once, not answered as a frame.
                m_worker.noteTlsError(TlsError::NotTls, QStringLiteral("a client speaks TLS to this plaintext server (start it with --tls)"));
                ++m_protocolErrors;
                close();
                return;
            }
        }
        if (m_upgrading) {
            // WebSocket: the upgrade request first; frames that came with it go to the reader.
            if (!readUpgrade(bytes))
                return;
            if (m_upgrading && !m_tlsPeerClosed)
                continue;
        } else if (!bytes.isEmpty()) {
            // Decoded in place; only a partial frame's rest is copied (the next recv()
            // reuses the scratch buffer).
            m_reader.feed(bytes);
        }
        decodeBuffered(now);
        m_reader.settle();
        flushOutput();
        if (m_tlsPeerClosed) {
            close(); // close_notify: answered with ours once the replies are out
            return;
        }
        if (received < scratch.size())
            break; // nothing more buffered: the next readiness brings the rest
    }
}

void ServerConnection::decodeBuffered(qint64 nowNs)
{
    ServerCounters &counters = m_worker.mutableCounters();
    const bool wb1 = m_worker.speaksWb1();
    bool progressed = false;
    for (;;) {
        Frame frame;
        const DecodeResult result = m_reader.next(frame);
        if (result.status == DecodeResult::Status::Incomplete)
            break;
        ++m_framesReceived;
        if (result.status == DecodeResult::Status::Complete) {
            progressed = true;
            ++counters.framesIn;
            if (wb1 && frame.type != quint8(FrameType::Data)) {
                // Never answered, so two peers cannot bounce errors forever.
                ++counters.unsolicited;
                continue;
            }
            Frame message = frame;
            if (m_worker.speaksWebSocket()) {
                if (answerControlFrame(frame)) {
                    if (m_closingSinceNs || m_finishing)
                        return; // nothing after a close is read
                    continue;
                }
                // Behaviours see the message's content: unmasked, its fragments joined.
                m_messageContent = WebSocketCodec::content(frame.payload);
                message.payload = m_messageContent;
            }
            ++m_requests;
            FaultInjector &faults = m_worker.faults();
            if (faults.closeOnRequest()) {
                ++counters.faultCloses;
                close();
                return;
            }
            m_request = &message;
            m_worker.behaviour().onRequest(message, *this);
            m_request = nullptr;
            // An HTTP request that ends its connection (Connection: close, HTTP/1.0) is its last.
            const bool lastRequest = m_worker.speaksHttp() && (frame.flags & FrameFlag::CloseAfter);
            if (faults.closeAfter(m_requests) || lastRequest) {
                if (!lastRequest)
                    ++counters.faultCloses;
                if (m_delayedCount == 0)
                    close();
                else
                    m_finishing = true;
                return;
            }
            continue;
        }

        ++counters.errors[size_t(result.error)];
        ++m_protocolErrors;
        if (!result.isFatal()) {
            progressed = true;
            sendError(result.error, frame.sequence,
                      QStringLiteral("frame %1 has type 0x%2").arg(m_framesReceived).arg(frame.type, 2, 16, QLatin1Char('0')));
            continue;
        }
        QString detail = QStringLiteral("frame %1").arg(m_framesReceived);
        if (result.error == FrameError::TooLarge)
            detail += QStringLiteral(" exceeds the maximum payload of %1 bytes").arg(m_worker.codec().maxPayload());
        else if (result.error == FrameError::BadFlags)
            detail += QStringLiteral(" sets flags 0x%1").arg(frame.flags, 4, 16, QLatin1Char('0'));
        sendError(result.error, frame.sequence, detail);
        close();
        return;
    }
    // The deadline runs from when the frame now arriving began; each whole frame resets it.
    if (m_reader.hasPartialFrame())
        m_partialSinceNs = (progressed || m_partialSinceNs == 0) ? nowNs : m_partialSinceNs;
    else
        m_partialSinceNs = 0;
}

bool ServerConnection::encodeReply(QByteArrayView payload, QByteArray &out)
{
    if (!m_request)
        return false;
    const FrameCodec &codec = m_worker.replyCodec();
    if (m_worker.speaksWb1() && (m_request->flags & FrameFlag::NoReply))
        return false;
    ServerCounters &counters = m_worker.mutableCounters();
    FaultInjector &faults = m_worker.faults();
    if (faults.dropReply()) {
        ++counters.repliesDropped;
        return false;
    }
    const qsizetype before = out.size();
    qsizetype payloadSize = payload.size();
    if (m_worker.speaksHttp()) {
        if (!HttpReply::append(*m_request, payload, codec, out, &payloadSize))
            return false;
    } else if (m_worker.speaksWebSocket()) {
        // A server's frames are not masked; the answer is text or binary as the request was.
        if (payload.size() > codec.maxPayload())
            return false;
        const quint8 opcode = m_request->type == WebSocketCodec::Binary ? WebSocketCodec::Binary : WebSocketCodec::Text;
        WebSocketCodec::appendFrame(opcode, payload, out);
    } else {
        const Frame answer{quint8(FrameType::Reply), 0, m_request->sequence, m_request->timestamp, payload};
        if (codec.encode(answer, out) != FrameError::None)
            return false;
    }
    if (faults.corruptReply() && FaultInjector::corruptFrame(out, before, payloadSize, codec.framing()))
        ++counters.repliesCorrupted;
    return true;
}

bool ServerConnection::readUpgrade(QByteArrayView bytes)
{
    m_upgradeBuffer += bytes;
    QByteArray response;
    QString problem;
    const DecodeResult result = WebSocketHandshake::readRequest(m_upgradeBuffer, &response, &problem);
    if (result.status == DecodeResult::Status::Incomplete)
        return true;
    m_upgrading = false;
    m_output += response;
    ServerCounters &counters = m_worker.mutableCounters();
    counters.bytesOut += quint64(response.size());
    if (result.status == DecodeResult::Status::Failed) {
        ++counters.errors[size_t(result.error)];
        ++m_protocolErrors;
        m_upgradeBuffer = QByteArray();
        close();
        return false;
    }
    m_reader.append(QByteArrayView(m_upgradeBuffer).sliced(result.consumed));
    m_upgradeBuffer = QByteArray();
    return true;
}

bool ServerConnection::answerControlFrame(const Frame &frame)
{
    const quint8 opcode = frame.type;
    if (opcode != WebSocketCodec::Ping && opcode != WebSocketCodec::Pong && opcode != WebSocketCodec::Close) {
        // A fragmented message may carry pings between its fragments: each is answered.
        if (!frame.payload.isEmpty() && !(quint8(frame.payload.front()) & 0x80)) {
            WebSocketCodec::forEachFrame(frame.payload, [this](quint8 inner, const QByteArray &content) {
                if (inner == WebSocketCodec::Ping)
                    WebSocketCodec::appendFrame(WebSocketCodec::Pong, content, m_output);
            });
        }
        return false;
    }
    if (opcode == WebSocketCodec::Ping)
        WebSocketCodec::appendFrame(WebSocketCodec::Pong, WebSocketCodec::content(frame.payload), m_output);
    if (opcode == WebSocketCodec::Close) {
        // Answered with the peer's status code, then the connection ends.
        const QByteArray content = WebSocketCodec::content(frame.payload);
        WebSocketCodec::appendFrame(WebSocketCodec::Close, content.first(std::min<qsizetype>(2, content.size())), m_output);
        m_finishing = m_delayedCount > 0;
        if (!m_finishing)
            close();
    }
    return true;
}

void ServerConnection::reply(QByteArrayView payload)
{
    const qsizetype before = m_output.size();
    if (encodeReply(payload, m_output)) {
        ServerCounters &counters = m_worker.mutableCounters();
        ++counters.framesOut;
        ++m_framesSent;
        counters.bytesOut += quint64(m_output.size() - before);
    }
}

void ServerConnection::replyAfter(qint64 delayNs, QByteArrayView payload)
{
    QByteArray frame;
    if (!encodeReply(payload, frame))
        return;
    qint64 due = monotonicNowNs() + std::max<qint64>(delayNs, 0);
    if (!m_worker.speaksWb1()) {
        // Without a sequence number the peer matches replies in order: keep it.
        due = std::max(due, m_lastDelayedDueNs);
        m_lastDelayedDueNs = due;
    }
    m_delayedBytes += frame.size();
    ++m_delayedCount;
    m_worker.scheduleDelayed(this, due, std::move(frame));
}

void ServerConnection::deliverDelayed(const QByteArray &frame)
{
    m_delayedBytes -= frame.size();
    --m_delayedCount;
    if (m_closingSinceNs)
        return;
    m_output += frame;
    ServerCounters &counters = m_worker.mutableCounters();
    ++counters.framesOut;
    ++m_framesSent;
    counters.bytesOut += quint64(frame.size());
    flushOutput();
    if (m_finishing && m_delayedCount == 0)
        close();
    else
        resumeIfDrained();
}

qsizetype ServerConnection::pendingOutput() const
{
    return (m_qtHasOutput ? m_socket->bytesToWrite() : 0) + m_delayedBytes;
}

void ServerConnection::resumeIfDrained()
{
    if (m_paused && pendingOutput() <= m_worker.config().maxPendingOutput / 2) {
        m_paused = false;
        onReadable();
    }
}

void ServerConnection::sendError(FrameError error, quint64 sequence, const QString &detail)
{
    const QByteArray text = frameErrorCode(error).toByteArray() + ": " + detail.toUtf8();
    if (m_worker.speaksHttp()) {
        // The status that says it, then the connection closes (the stream cannot be trusted).
        const QByteArray status = error == FrameError::TooLarge ? "413 Content Too Large"
            : error == FrameError::TooManyElements              ? "431 Request Header Fields Too Large"
            : error == FrameError::BadVersion                   ? "505 HTTP Version Not Supported"
                                                                : "400 Bad Request";
        const QByteArray response = "HTTP/1.1 " + status + "\r\nContent-Length: " + QByteArray::number(text.size() + 1)
            + "\r\nConnection: close\r\n\r\n" + text + "\n";
        m_output += response;
        ServerCounters &counters = m_worker.mutableCounters();
        ++counters.framesOut;
        counters.bytesOut += quint64(response.size());
        return;
    }
    // Only WB1 and HTTP have a way to say what was wrong; other framings just close.
    if (!m_worker.speaksWb1())
        return;
    const Frame frame{quint8(FrameType::Error), 0, sequence, 0, text};
    const qsizetype before = m_output.size();
    if (m_worker.replyCodec().encode(frame, m_output) == FrameError::None) {
        ServerCounters &counters = m_worker.mutableCounters();
        ++counters.framesOut;
        counters.bytesOut += quint64(m_output.size() - before);
    }
}

ConnectionStats ServerConnection::stats() const
{
    ConnectionStats stats;
    stats.id = int(id);
    stats.state = m_closingSinceNs ? ConnectionState::Closing : ConnectionState::Open;
    stats.sent = m_framesSent;
    stats.received = m_framesReceived;
    stats.errors = m_protocolErrors;
    stats.local = QStringLiteral("%1:%2").arg(m_socket->localAddress().toString()).arg(m_socket->localPort());
    stats.remote = QStringLiteral("%1:%2").arg(m_socket->peerAddress().toString()).arg(m_socket->peerPort());
    stats.inFlight = m_delayedCount;
    return stats;
}

void ServerConnection::onBytesWritten()
{
    if (m_qtHasOutput && m_socket->bytesToWrite() == 0)
        m_qtHasOutput = false;
    resumeIfDrained();
}

void ServerConnection::close()
{
    if (m_closingSinceNs)
        return;
    m_closingSinceNs = monotonicNowNs();
    flushOutput();
    shutdownTls();
    // May emit disconnected() at once, which moves this connection to the worker's
    // list of the dead; it stays alive until the worker's next pass.
    m_socket->disconnectFromHost();
}

void ServerConnection::checkDeadlines(qint64 nowNs)
{
    const ServerConfig &config = m_worker.config();
    ServerCounters &counters = m_worker.mutableCounters();
    if (m_closingSinceNs) {
        if (nowNs - m_closingSinceNs > ClosingDeadlineNs)
            m_socket->abort();
        return;
    }
    if (m_tls && !m_tls->isEstablished() && config.frameDeadlineMs > 0
        && nowNs - m_acceptedNs > qint64(config.frameDeadlineMs) * double(NsPerMs)) {
        // A handshake is a frame like any other: a client that stops in it is cut off.
        m_worker.noteTlsError(TlsError::Handshake,
                              QStringLiteral("no TLS handshake within %1 ms (does the client speak TLS?)").arg(config.frameDeadlineMs));
        m_socket->abort();
        return;
    }
    if (m_partialSinceNs && config.frameDeadlineMs > 0
        && nowNs - m_partialSinceNs > qint64(config.frameDeadlineMs) * double(NsPerMs)) {
        ++counters.frameDeadlineTimeouts;
        m_socket->abort();
        return;
    }
    if (config.idleTimeoutMs > 0 && nowNs - m_lastActivityNs > qint64(config.idleTimeoutMs) * double(NsPerMs)) {
        ++counters.idleTimeouts;
        close();
    }
}

} // namespace NetCore
