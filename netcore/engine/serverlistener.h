// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QTcpServer>

#include <atomic>
#include <memory>

namespace NetCore {

class ServerWorker;

/**
 * The listening socket of a test server, on an I/O thread. It only accepts: each
 * descriptor goes to the next worker's thread, where the socket is created (a
 * socket cannot change threads). Past the connection limit, it closes at once.
 */
class ServerListener : public QTcpServer
{
    Q_OBJECT

public:
    ServerListener(QList<ServerWorker *> workers, std::shared_ptr<std::atomic<int>> openConnections,
                   int maxConnections);

    quint64 refusedCount() const { return m_refused.load(std::memory_order_relaxed); }

protected:
    void incomingConnection(qintptr descriptor) override;

private:
    QList<ServerWorker *> m_workers;
    std::shared_ptr<std::atomic<int>> m_openConnections;
    int m_maxConnections;
    int m_next = 0;
    std::atomic<quint64> m_refused = 0;
};

} // namespace NetCore
