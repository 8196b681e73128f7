// SPDX-License-Identifier: GPL-3.0-or-later
#include "proxy/proxylink.h"

#include "io/monotonicclock.h"
#include "io/socketnames.h"
#include "proxy/proxyworker.h"

#include <QSocketNotifier>

#include <algorithm>
#include <cerrno>
#include <utility>

#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <unistd.h>

namespace NetCore {

namespace {

// Reads per wake-up of one side: enough to drain a burst, few enough that one busy
// connection does not starve the others on its thread.
constexpr int ReadsPerWake = 4;

void setNoDelay(int fd)
{
    const int on = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
}

// A notifier may be dropped from inside its own signal: it goes on the next pass.
void dropNotifier(std::unique_ptr<QSocketNotifier> &notifier)
{
    if (!notifier)
        return;
    notifier->setEnabled(false);
    QObject::disconnect(notifier.get(), nullptr, nullptr, nullptr);
    notifier.release()->deleteLater();
}

// A close that sends RST instead of FIN: how a reset is passed on.
void closeWithReset(int fd)
{
    const linger abortive{1, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &abortive, sizeof abortive);
    ::close(fd);
}

} // namespace

void ProxyLeg::onReadable()
{
    m_link.onReadable(*this);
}

ProxyLink::ProxyLink(ProxyWorker &worker, int clientFd, qint64 nowNs)
    : m_worker(worker)
    , m_client(*this)
    , m_server(*this)
    , m_startedNs(nowNs)
{
    m_client.fd = clientFd;
}

ProxyLink::~ProxyLink()
{
    close();
}

bool ProxyLink::start(const SocketAddress &upstream)
{
    {
        sockaddr_storage peer{};
        socklen_t length = sizeof peer;
        if (::getpeername(m_client.fd, reinterpret_cast<sockaddr *>(&peer), &length) == 0)
            m_clientAddress = QHostAddress(reinterpret_cast<const sockaddr *>(&peer));
    }
    if (m_worker.recording())
        m_worker.record(CaptureEvent{CaptureEvent::Kind::Open, id, monotonicNowNs(), {}, peerAddressOf(m_client.fd)});
    if (const auto &codec = m_worker.codec()) {
        for (auto &stage : m_stages)
            stage = std::make_unique<FrameStage>(*m_worker.config().framing, codec);
    }
    ::fcntl(m_client.fd, F_SETFL, ::fcntl(m_client.fd, F_GETFL) | O_NONBLOCK);
    setNoDelay(m_client.fd);
    m_server.fd = ::socket(upstream.storage.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (m_server.fd < 0) {
        ++m_worker.mutableCounters().upstreamRefused;
        close();
        return false;
    }
    setNoDelay(m_server.fd);
    // The client is read at once: what it sends before the upstream accepts waits here (bounded).
    m_client.readWatch.start(m_client.fd, m_client);
    if (::connect(m_server.fd, reinterpret_cast<const sockaddr *>(&upstream.storage), upstream.length) == 0) {
        onConnectResult();
        return !m_closed;
    }
    if (errno != EINPROGRESS) {
        m_worker.noteUpstream(false);
        ++m_worker.mutableCounters().upstreamRefused;
        close();
        return false;
    }
    m_connecting = true;
    watchWrites(m_server, true); // writable: connected, or failed (SO_ERROR says which)
    return true;
}

void ProxyLink::onConnectResult()
{
    int error = 0;
    socklen_t length = sizeof error;
    if (::getsockopt(m_server.fd, SOL_SOCKET, SO_ERROR, &error, &length) < 0)
        error = errno;
    m_connecting = false;
    m_worker.noteUpstream(error == 0);
    if (error != 0) {
        ++m_worker.mutableCounters().upstreamRefused;
        close();
        return;
    }
    ++m_worker.mutableCounters().upstreamConnected;
    watchWrites(m_server, false);
    m_server.readWatch.start(m_server.fd, m_server);
    if (flush(m_server))
        passEndsOn();
}

void ProxyLink::checkDeadlines(qint64 nowNs)
{
    if (m_connecting && nowNs - m_startedNs > qint64(m_worker.config().connectTimeoutMs) * 1'000'000) {
        m_worker.noteUpstream(false);
        ++m_worker.mutableCounters().upstreamTimeouts;
        close();
    }
}

void ProxyLink::abort()
{
    close();
}

void ProxyLink::onReadable(ProxyLeg &from)
{
    if (m_closed)
        return;
    QByteArray &scratch = m_worker.scratch();
    ProxyLeg &to = otherSide(from);
    for (int i = 0; i < ReadsPerWake && !from.paused; ++i) {
        // No more than the other side has room for: a direction never holds more than maxBuffered.
        const qsizetype room = m_worker.config().maxBuffered - heldFor(to);
        if (room <= 0) {
            pauseIfFull(from);
            return;
        }
        const ssize_t n = ::recv(from.fd, scratch.data(), size_t(std::min(scratch.size(), room)), 0);
        if (n > 0) {
            noteChunk(from, QByteArrayView(scratch.constData(), n));
            forward(from, QByteArrayView(scratch.constData(), n));
            if (m_closed)
                return;
            if (n < std::min(scratch.size(), room))
                return; // the kernel had no more
            continue;
        }
        if (n == 0) {
            // EOF: nothing more comes from this side; level-triggered, so stop watching it.
            from.readEnded = true;
            from.readWatch.setEnabled(false);
            const qint64 now = monotonicNowNs();
            forwardPartialFrame(from, now); // a last message cut short still goes on, as it came
            if (m_closed)
                return;
            m_endDueNs[directionOf(from)] = m_chains[directionOf(from)].endDueNs(now);
            passEndsOn();
            if (!m_closed)
                scheduleWake(now);
            return;
        }
        if (errno == EINTR)
            continue;
        if (errno == EAGAIN || errno == EWOULDBLOCK)
            return;
        resetFrom(from);
        return;
    }
}

void ProxyLink::noteChunk(const ProxyLeg &from, QByteArrayView bytes)
{
    const int direction = directionOf(from);
    ProxyCounters &counters = m_worker.mutableCounters();
    (direction == 0 ? counters.bytesUpstream : counters.bytesDownstream) += quint64(bytes.size());
    ++(direction == 0 ? counters.chunksUpstream : counters.chunksDownstream);
    m_bytes[direction] += quint64(bytes.size());
    ++m_chunks[direction];
    // What each peer sent, before the faults: without a framing, as chunks; with one, as frames (proxylinkframes.cpp).
    if (m_worker.recording() && !m_stages[direction])
        m_worker.record(CaptureEvent{direction == 0 ? CaptureEvent::Kind::Up : CaptureEvent::Kind::Down, id, monotonicNowNs(),
                                     bytes.toByteArray(), {}});
    // The clock only for the first chunk each way, or for a traced connection.
    if (m_firstByteNs[direction] < 0 || traced) {
        const qint64 now = monotonicNowNs();
        if (m_firstByteNs[direction] < 0)
            m_firstByteNs[direction] = now;
        if (traced && !m_stages[direction]) { // framed: each frame is traced instead
            TrafficEntry entry;
            entry.timeNs = now;
            entry.outgoing = direction == 0; // as the client sees it: it sent, it received
            entry.sequence = m_chunks[direction];
            entry.payload = bytes.first(std::min(bytes.size(), TrafficEntry::MaxBytes)).toByteArray();
            entry.payloadSize = bytes.size();
            entry.kind = direction == 0 ? QStringLiteral("to server") : QStringLiteral("to client");
            m_worker.trace(id, std::move(entry));
        }
    }
}

void ProxyLink::forward(ProxyLeg &from, QByteArrayView bytes)
{
    if (m_stages[directionOf(from)])
        forwardFrames(from, bytes);
    else
        deliver(from, bytes, 0, 0);
}

qint64 ProxyLink::deliver(ProxyLeg &from, QByteArrayView bytes, qint64 nowNs, qint64 notBeforeNs)
{
    ProxyLeg &to = otherSide(from);
    const int direction = directionOf(from);
    ProxyCounters &counters = m_worker.mutableCounters();
    if (!m_chains[direction].isEmpty() || !m_queues[direction].empty() || notBeforeNs > nowNs) {
        // Through the toxics (or after a frame's delay): the pieces wait until due, in order.
        const qint64 now = nowNs > 0 ? nowNs : monotonicNowNs();
        const qint64 start = std::max(now, notBeforeNs);
        std::deque<ToxicPiece> &queue = m_queues[direction];
        const size_t before = queue.size();
        if (m_chains[direction].isEmpty())
            queue.push_back(ToxicPiece{start, QByteArray(bytes.data(), bytes.size()), false});
        else
            m_chains[direction].push(bytes, start, queue, m_worker.random());
        for (size_t i = before; i < queue.size(); ++i)
            m_queuedBytes[direction] += queue[i].bytes.size();
        const qint64 due = queue.empty() ? start : queue.back().dueNs;
        counters.bufferedPeak = std::max(counters.bufferedPeak, quint64(heldFor(to)));
        release(direction, now);
        if (m_closed)
            return due;
        pauseIfFull(from);
        scheduleWake(now);
        return due;
    }
    // Straight from the read buffer when nothing waits before it and the other side is up.
    const bool canSendNow = to.pendingBytes() == 0 && !(&to == &m_server && m_connecting);
    if (canSendNow) {
        const ssize_t sent = ::send(to.fd, bytes.data(), size_t(bytes.size()), MSG_NOSIGNAL | MSG_DONTWAIT);
        if (sent < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
            resetFrom(to);
            return nowNs;
        }
        bytes = bytes.sliced(std::max<ssize_t>(sent, 0));
    }
    if (bytes.isEmpty())
        return nowNs;
    if (to.pendingOffset > 0 && to.pendingOffset == to.pending.size()) {
        to.pending.clear();
        to.pendingOffset = 0;
    }
    to.pending.append(bytes.data(), bytes.size());
    counters.bufferedPeak = std::max(counters.bufferedPeak, quint64(heldFor(to)));
    if (!(&to == &m_server && m_connecting))
        watchWrites(to, true);
    pauseIfFull(from);
    return nowNs;
}

qsizetype ProxyLink::heldFor(ProxyLeg &to) const
{
    const int direction = &to == &m_server ? 0 : 1;
    // A partial frame waiting to be decoded is on its way too.
    const qsizetype framing = m_stages[direction] ? m_stages[direction]->bufferedBytes() : 0;
    return to.pendingBytes() + m_queuedBytes[direction] + framing;
}

void ProxyLink::pauseIfFull(ProxyLeg &from)
{
    if (from.paused || heldFor(otherSide(from)) < m_worker.config().maxBuffered)
        return;
    from.paused = true;
    from.readWatch.setEnabled(false);
    ProxyCounters &counters = m_worker.mutableCounters();
    ++(&from == &m_client ? counters.pausesUpstream : counters.pausesDownstream);
}

void ProxyLink::release(int direction, qint64 nowNs)
{
    ProxyLeg &from = direction == 0 ? m_client : m_server;
    ProxyLeg &to = otherSide(from);
    std::deque<ToxicPiece> &queue = m_queues[direction];
    bool released = false;
    while (!queue.empty() && queue.front().dueNs <= nowNs) {
        ToxicPiece piece = std::move(queue.front());
        queue.pop_front();
        m_queuedBytes[direction] -= piece.bytes.size();
        if (to.pendingOffset > 0 && to.pendingOffset == to.pending.size()) {
            to.pending.clear();
            to.pendingOffset = 0;
        }
        to.pending.append(piece.bytes);
        released = true;
        if (piece.endsConnection) {
            // limit_data: nothing more goes either way; the link closes once this is written.
            m_closeWhenDelivered = true;
            for (ProxyLeg *leg : {&m_client, &m_server}) {
                leg->paused = true;
                leg->readWatch.setEnabled(false);
            }
            for (int d = 0; d < 2; ++d) {
                m_queues[d].clear();
                m_queuedBytes[d] = 0;
            }
            ++m_worker.mutableCounters().toxicCloses;
            break;
        }
    }
    if (released && !(&to == &m_server && m_connecting))
        flush(to);
}

void ProxyLink::updateFaults(const QList<Toxic> &toxics, const QList<FrameFault> &frameFaults, qint64 nowNs,
                             std::mt19937_64 &random)
{
    if (m_closed)
        return;
    // Aimed toxics (from=) apply to clients from there only.
    QList<Toxic> applying;
    for (const Toxic &toxic : toxics) {
        if (toxic.appliesTo(m_clientAddress))
            applying << toxic;
    }
    m_chains[0].update(applying, Toxic::Stream::Upstream, nowNs, random);
    m_chains[1].update(applying, Toxic::Stream::Downstream, nowNs, random);
    for (int d = 0; d < 2; ++d) {
        if (m_stages[d])
            m_stages[d]->update(frameFaults, d == 0 ? Toxic::Stream::Upstream : Toxic::Stream::Downstream, m_clientAddress, nowNs,
                                random);
    }
    for (int d = 0; d < 2 && !m_closed; ++d) {
        if (!m_chains[d].holds()) {
            for (ToxicPiece &piece : m_queues[d]) {
                if (piece.dueNs == ToxicPiece::Held)
                    piece.dueNs = nowNs; // the timeout toxic went: what it held goes on
            }
        }
        release(d, nowNs);
    }
    if (!m_closed) {
        passEndsOn();
        if (!m_closed)
            scheduleWake(nowNs);
    }
}

void ProxyLink::onTimer(qint64 nowNs)
{
    if (m_closed)
        return;
    m_wakeNs = 0;
    for (const ToxicChain &chain : m_chains) {
        const auto deadline = chain.deadline();
        if (!deadline || deadline->atNs > nowNs)
            continue;
        // timeout closes both sides; reset_peer resets them.
        ProxyCounters &counters = m_worker.mutableCounters();
        if (deadline->reset) {
            ++counters.toxicResets;
            for (ProxyLeg *leg : {&m_client, &m_server}) {
                leg->readWatch.stop();
                dropNotifier(leg->writeNotifier);
                if (leg->fd >= 0 && !(leg == &m_server && m_connecting))
                    closeWithReset(std::exchange(leg->fd, -1));
            }
        } else {
            ++counters.toxicCloses;
        }
        close();
        return;
    }
    for (int d = 0; d < 2 && !m_closed; ++d)
        release(d, nowNs);
    if (m_closed)
        return;
    passEndsOn();
    if (!m_closed)
        scheduleWake(nowNs);
}

void ProxyLink::scheduleWake(qint64 nowNs)
{
    qint64 next = ToxicPiece::Held;
    for (int d = 0; d < 2; ++d) {
        if (!m_queues[d].empty())
            next = std::min(next, m_queues[d].front().dueNs);
        const ProxyLeg &from = d == 0 ? m_client : m_server;
        if (from.readEnded && m_endDueNs[d] > nowNs)
            next = std::min(next, m_endDueNs[d]);
        if (const auto deadline = m_chains[d].deadline())
            next = std::min(next, deadline->atNs);
    }
    if (next == ToxicPiece::Held || (m_wakeNs != 0 && m_wakeNs <= next))
        return;
    m_wakeNs = next;
    m_worker.wakeAt(this, next);
}

void ProxyLink::onWritable(ProxyLeg &to)
{
    if (m_closed)
        return;
    if (&to == &m_server && m_connecting) {
        onConnectResult();
        return;
    }
    if (flush(to))
        passEndsOn();
}

bool ProxyLink::flush(ProxyLeg &to)
{
    while (to.pendingBytes() > 0) {
        const ssize_t sent = ::send(to.fd, to.pending.constData() + to.pendingOffset, size_t(to.pendingBytes()),
                                    MSG_NOSIGNAL | MSG_DONTWAIT);
        if (sent > 0) {
            to.pendingOffset += sent;
            continue;
        }
        if (sent < 0 && errno == EINTR)
            continue;
        if (sent < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            watchWrites(to, true);
            break;
        }
        resetFrom(to);
        return false;
    }
    if (to.pendingBytes() == 0) {
        to.pending.clear();
        to.pendingOffset = 0;
        watchWrites(to, false);
    } else if (to.pendingOffset > to.pending.size() / 2) {
        to.pending.remove(0, to.pendingOffset); // keep the buffer from growing by its sent front
        to.pendingOffset = 0;
    }
    if (m_closeWhenDelivered) {
        if (m_client.pendingBytes() == 0 && m_server.pendingBytes() == 0) {
            close();
            return false;
        }
        return true;
    }
    // Below half the bound again: the side these bytes come from is read again.
    ProxyLeg &from = otherSide(to);
    // (A partial frame being decoded does not count here: it shrinks only once read on.)
    const int direction = &to == &m_server ? 0 : 1;
    if (from.paused && to.pendingBytes() + m_queuedBytes[direction] < m_worker.config().maxBuffered / 2) {
        from.paused = false;
        if (!from.readEnded) {
            from.readWatch.setEnabled(true);
            onReadable(from); // level-triggered, but what waited may be all there is
        }
    }
    return !m_closed;
}

void ProxyLink::passEndsOn()
{
    if (m_closed || m_connecting || m_closeWhenDelivered)
        return;
    ProxyCounters &counters = m_worker.mutableCounters();
    const qint64 now = monotonicNowNs();
    for (ProxyLeg *from : {&m_client, &m_server}) {
        ProxyLeg &to = otherSide(*from);
        const int direction = directionOf(*from);
        if (from->readEnded && !to.writeShut && to.pendingBytes() == 0 && m_queues[direction].empty()
            && now >= m_endDueNs[direction]) {
            to.writeShut = true;
            ::shutdown(to.fd, SHUT_WR);
            ++(from == &m_client ? counters.halfClosesUpstream : counters.halfClosesDownstream);
        }
    }
    if (m_client.writeShut && m_server.writeShut)
        close();
}

void ProxyLink::resetFrom(ProxyLeg &failed)
{
    if (m_closed)
        return;
    ProxyCounters &counters = m_worker.mutableCounters();
    ++(&failed == &m_client ? counters.resetsFromClient : counters.resetsFromServer);
    ProxyLeg &other = otherSide(failed);
    other.readWatch.stop();
    dropNotifier(other.writeNotifier);
    if (other.fd >= 0 && !(&other == &m_server && m_connecting))
        closeWithReset(std::exchange(other.fd, -1));
    close();
}

void ProxyLink::watchWrites(ProxyLeg &leg, bool enabled)
{
    if (!leg.writeNotifier) {
        if (!enabled)
            return;
        leg.writeNotifier = std::make_unique<QSocketNotifier>(leg.fd, QSocketNotifier::Write);
        QObject::connect(leg.writeNotifier.get(), &QSocketNotifier::activated, leg.writeNotifier.get(),
                         [this, &leg] { onWritable(leg); });
    }
    if (leg.writeNotifier->isEnabled() != enabled)
        leg.writeNotifier->setEnabled(enabled);
}

void ProxyLink::close()
{
    if (m_closed)
        return;
    m_closed = true;
    if (m_worker.recording())
        m_worker.record(CaptureEvent{CaptureEvent::Kind::Close, id, monotonicNowNs(), {}, {}});
    // Watches go before their descriptors: a closed number may be reused at once.
    for (ProxyLeg *leg : {&m_client, &m_server}) {
        leg->readWatch.stop();
        dropNotifier(leg->writeNotifier);
        if (leg->fd >= 0)
            ::close(std::exchange(leg->fd, -1));
        leg->pending = QByteArray();
        leg->pendingOffset = 0;
    }
    m_worker.remove(this);
}

} // namespace NetCore
