// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QTcpServer>

#include "behaviour/faultplan.h"

#include <atomic>
#include <memory>

namespace NetCore {

/**
 * The listening socket of a test server or a proxy, on an I/O thread. It only
 * accepts: each descriptor goes to the next worker's thread (`adopt(worker, fd)`
 * there), where the socket is created (a socket cannot change threads). Past the
 * connection limit, it closes at once.
 *
 * The first refusal is reported through acceptFailed(). The cap is kept below the
 * descriptor limit (see TestServer), because accept() failing for want of
 * descriptors is handled badly by Qt: its socket engine keeps the first error it
 * ever set, so QTcpServer may spin on accept() or pause for good. Should it still
 * happen (another part of the process used the descriptors up), the failure is
 * counted and reported, and accepting resumes shortly after.
 */
class ServerListener : public QTcpServer
{
    Q_OBJECT

public:
    /** How a worker takes an accepted descriptor, called on the worker's thread. */
    using Adopt = void (*)(QObject *worker, qintptr descriptor);

    /** `limitReason` says what the cap is, for the first refusal's message. */
    ServerListener(QList<QObject *> workers, Adopt adopt, std::shared_ptr<std::atomic<int>> openConnections,
                   int maxConnections, const QString &limitReason);

    quint64 refusedCount() const { return m_refused.load(std::memory_order_relaxed); }
    quint64 acceptErrorCount() const { return m_acceptErrors.load(std::memory_order_relaxed); }
    quint64 faultRefusalCount() const { return m_faultRefused.load(std::memory_order_relaxed); }

    /**
     * Listens on `address`:`port` (0: the kernel picks), on the listener's thread; with
     * `sharePort`, on a socket other processes may bind too (SO_REUSEPORT). False with
     * the reason in `error`.
     */
    bool listenOn(const QHostAddress &address, quint16 port, bool sharePort, int backlog, QString *error);
    /** Closes `listener` on its thread and deletes it there; `listener` becomes null. */
    static void retire(ServerListener *&listener);
    /** The refuse fault's window, timed from now (call on the listener's thread). */
    void setRefuseWindow(const FaultPlan::Window &window);

Q_SIGNALS:
    /** The first refused or failed connection, explained for the user. */
    void acceptFailed(const QString &message);

protected:
    void incomingConnection(qintptr descriptor) override;

private:
    QList<QObject *> m_workers;
    Adopt m_adopt;
    std::shared_ptr<std::atomic<int>> m_openConnections;
    int m_maxConnections;
    QString m_limitReason;
    int m_next = 0;
    std::atomic<quint64> m_refused = 0;
    std::atomic<quint64> m_acceptErrors = 0;
    std::atomic<quint64> m_faultRefused = 0;
    FaultPlan::Window m_refuseWindow;
    qint64 m_refuseSetNs = 0;
};

} // namespace NetCore
