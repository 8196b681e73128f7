// SPDX-License-Identifier: GPL-3.0-or-later
#include "proxy/proxylink.h"

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
    for (int i = 0; i < ReadsPerWake && !from.paused; ++i) {
        const ssize_t n = ::recv(from.fd, scratch.data(), size_t(scratch.size()), 0);
        if (n > 0) {
            ProxyCounters &counters = m_worker.mutableCounters();
            if (&from == &m_client) {
                counters.bytesUpstream += quint64(n);
                ++counters.chunksUpstream;
            } else {
                counters.bytesDownstream += quint64(n);
                ++counters.chunksDownstream;
            }
            forward(from, QByteArrayView(scratch.constData(), n));
            if (m_closed)
                return;
            if (n < scratch.size())
                return; // the kernel had no more
            continue;
        }
        if (n == 0) {
            // EOF: nothing more comes from this side; level-triggered, so stop watching it.
            from.readEnded = true;
            from.readWatch.setEnabled(false);
            passEndsOn();
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

void ProxyLink::forward(ProxyLeg &from, QByteArrayView bytes)
{
    ProxyLeg &to = otherSide(from);
    // Straight from the read buffer when nothing waits before it and the other side is up.
    const bool canSendNow = to.pendingBytes() == 0 && !(&to == &m_server && m_connecting);
    if (canSendNow) {
        const ssize_t sent = ::send(to.fd, bytes.data(), size_t(bytes.size()), MSG_NOSIGNAL | MSG_DONTWAIT);
        if (sent < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
            resetFrom(to);
            return;
        }
        bytes = bytes.sliced(std::max<ssize_t>(sent, 0));
    }
    if (bytes.isEmpty())
        return;
    if (to.pendingOffset > 0 && to.pendingOffset == to.pending.size()) {
        to.pending.clear();
        to.pendingOffset = 0;
    }
    to.pending.append(bytes.data(), bytes.size());
    ProxyCounters &counters = m_worker.mutableCounters();
    counters.bufferedPeak = std::max(counters.bufferedPeak, quint64(to.pendingBytes()));
    if (!(&to == &m_server && m_connecting))
        watchWrites(to, true);
    if (to.pendingBytes() >= m_worker.config().maxBuffered && !from.paused) {
        from.paused = true;
        from.readWatch.setEnabled(false);
        ++(&from == &m_client ? counters.pausesUpstream : counters.pausesDownstream);
    }
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
    // Below half the bound again: the side these bytes come from is read again.
    ProxyLeg &from = otherSide(to);
    if (from.paused && to.pendingBytes() < m_worker.config().maxBuffered / 2) {
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
    if (m_closed || m_connecting)
        return;
    ProxyCounters &counters = m_worker.mutableCounters();
    for (ProxyLeg *from : {&m_client, &m_server}) {
        ProxyLeg &to = otherSide(*from);
        if (from->readEnded && !to.writeShut && to.pendingBytes() == 0) {
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
