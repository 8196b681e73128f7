// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/serverworker.h"

#include "codec/framecodec.h"
#include "io/monotonicclock.h"
#include "io/precisetimer.h"
#include "behaviour/serverbehaviour.h"
#include "server/serverconnection.h"
#include "tls/tlscontext.h"
#include "io/unbufferedadoption.h"

#include <QTcpSocket>

#include <unistd.h>

namespace NetCore {

namespace {
constexpr int SweepIntervalMs = 100;

// One stream of randomness per thread and purpose, all from the server's one seed.
quint64 streamSeed(quint64 seed, int workerIndex, quint64 purpose)
{
    return seed ^ (0x9E3779B97F4A7C15ULL * quint64(workerIndex + 1)) ^ (purpose << 56);
}
constexpr quint64 BehaviourStream = 1;
constexpr quint64 FaultStream = 2;
} // namespace

ServerWorker::ServerWorker(const ServerConfig &config, std::shared_ptr<const FrameCodec> codec,
                           std::shared_ptr<const FrameCodec> replyCodec, int index,
                           std::shared_ptr<std::atomic<int>> openConnections)
    : m_config(config)
    , m_codec(std::move(codec))
    , m_replyCodec(std::move(replyCodec))
    , m_speaksWb1(m_codec->framing() == Framing::Wb1 && m_replyCodec->framing() == Framing::Wb1)
    , m_speaksHttp(m_codec->framing() == Framing::Http1 && m_replyCodec->framing() == Framing::Http1)
    , m_speaksWebSocket(m_codec->framing() == Framing::WebSocket)
    , m_index(index)
    , m_behaviour(config.behaviour.instantiate(streamSeed(config.seed, index, BehaviourStream)))
    , m_faults(streamSeed(config.seed, index, FaultStream))
    , m_openConnections(std::move(openConnections))
    , m_sweepTimer(this)
    , m_readScratch(64 * 1024, Qt::Uninitialized)
{
    m_sweepTimer.setInterval(SweepIntervalMs);
    // The plan's clock starts on this thread, when the worker first runs.
    const FaultPlan faults = config.faults;
    QMetaObject::invokeMethod(this, [this, faults] { setFaults(faults); }, Qt::QueuedConnection);
    connect(&m_sweepTimer, &QTimer::timeout, this, &ServerWorker::sweep);
}

ServerWorker::~ServerWorker()
{
    m_openConnections->fetch_sub(int(m_connections.size()));
}

void ServerWorker::adopt(qintptr descriptor)
{
    auto *socket = new QTcpSocket;
    // Unbuffered: what is read goes from the kernel into the worker's scratch and
    // then the frame reader, which holds at most one frame of the server's limit.
    if (!adoptDescriptorUnbuffered(*socket, descriptor)) {
        ::close(int(descriptor));
        delete socket;
        m_openConnections->fetch_sub(1);
        ++m_counters.connectionsRefused;
        return;
    }
    socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    auto connection = std::make_unique<ServerConnection>(*this, socket);
    connection->id = m_nextConnectionId++;
    connection->index = qsizetype(m_connections.size());
    m_connections.push_back(std::move(connection));
    ++m_counters.connectionsAccepted;
    if (!m_sweepTimer.isActive())
        m_sweepTimer.start();
}

void ServerWorker::remove(ServerConnection *connection)
{
    const qsizetype index = connection->index;
    if (index < 0 || index >= qsizetype(m_connections.size()) || m_connections[size_t(index)].get() != connection)
        return;
    // Its descriptor may be closed and handed to a new connection before the object
    // goes on the next pass: stop watching it now.
    connection->stopReading();
    // Swap with the last one: O(1). The object itself dies on the next pass, since
    // this is usually called from inside its socket's disconnected() signal.
    m_dead.push_back(std::move(m_connections[size_t(index)]));
    if (index != qsizetype(m_connections.size()) - 1) {
        m_connections[size_t(index)] = std::move(m_connections.back());
        m_connections[size_t(index)]->index = index;
    }
    m_connections.pop_back();
    connection->index = -1;
    m_delayedOwners.erase(connection->id);
    ++m_counters.connectionsClosed;
    m_openConnections->fetch_sub(1);
    if (m_dead.size() == 1)
        QMetaObject::invokeMethod(this, [this] { m_dead.clear(); }, Qt::QueuedConnection);
}

void ServerWorker::forEachConnection(const std::function<void(ServerConnection &)> &action)
{
    // The action may close connections, which leave the list while we walk it: walk
    // a copy, and skip the ones already gone (they stay alive until the next pass).
    std::vector<ServerConnection *> all;
    all.reserve(m_connections.size());
    for (const auto &connection : m_connections)
        all.push_back(connection.get());
    for (ServerConnection *connection : all) {
        if (connection->index >= 0)
            action(*connection);
    }
}

void ServerWorker::setBehaviour(const BehaviourSpec &spec)
{
    m_config.behaviour = spec;
    m_behaviour = spec.instantiate(streamSeed(m_config.seed, m_index, BehaviourStream));
}

void ServerWorker::setFaults(const FaultPlan &plan)
{
    const qint64 now = monotonicNowNs();
    const bool wasStalled = m_faults.stalledAt(now);
    m_config.faults = plan;
    m_faults.setPlan(plan, now);
    if (m_faults.stalledAt(now))
        ++m_counters.stalls;
    else if (wasStalled)
        onStallChange(); // a stall lifted early: resume everyone now
    armStallTimer(now);
}

void ServerWorker::armStallTimer(qint64 nowNs)
{
    const qint64 next = m_faults.nextStallChange(nowNs);
    if (next < 0) {
        if (m_stallTimer)
            m_stallTimer->stop();
        return;
    }
    if (!m_stallTimer) {
        m_stallTimer = new PreciseTimer(this);
        connect(m_stallTimer, &PreciseTimer::timeout, this, &ServerWorker::onStallChange);
    }
    m_stallTimer->startAt(next);
}

void ServerWorker::onStallChange()
{
    const qint64 now = monotonicNowNs();
    if (m_faults.stalledAt(now)) {
        ++m_counters.stalls;
    } else {
        // Connections stopped reading while stalled; nothing wakes them but this.
        forEachConnection([](ServerConnection &connection) { connection.onReadable(); });
        releaseDelayed();
    }
    armStallTimer(now);
}

void ServerWorker::scheduleDelayed(ServerConnection *connection, qint64 dueNs, QByteArray frame)
{
    m_delayedOwners[connection->id] = connection;
    const bool earliest = m_delayed.empty() || dueNs < m_delayed.top().dueNs;
    m_delayed.push(DelayedFrame{dueNs, m_delayedOrder++, connection->id, std::move(frame)});
    if (earliest)
        armDelayTimer();
}

void ServerWorker::armDelayTimer()
{
    if (m_delayed.empty())
        return;
    if (!m_delayTimer) {
        m_delayTimer = new PreciseTimer(this);
        connect(m_delayTimer, &PreciseTimer::timeout, this, &ServerWorker::releaseDelayed);
    }
    m_delayTimer->startAt(m_delayed.top().dueNs);
}

void ServerWorker::releaseDelayed()
{
    const qint64 now = monotonicNowNs();
    if (m_faults.stalledAt(now))
        return; // the stall's end releases what fell due meanwhile
    while (!m_delayed.empty() && m_delayed.top().dueNs <= now) {
        // top() is const; the frame is moved out before pop() discards the entry.
        DelayedFrame due = std::move(const_cast<DelayedFrame &>(m_delayed.top()));
        m_delayed.pop();
        const auto owner = m_delayedOwners.find(due.connectionId);
        if (owner != m_delayedOwners.end())
            owner->second->deliverDelayed(due.frame);
    }
    armDelayTimer();
}

QList<ConnectionStats> ServerWorker::connectionStats(int idBase) const
{
    QList<ConnectionStats> all;
    all.reserve(qsizetype(m_connections.size()));
    for (const auto &connection : m_connections) {
        ConnectionStats one = connection->stats();
        one.id += idBase;
        all.append(one);
    }
    return all;
}

void ServerWorker::closeAll()
{
    forEachConnection([](ServerConnection &connection) { connection.close(); });
}

void ServerWorker::sweep()
{
    const qint64 now = monotonicNowNs();
    forEachConnection([now](ServerConnection &connection) { connection.checkDeadlines(now); });
    if (m_connections.empty())
        m_sweepTimer.stop();
}

void ServerWorker::noteTlsError(TlsError kind, const QString &reason)
{
    ++m_counters.tlsErrors[size_t(kind)];
    if (!m_tlsErrorTold[size_t(kind)]) {
        m_tlsErrorTold[size_t(kind)] = true;
        Q_EMIT tlsFailed(reason);
    }
}

} // namespace NetCore
