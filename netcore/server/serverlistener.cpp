// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/serverlistener.h"

#include "io/monotonicclock.h"
#include "io/sharedlistensocket.h"


#include "io/resourcelimits.h"

#include <QThread>
#include <QTimer>

#include <cerrno>

#include <unistd.h>

namespace NetCore {

namespace {
constexpr int ResumeAfterMs = 100;
} // namespace

ServerListener::ServerListener(QList<QObject *> workers, Adopt adopt, std::shared_ptr<std::atomic<int>> openConnections,
                               int maxConnections, const QString &limitReason)
    : m_workers(std::move(workers))
    , m_adopt(adopt)
    , m_openConnections(std::move(openConnections))
    , m_maxConnections(maxConnections)
    , m_limitReason(limitReason)
{
    connect(this, &QTcpServer::acceptError, this, [this](QAbstractSocket::SocketError error) {
        if (m_acceptErrors.fetch_add(1, std::memory_order_relaxed) == 0) {
            const QString reason = error == QAbstractSocket::SocketResourceError
                ? ResourceLimits::explainExhaustion(EMFILE)
                : errorString();
            Q_EMIT acceptFailed(QStringLiteral("cannot accept a connection: %1").arg(reason));
        }
        // Connections closing free descriptors: try again soon rather than never.
        QTimer::singleShot(ResumeAfterMs, this, &QTcpServer::resumeAccepting);
    });
}

bool ServerListener::listenOn(const QHostAddress &address, quint16 port, bool sharePort, int backlog, QString *error)
{
    setListenBacklogSize(backlog);
    setMaxPendingConnections(backlog);
    if (!sharePort) {
        const bool listening = listen(address, port);
        *error = errorString();
        return listening;
    }
    const int fd = openSharedListenSocket(address, port, backlog, error);
    if (fd < 0)
        return false;
    if (setSocketDescriptor(fd))
        return true;
    *error = errorString();
    return false;
}

void ServerListener::retire(ServerListener *&listener)
{
    if (!listener)
        return;
    ServerListener *closing = std::exchange(listener, nullptr);
    QMetaObject::invokeMethod(closing, [closing] { closing->close(); }, Qt::QueuedConnection);
    closing->deleteLater();
}

void ServerListener::setRefuseWindow(const FaultPlan::Window &window)
{
    m_refuseWindow = window;
    m_refuseSetNs = monotonicNowNs();
}

void ServerListener::incomingConnection(qintptr descriptor)
{
    if (m_refuseWindow.enabled() && m_refuseWindow.activeAt(monotonicNowNs() - m_refuseSetNs)) {
        m_faultRefused.fetch_add(1, std::memory_order_relaxed);
        ::close(int(descriptor));
        return;
    }
    if (m_maxConnections > 0 && m_openConnections->fetch_add(1) >= m_maxConnections) {
        m_openConnections->fetch_sub(1);
        if (m_refused.fetch_add(1, std::memory_order_relaxed) == 0) {
            Q_EMIT acceptFailed(QStringLiteral("refusing connections beyond %1 open: %2")
                                    .arg(m_maxConnections)
                                    .arg(m_limitReason));
        }
        ::close(int(descriptor));
        return;
    }
    if (m_maxConnections <= 0)
        m_openConnections->fetch_add(1);
    QObject *worker = m_workers[m_next];
    m_next = (m_next + 1) % int(m_workers.size());
    if (worker->thread() == QThread::currentThread())
        m_adopt(worker, descriptor);
    else
        QMetaObject::invokeMethod(worker, [adopt = m_adopt, worker, descriptor] { adopt(worker, descriptor); }, Qt::QueuedConnection);
}

} // namespace NetCore
