// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/serverlistener.h"

#include "engine/serverworker.h"

#include <QThread>

#include <unistd.h>

namespace NetCore {

ServerListener::ServerListener(QList<ServerWorker *> workers, std::shared_ptr<std::atomic<int>> openConnections,
                               int maxConnections)
    : m_workers(std::move(workers))
    , m_openConnections(std::move(openConnections))
    , m_maxConnections(maxConnections)
{
}

void ServerListener::incomingConnection(qintptr descriptor)
{
    if (m_maxConnections > 0 && m_openConnections->fetch_add(1) >= m_maxConnections) {
        m_openConnections->fetch_sub(1);
        m_refused.fetch_add(1, std::memory_order_relaxed);
        ::close(int(descriptor));
        return;
    }
    if (m_maxConnections <= 0)
        m_openConnections->fetch_add(1);
    ServerWorker *worker = m_workers[m_next];
    m_next = (m_next + 1) % int(m_workers.size());
    if (worker->thread() == QThread::currentThread())
        worker->adopt(descriptor);
    else
        QMetaObject::invokeMethod(worker, [worker, descriptor] { worker->adopt(descriptor); }, Qt::QueuedConnection);
}

} // namespace NetCore
