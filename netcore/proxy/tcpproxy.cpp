// SPDX-License-Identifier: GPL-3.0-or-later
#include "proxy/tcpproxy.h"

#include "io/hostaddress.h"
#include "io/monotonicclock.h"
#include "io/iothreadpool.h"
#include "io/resourcelimits.h"
#include "io/sharedlistensocket.h"
#include "io/timeunits.h"
#include "proxy/proxyworker.h"
#include "server/serverlistener.h"

#include <QDateTime>

#include <cstring>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace NetCore {

namespace {

SocketAddress socketAddressOf(const QHostAddress &address, quint16 port)
{
    SocketAddress result;
    if (address.protocol() == QAbstractSocket::IPv6Protocol) {
        auto *in6 = reinterpret_cast<sockaddr_in6 *>(&result.storage);
        in6->sin6_family = AF_INET6;
        in6->sin6_port = htons(port);
        const Q_IPV6ADDR bytes = address.toIPv6Address();
        std::memcpy(&in6->sin6_addr, bytes.c, sizeof bytes.c);
        result.length = sizeof(sockaddr_in6);
    } else {
        auto *in4 = reinterpret_cast<sockaddr_in *>(&result.storage);
        in4->sin_family = AF_INET;
        in4->sin_port = htons(port);
        in4->sin_addr.s_addr = htonl(address.toIPv4Address());
        result.length = sizeof(sockaddr_in);
    }
    return result;
}

} // namespace

TcpProxy::TcpProxy(IoThreadPool &pool, QObject *parent)
    : QObject(parent)
    , m_pool(pool)
    , m_snapshotTimer(this)
{
    m_snapshotTimer.setInterval(DefaultSnapshotIntervalMs);
    connect(&m_snapshotTimer, &QTimer::timeout, this, &TcpProxy::collect);
}

TcpProxy::~TcpProxy()
{
    teardown();
    // Work posted to the I/O threads may still post back to this object.
    m_pool.drain();
}

void TcpProxy::fail(const QString &message)
{
    m_lastError = message;
    // Always asynchronous, so that callers connect after start() and still hear it.
    QMetaObject::invokeMethod(this, [this, message] { Q_EMIT failed(message); }, Qt::QueuedConnection);
}

bool TcpProxy::start(const ProxyConfig &config)
{
    if (m_state != State::Stopped) {
        fail(QStringLiteral("the proxy is already running"));
        return false;
    }
    const auto address = parseHostAddress(config.host);
    if (!address) {
        fail(QStringLiteral("cannot listen on '%1': not an IP address").arg(config.host));
        return false;
    }
    const auto upstream = parseHostAddress(config.upstreamHost);
    if (!upstream || config.upstreamPort == 0) {
        fail(QStringLiteral("upstream '%1:%2': not an IP address and a port").arg(config.upstreamHost).arg(config.upstreamPort));
        return false;
    }
    if (!config.frameFaults.isEmpty() && !config.framing) {
        fail(QStringLiteral("frame faults (%1) need a framing: the proxy cannot tell frames apart without one")
                 .arg(config.frameFaults.first().spec()));
        return false;
    }
    // Bound here, on the owner's thread: the port is known at once (the Toxiproxy API
    // answers with it), and a taken port is an answer, not a later signal.
    QString error;
    const int fd = openListenSocket(*address, config.port, config.listenBacklog, config.sharePort, &error);
    if (fd < 0) {
        fail(error);
        return false;
    }
    m_config = config;
    m_startedNs = monotonicNowNs();
    m_config.recordOriginNs = m_startedNs;
    if (!m_recorder.open(config, &error)) {
        ::close(fd);
        fail(error);
        return false;
    }
    m_replyTimes.reset();
    if (config.framing)
        m_replyTimes.emplace();
    const SocketAddress upstreamAddress = socketAddressOf(*upstream, config.upstreamPort);
    m_openConnections = std::make_shared<std::atomic<int>>(0);
    for (int i = 0; i < m_pool.threadCount(); ++i) {
        auto *worker = new ProxyWorker(m_config, upstreamAddress, m_openConnections, i);
        worker->moveToThread(m_pool.thread(i));
        m_workers.append(worker);
    }
    // Two descriptors per client: its own and the proxy's to the upstream.
    QString limitReason;
    const int maxConnections = ResourceLimits::connectionCap(config.maxConnections, 2, QStringLiteral("the proxy's connection limit"),
                                                             &limitReason);
    m_listener = new ServerListener(
        QList<QObject *>(m_workers.begin(), m_workers.end()),
        [](QObject *worker, qintptr descriptor) { static_cast<ProxyWorker *>(worker)->adopt(descriptor); }, m_openConnections,
        maxConnections, limitReason);
    connect(m_listener, &ServerListener::acceptFailed, this, &TcpProxy::acceptFailed);
    m_listener->moveToThread(m_pool.thread(0));
    ServerListener *listener = m_listener;
    QMetaObject::invokeMethod(
        listener,
        [listener, fd, backlog = config.listenBacklog] {
            listener->setMaxPendingConnections(backlog);
            if (!listener->setSocketDescriptor(fd))
                ::close(fd);
        },
        Qt::QueuedConnection);
    sockaddr_storage bound{};
    socklen_t length = sizeof bound;
    ::getsockname(fd, reinterpret_cast<sockaddr *>(&bound), &length);
    m_port = ntohs(bound.ss_family == AF_INET6 ? reinterpret_cast<sockaddr_in6 *>(&bound)->sin6_port
                                               : reinterpret_cast<sockaddr_in *>(&bound)->sin_port);
    m_state = State::Running;
    m_snapshots.restart();
    m_snapshotTimer.start();
    QMetaObject::invokeMethod(
        this, [this, host = config.host, port = m_port] { Q_EMIT started(host, port); }, Qt::QueuedConnection);
    return true;
}

