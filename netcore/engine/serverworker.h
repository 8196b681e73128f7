// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/serverconfig.h"
#include "engine/servercounters.h"

#include <QObject>
#include <QTimer>

#include <atomic>
#include <functional>
#include <memory>
#include <vector>

namespace NetCore {

class FrameCodec;
class ServerBehaviour;
class ServerConnection;

/**
 * A test server's part on one I/O thread: adopts accepted descriptors, owns their
 * connections, counts, and sweeps deadlines. Lives on its I/O thread; every member
 * is called there.
 */
class ServerWorker : public QObject
{
    Q_OBJECT

public:
    ServerWorker(const ServerConfig &config, std::shared_ptr<const FrameCodec> codec,
                 std::unique_ptr<ServerBehaviour> behaviour, std::shared_ptr<std::atomic<int>> openConnections);
    ~ServerWorker() override;

    /** Takes over an accepted socket descriptor. */
    void adopt(qintptr descriptor);
    /** Closes every connection gracefully (used when the server stops). */
    void closeAll();

    ServerCounters counters() const { return m_counters; }
    int connectionCount() const { return int(m_connections.size()); }

    // For ServerConnection.
    const ServerConfig &config() const { return m_config; }
    const FrameCodec &codec() const { return *m_codec; }
    ServerBehaviour &behaviour() { return *m_behaviour; }
    ServerCounters &mutableCounters() { return m_counters; }
    void remove(ServerConnection *connection);
    /** A buffer the thread's connections read into (they run one at a time). */
    QByteArray &readScratch() { return m_readScratch; }

private:
    void sweep();
    void forEachConnection(const std::function<void(ServerConnection &)> &action);

    ServerConfig m_config;
    std::shared_ptr<const FrameCodec> m_codec;
    std::unique_ptr<ServerBehaviour> m_behaviour;
    std::shared_ptr<std::atomic<int>> m_openConnections;
    std::vector<std::unique_ptr<ServerConnection>> m_connections;
    std::vector<std::unique_ptr<ServerConnection>> m_dead; // closed, deleted on the next pass
    ServerCounters m_counters;
    QTimer m_sweepTimer;
    QByteArray m_readScratch;
};

} // namespace NetCore
