// SPDX-License-Identifier: GPL-3.0-or-later
#include "fleet/fleetconnection.h"

#include "codec/framecodec.h"
#include "codec/respcodec.h"
#include "io/directio.h"
#include "fleet/fleetworker.h"
#include "fleet/messagetemplate.h"
#include "metrics/trafficentry.h"
#include "io/unbufferedadoption.h"
#include "io/monotonicclock.h"
#include "io/resourcelimits.h"
#include "io/sourcebind.h"
#include "tls/tlschannel.h"

#include <QHostAddress>
#include <QNetworkProxy>
#include <QTcpSocket>

#include <cerrno>

#include <unistd.h>

namespace NetCore {

namespace {

// Above this much unsent output a connection holds messages back instead.
constexpr qint64 OutputHighWater = 1 << 20;

QString describeConnectError(QTcpSocket &socket, const FleetConfig &config)
{
    QString reason = socket.errorString();
    switch (socket.error()) {
    case QAbstractSocket::SocketResourceError:
        reason = ResourceLimits::explainExhaustion(EMFILE);
        break;
    case QAbstractSocket::AddressInUseError:
    case QAbstractSocket::SocketAddressNotAvailableError:
        reason = ResourceLimits::explainExhaustion(EADDRNOTAVAIL);
        break;
    default:
        break;
    }
    return QStringLiteral("cannot connect to %1:%2: %3").arg(config.host).arg(config.port).arg(reason);
}

InFlightRequests::Matching matchingFor(const ReplyMatch &match)
{
    switch (match.kind()) {
    case ReplyMatch::Wb1: return InFlightRequests::Matching::BySequence;
    case ReplyMatch::Field: return InFlightRequests::Matching::ByKey;
    default: return InFlightRequests::Matching::InOrder;
    }
}

} // namespace

FleetConnection::FleetConnection(FleetWorker &worker, int id)
    : m_worker(worker)
    , m_reader(worker.replyCodec())
    , m_inFlight(matchingFor(worker.match()))
    , m_id(id)
{
}

FleetConnection::~FleetConnection()
{
    stopReading();
    if (m_socket) {
        m_socket->disconnect();
        delete m_socket;
    }
}

void FleetConnection::connectToTarget()
{
    stopReading();
    if (m_socket) {
        // A reconnect: the old socket may be inside one of its own signals.
        m_socket->disconnect();
        m_socket->deleteLater();
        ++m_stats.reconnects;
    }
    m_reader.reset();
    m_output.clear();
    m_upgrading = false;
    m_upgradeBuffer = QByteArray();
    m_tlsOn = false;
    m_heardFromPeer = false;
    m_handshaking = false;
    m_tlsPeerClosed = false;
    m_qtHasOutput = false;
    m_ending = false;
    m_socket = new QTcpSocket;
    // Loopback load needs no proxy, and resolving one costs time and memory per socket.
    // One shared value: a QNetworkProxy made per socket was 152 bytes of each connection.
    static const QNetworkProxy noProxy(QNetworkProxy::NoProxy);
    m_socket->setProxy(noProxy);
    // One connection for connected, closed and failed: fewer per-socket allocations.
    QObject::connect(m_socket, &QTcpSocket::stateChanged, &m_worker,
                     [this](QAbstractSocket::SocketState state) { onStateChanged(state); });
    m_watchingWrites = false; // bytesWritten() is connected once Qt holds output (see flush())
    m_state = State::Connecting;
    m_connectStartedNs = monotonicNowNs();
    ++m_worker.counters().connectsStarted;
    QHostAddress address;
    if (m_worker.config().host.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0)
        address = QHostAddress::LocalHost;
    else
        address.setAddress(m_worker.config().host);
    const QHostAddress source = m_worker.sourceAddressFor(m_id);
    if (!source.isNull()) {
        // Bound here rather than by QTcpSocket::bind(), so that the port is chosen at
        // connect() (IP_BIND_ADDRESS_NO_PORT); Qt then connects the bound descriptor.
        QString reason;
        const int fd = SourceBind::openBoundSocket(source, &reason);
        if (fd >= 0
            && !m_socket->setSocketDescriptor(fd, QAbstractSocket::BoundState, QIODevice::ReadWrite | QIODevice::Unbuffered)) {
            reason = QStringLiteral("cannot connect from %1: %2").arg(source.toString(), m_socket->errorString());
            ::close(fd);
        }
        if (!reason.isEmpty()) {
            m_state = State::Closed;
            ++m_worker.counters().connectFailures;
            settle(false, reason);
            ended();
            return;
        }
    }
    // Unbuffered: reads and writes go straight between the kernel and our buffers.
    m_socket->connectToHost(address, m_worker.config().port, QIODevice::ReadWrite | QIODevice::Unbuffered);
}

void FleetConnection::onStateChanged(QAbstractSocket::SocketState state)
{
    if (state == QAbstractSocket::ConnectedState && m_state == State::Connecting)
        onConnected();
    else if (state == QAbstractSocket::UnconnectedState && m_state == State::Connecting)
        onConnectFailed();
    else if (state == QAbstractSocket::UnconnectedState)
        onDisconnected();
}

void FleetConnection::stopReading()
{
    m_readWatch.stop();
    m_fd = -1; // the descriptor may close and be reused: never send on it again
}

void FleetConnection::onConnected()
{
    m_state = State::Open;
    // The connection reads its descriptor itself (see ServerConnection): Qt's read
    // path per readiness is several calls and cache misses on per-socket objects.
    stopQtReadNotifications(*m_socket);
    m_fd = int(m_socket->socketDescriptor());
    m_readWatch.start(m_fd, *this);
    m_socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    const qint64 now = monotonicNowNs();
    m_worker.recordConnect(now - m_connectStartedNs);
    // TLS first, unless the opening exchange switches to it later (starttls).
    if (m_worker.tlsContext() && !m_worker.startsTlsLater()) {
        startTls(now);
        return;
    }
    continueOpening();
}

void FleetConnection::continueOpening()
{
    if (m_worker.speaksWebSocket()) {
        // The HTTP upgrade first; the hello (if any) follows it (readUpgrade()).
        startUpgrade(monotonicNowNs());
        flush();
        return;
    }
    if (!m_worker.helloMessages().isEmpty()) {
        // The opening exchange first; the connection counts as open once it is done.
        m_helloStep = 0;
        sendHelloStep(monotonicNowNs());
        flush();
        return;
    }
    finishOpening();
}

void FleetConnection::finishOpening()
{
    m_helloStep = -1;
    ++m_worker.counters().connectsSucceeded;
    m_failedAttempts = 0;
    settle(true, {});
    if (!m_heldBack.isEmpty()) {
        // Requests a server close left unanswered go first.
        releaseHeldBack(monotonicNowNs());
        flush();
    }
    if (m_worker.isClosedLoop()) {
        fillWindow(monotonicNowNs());
        flush();
    }
    m_worker.connectionOpened();
}

void FleetConnection::onConnectFailed()
{
    m_state = State::Closed;
    ++m_worker.counters().connectFailures;
    settle(false, describeConnectError(*m_socket, m_worker.config()));
    ended();
}

void FleetConnection::settle(bool opened, const QString &error)
{
    // Only the first attempt counts towards connectionsSettled(); reconnects are counted apart.
    if (m_settled)
        return;
    m_settled = true;
    m_worker.connectionSettled(opened, error);
}

void FleetConnection::describeEnds(QString &local, QString &remote) const
{
    remote = QStringLiteral("%1:%2").arg(m_worker.config().host).arg(m_worker.config().port);
    if (m_socket && (m_state == State::Open || m_state == State::Closing))
        local = QStringLiteral("%1:%2").arg(m_socket->localAddress().toString()).arg(m_socket->localPort());
}

void FleetConnection::cancelPendingConnect()
{
    if (m_state == State::Idle)
        m_state = State::Closed;
}

void FleetConnection::onDisconnected()
{
    if (m_state != State::Open && m_state != State::Closing)
        return;
    if (m_handshaking) {
        failTls(TlsError::Handshake, QStringLiteral("the server closed the connection during the TLS handshake (does it speak TLS on this port?)"));
        return;
    }
    if (m_helloStep >= 0) {
        failOpening(QStringLiteral("the server closed the connection before replying to hello %1").arg(m_helloStep + 1));
        return;
    }
    if (m_state == State::Open)
        ++m_worker.counters().disconnects;
    ended();
}

void FleetConnection::ended()
{
    stopReading(); // before the descriptor can be closed or reused
    if (m_ending)
        return;
    m_ending = true;
    FleetCounters &counters = m_worker.counters();
    if (m_state == State::Open || m_state == State::Closing)
        ++counters.closed;
    counters.lost += quint64(m_inFlight.size());
    m_stats.errors += quint64(m_inFlight.size());
    m_inFlight.clear();
    if (!m_reopenAtOnce) {
        counters.unsent += quint64(m_heldBack.size());
        m_heldBack.clear();
    }
    m_state = State::Closed;
    m_worker.connectionEnded(this);
}

void FleetConnection::close()
{
    if (m_state == State::Connecting) {
        m_state = State::Closed;
        // A first attempt cut short never opened; a reopen cut short failed nothing.
        if (!m_settled)
            ++m_worker.counters().connectFailures;
        settle(false, QStringLiteral("connect cancelled: the fleet stopped"));
        ended();
        stopReading();
        m_socket->abort();
        return;
    }
    if (m_state != State::Open)
        return;
    if (m_helloStep >= 0 || m_handshaking) {
        // Stopped during the opening exchange: the connection was never put to work.
        m_helloStep = -1;
        m_handshaking = false;
        settle(false, QStringLiteral("connection %1: the fleet stopped during its opening exchange").arg(m_id));
        m_state = State::Closing;
        flush();
        m_socket->disconnectFromHost();
        return;
    }
    m_state = State::Closing;
    appendGoodbye();
    flush();
    shutdownTls();
    m_socket->disconnectFromHost();
}

void FleetConnection::abort()
{
    if (m_state == State::Closed)
        return;
    if (m_state == State::Connecting) {
        close();
        return;
    }
    stopReading();
    m_socket->abort();
    ended(); // in case abort() did not report the disconnection
}

bool FleetConnection::maySendNow() const
{
    if (!isReady())
        return false;
    const int cap = m_worker.config().maxInFlight;
    if (cap > 0 && m_inFlight.size() >= cap)
        return false;
    // Asking Qt costs a cache miss per message; only ask when it holds something.
    return (m_qtHasOutput ? m_socket->bytesToWrite() : 0) + m_output.size() < OutputHighWater;
}

void FleetConnection::submit(qint64 dueNs, qint64 nowNs)
{
    // Messages waiting go first, in order, if there is room for them now: room can
    // come back without a signal (the kernel took everything, Qt held nothing).
    if (!m_heldBack.isEmpty())
        releaseHeldBack(nowNs);
    if (m_heldBack.isEmpty() && maySendNow() && sendNow(dueNs, nowNs)) {
        m_worker.markDirty(this);
        return;
    }
    if (m_heldBack.size() >= m_worker.config().maxBacklog) {
        ++m_worker.counters().backlogOverflows;
        ++m_stats.errors;
        return;
    }
    m_heldBack.append(dueNs);
}

void FleetConnection::fillWindow(qint64 nowNs)
{
    if (topUpWindow(nowNs))
        m_worker.markDirty(this);
}

bool FleetConnection::topUpWindow(qint64 nowNs)
{
    if (!m_worker.isClosedLoop() || !isReady())
        return false;
    // Messages held back (their match key still in flight) count against the window.
    const qint64 granted
        = m_worker.takeSendPermits(m_worker.config().window - m_inFlight.size() - m_heldBack.size());
    if (granted <= 0)
        return false;
    if (!m_traced && m_worker.constantFrameSize() > 0) {
        appendConstantFrames(granted, nowNs, nowNs);
        return true;
    }
    for (qint64 i = 0; i < granted; ++i) {
        if (!sendNow(nowNs, nowNs))
            m_heldBack.append(nowNs);
    }
    return true;
}

void FleetConnection::appendConstantFrames(qint64 count, qint64 dueNs, qint64 nowNs)
{
    // The same bytes as encoding each would give (see FleetWorker); no sequence on
    // the wire, so only the requests in flight are counted one by one.
    const QByteArray &frames = m_worker.constantFrames();
    const qsizetype frameSize = m_worker.constantFrameSize();
    const qsizetype perCopy = frames.size() / frameSize;
    for (qint64 left = count; left > 0;) {
        const qsizetype batch = qsizetype(std::min<qint64>(left, perCopy));
        m_output.append(frames.constData(), batch * frameSize);
        for (qsizetype i = 0; i < batch; ++i)
            m_inFlight.append({m_nextSequence++, dueNs, nowNs, quint32(m_stats.sent + quint64(i) + 1), false});
        left -= batch;
    }
    FleetCounters &counters = m_worker.counters();
    counters.sent += quint64(count);
    counters.bytesOut += quint64(count) * quint64(frameSize);
    m_stats.sent += quint64(count);
}

bool FleetConnection::sendNow(qint64 dueNs, qint64 nowNs, const MessageTemplate *chosen, bool traced)
{
    if (!chosen && !traced && !m_traced && m_worker.constantFrameSize() > 0) {
        appendConstantFrames(1, dueNs, nowNs);
        return true;
    }
    const MessageTemplate &message = chosen ? *chosen : m_worker.message();
    const quint64 sequence = message.fixedSequence ? *message.fixedSequence : m_nextSequence;
    const quint64 timestamp = message.fixedTimestamp ? *message.fixedTimestamp : quint64(nowNs);
    const QByteArrayView payload = message.hasFields()
        ? message.render(m_stats.sent, nextFieldValues(message), m_worker.fieldScratch())
        : message.payloadFor(m_stats.sent);
    const Frame frame{message.wb1Type, message.wb1Flags, sequence, timestamp, payload};
    const qsizetype before = m_output.size();
    if (m_worker.codec().encode(frame, m_output) != FrameError::None)
        return true; // checked when the fleet started; a field that overflowed is dropped
    const ReplyMatch &match = m_worker.match();
    // A NO_REPLY message expects nothing back: it is sent and done.
    const bool expectsReply = match.kind() != ReplyMatch::None
        && !(m_worker.codec().matchesBySequence() && (message.wb1Flags & FrameFlag::NoReply));
    quint64 key = sequence;
    if (expectsReply && match.kind() == ReplyMatch::Field) {
        const auto found = match.keyAt(QByteArrayView(m_output).sliced(before), 0, match.requestOffset());
        // A key still in flight is not reused: the message waits (a reply could not tell them apart).
        if (!found || m_inFlight.findKey(*found) >= 0) {
            m_output.resize(before);
            return false;
        }
        key = *found;
    }
    if (!message.fixedSequence)
        ++m_nextSequence;
    if (message.hasFields())
        ++m_fieldSequence;
    if (expectsReply)
        m_inFlight.append({key, dueNs, nowNs, quint32(m_stats.sent + 1), traced || m_traced});
    if (traced || m_traced)
        trace(true, frame, nowNs, -1);
    FleetCounters &counters = m_worker.counters();
    ++counters.sent;
    counters.bytesOut += quint64(m_output.size() - before);
    ++m_stats.sent;
    return true;
}

void FleetConnection::releaseHeldBack(qint64 nowNs)
{
    while (!m_heldBack.isEmpty() && maySendNow()) {
        if (!sendNow(m_heldBack.constFirst(), nowNs))
            break;
        m_heldBack.removeFirst();
    }
}

void FleetConnection::onReadable()
{
    FleetCounters &counters = m_worker.counters();
    QByteArray &scratch = m_worker.readScratch();
    if (m_fd < 0 || !m_readWatch.isActive())
        return;
    for (;;) {
        const qsizetype received = receiveDirect(m_fd, scratch);
        if (received == NothingToReceive)
            break;
        if (received == PeerGone) {
            // The peer closed (0) or the connection failed: Qt never saw it, as
            // it no longer reads this socket, so our end is closed here.
            stopReading();
            onDisconnected();
            if (m_socket)
                m_socket->abort();
            return;
        }
        counters.bytesIn += quint64(received);
        // One clock reading per batch: every reply in it arrived by now.
        const qint64 now = monotonicNowNs();
        QByteArrayView bytes(scratch.constData(), received);
        if (!unwrapTls(bytes, now))
            return; // failed, or the handshake ended the connection
        m_heardFromPeer = true;
        if (m_upgrading) {
            // WebSocket: the upgrade's answer, then (appended to the reader) any frames after it.
            if (!readUpgrade(bytes, now))
                return;
            if (m_upgrading && !m_tlsPeerClosed)
                continue;
        } else if (!bytes.isEmpty()) {
            // Decoded in place; only a partial frame's rest is copied (the next recv()
            // reuses the scratch buffer).
            m_reader.feed(bytes);
        }
        for (;;) {
            Frame frame;
            const DecodeResult result = m_reader.next(frame);
            if (result.status == DecodeResult::Status::Incomplete)
                break;
            if (result.status == DecodeResult::Status::Complete) {
                handleFrame(frame, now);
                if (m_fd < 0)
                    return; // the frame ended the connection (a failed opening exchange)
                continue;
            }
            ++counters.decodeErrors[size_t(result.error)];
            ++m_stats.errors;
            if (result.isFatal()) {
                // The stream cannot be trusted past this point.
                stopReading();
                m_socket->abort();
                return;
            }
        }
        m_reader.settle();
        if (m_tlsPeerClosed) {
            // close_notify: what came before it is read; the connection ends as a peer close.
            stopReading();
            onDisconnected();
            if (m_socket)
                m_socket->abort();
            return;
        }
        // Closed loop: the window refilled once per read, with every reply in it
        // counted (it may have changed, or been overfilled by a burst).
        topUpWindow(now);
        releaseHeldBack(now);
        if (received < scratch.size())
            break; // the kernel had no more: the next readiness brings the rest
    }
    flush();
}

void FleetConnection::handleFrame(const Frame &frame, qint64 nowNs)
{
    FleetCounters &counters = m_worker.counters();
    ++m_framesIn;
    if (m_worker.speaksWebSocket() && handleControlFrame(frame, nowNs))
        return;
    if (m_helloStep >= 0) {
        handleHelloReply(frame, nowNs);
        return;
    }
    const ReplyMatch &match = m_worker.match();
    if (match.kind() == ReplyMatch::None) {
        // Fire and forget: replies are counted, not timed.
        ++counters.received;
        ++m_stats.received;
        if (m_traced)
            trace(false, frame, nowNs, -1);
        return;
    }
    qsizetype index = -1;
    if (match.kind() == ReplyMatch::Field) {
        const auto key = match.keyAt(frame.payload, m_worker.replyPayloadStart(), match.replyOffset());
        index = key ? m_inFlight.findKey(*key) : -1;
    } else {
        index = m_inFlight.find(frame);
    }
    // Traced: this connection's frames, or the reply to a traced request. Nothing to
    // look for until the worker has traced something.
    if (m_worker.isTracing() && (m_traced || (index >= 0 && m_inFlight[index].traced)))
        trace(false, frame, nowNs, index >= 0 ? nowNs - m_inFlight[index].sentNs : -1,
              index >= 0 ? m_inFlight[index].ordinal : 0);
    if (m_worker.replyCodec().matchesBySequence()) {
        if (frame.type == quint8(FrameType::Error)) {
            ++counters.errorFrames;
            ++m_stats.errors;
            if (index >= 0)
                m_inFlight.take(index);
            return;
        }
        if (frame.type != quint8(FrameType::Reply)) {
            ++counters.unmatched;
            return;
        }
    }
    if (index < 0) {
        ++counters.unmatched;
        return;
    }
    // A server's error reply answers its request: timed like any reply, counted apart.
    if (m_worker.repliesAreResp() && RespCodec::isErrorReply(frame.payload))
        ++counters.serverErrors;
    if (frame.status != 0)
        counters.countStatus(frame.status);
    complete(index, nowNs);
    if (frame.flags & FrameFlag::CloseAfter)
        endAfterServerClose();
}

void FleetConnection::complete(qsizetype index, qint64 nowNs)
{
    const InFlightRequests::Request request = m_inFlight.take(index);
    const qint64 roundTrip = nowNs - request.sentNs;
    m_worker.recordRoundTrip(request.dueNs, request.sentNs, nowNs);
    ++m_worker.counters().received;
    ++m_stats.received;
    m_stats.lastRoundTripNs = roundTrip;
    m_stats.maxRoundTripNs = std::max(m_stats.maxRoundTripNs, roundTrip);
}

void FleetConnection::onBytesWritten()
{
    if (m_qtHasOutput && m_socket->bytesToWrite() == 0)
        m_qtHasOutput = false;
    if (!m_heldBack.isEmpty()) {
        releaseHeldBack(monotonicNowNs());
        flush();
    }
}

} // namespace NetCore