void TcpProxy::setFaults(const ProxyFaults &faults)
{
    m_config.setFaults(faults);
    for (ProxyWorker *worker : std::as_const(m_workers))
        QMetaObject::invokeMethod(worker, [worker, faults] { worker->setFaults(faults); }, Qt::QueuedConnection);
}

void TcpProxy::collect()
{
    m_collector.collect<ProxyWorker>(
        this, m_workers, [](ProxyWorker *worker) { return worker->takePart(); },
        [this](ProxyWorker::Part part) { publish(std::move(part)); });
}

void TcpProxy::requestConnectionStats()
{
    if (m_workers.isEmpty()) {
        QMetaObject::invokeMethod(this, [this] { Q_EMIT connectionStatsReady({}); }, Qt::QueuedConnection);
        return;
    }
    // A request while one is under way is answered by that one.
    m_rowsCollector.collect<ProxyWorker>(
        this, m_workers, [](ProxyWorker *worker) { return worker->connectionRows(); },
        [this](ProxyConnectionRows rows) { Q_EMIT connectionStatsReady(rows); });
}

void TcpProxy::setTraced(const QList<int> &ids)
{
    const QSet<int> traced(ids.begin(), ids.end());
    for (ProxyWorker *worker : std::as_const(m_workers))
        QMetaObject::invokeMethod(worker, [worker, traced] { worker->setTraced(traced); }, Qt::QueuedConnection);
}

void TcpProxy::closeConnections(const QList<int> &ids)
{
    const QSet<int> closing(ids.begin(), ids.end());
    for (ProxyWorker *worker : std::as_const(m_workers))
        QMetaObject::invokeMethod(worker, [worker, closing] { worker->closeLinks(closing); }, Qt::QueuedConnection);
}

void TcpProxy::publish(ProxyWorker::Part part)
{
    if (m_listener)
        part.counters.connectionsRefused += m_listener->refusedCount();
    if (!part.traffic.isEmpty() || part.trafficDropped > 0)
        Q_EMIT trafficCaptured(part.traffic, part.trafficDropped);
    if (!part.record.isEmpty() && m_recorder.isRecording()) {
        for (const QString &ended : m_recorder.append(part.record, monotonicNowNs() - m_startedNs))
            Q_EMIT recordEnded(ended);
        if (!m_recorder.isRecording()) {
            for (ProxyWorker *worker : std::as_const(m_workers))
                QMetaObject::invokeMethod(worker, [worker] { worker->stopRecording(); }, Qt::QueuedConnection);
        }
    }
    ProxySnapshot &snapshot = m_snapshots.next(part.counters);
    if (part.replyTimes && m_replyTimes) {
        m_replyTimes->merge(*part.replyTimes);
        snapshot.framed = true;
        snapshot.serverTime = LatencySummary::of(part.replyTimes->serverTime);
        snapshot.clientSeen = LatencySummary::of(part.replyTimes->clientSeen);
        snapshot.injected = LatencySummary::of(part.replyTimes->injected);
        snapshot.serverTimeTotal = LatencySummary::of(m_replyTimes->serverTime);
        snapshot.clientSeenTotal = LatencySummary::of(m_replyTimes->clientSeen);
        snapshot.injectedTotal = LatencySummary::of(m_replyTimes->injected);
    }
    Q_EMIT snapshotReady(snapshot);
    if (m_stopAfterCollect) {
        m_stopAfterCollect = false;
        teardown();
        Q_EMIT stopped();
    }
}

void TcpProxy::stop()
{
    if (m_state == State::Stopped || m_state == State::Stopping)
        return;
    if (m_state == State::Starting) {
        teardown();
        QMetaObject::invokeMethod(this, &TcpProxy::stopped, Qt::QueuedConnection);
        return;
    }
    m_state = State::Stopping;
    m_snapshotTimer.stop();
    m_stopAfterCollect = true;
    // Closed before the last collection (queued calls to a worker run in order): its
    // counts and a recording's closes are in the last snapshot.
    for (ProxyWorker *worker : std::as_const(m_workers))
        QMetaObject::invokeMethod(worker, [worker] { worker->closeAll(); }, Qt::QueuedConnection);
    if (!m_collector.isCollecting())
        collect();
}

void TcpProxy::teardown()
{
    m_recorder.close();
    m_snapshotTimer.stop();
    m_collector.cancel();
    m_rowsCollector.cancel();
    ServerListener::retire(m_listener);
    retireWorkers(m_workers);
    m_state = State::Stopped;
}

} // namespace NetCore
