// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/serverworker.h"

#include "codec/framecodec.h"
#include "engine/monotonicclock.h"
#include "engine/serverbehaviour.h"
#include "engine/serverconnection.h"
#include "engine/unbufferedadoption.h"

#include <QTcpSocket>

#include <unistd.h>

namespace NetCore {

namespace {
constexpr int SweepIntervalMs = 100;
} // namespace

ServerWorker::ServerWorker(const ServerConfig &config, std::shared_ptr<const FrameCodec> codec,
                           std::unique_ptr<ServerBehaviour> behaviour,
                           std::shared_ptr<std::atomic<int>> openConnections)
    : m_config(config)
    , m_codec(std::move(codec))
    , m_behaviour(std::move(behaviour))
    , m_openConnections(std::move(openConnections))
    , m_sweepTimer(this)
    , m_readScratch(64 * 1024, Qt::Uninitialized)
{
    m_sweepTimer.setInterval(SweepIntervalMs);
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
    // Swap with the last one: O(1). The object itself dies on the next pass, since
    // this is usually called from inside its socket's disconnected() signal.
    m_dead.push_back(std::move(m_connections[size_t(index)]));
    if (index != qsizetype(m_connections.size()) - 1) {
        m_connections[size_t(index)] = std::move(m_connections.back());
        m_connections[size_t(index)]->index = index;
    }
    m_connections.pop_back();
    connection->index = -1;
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

} // namespace NetCore
