// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/testserver.h"
#include "io/timeunits.h"

#include "io/hostaddress.h"

#include "tls/tlscontext.h"

#include "codec/framecodec.h"
#include "io/iothreadpool.h"
#include "io/resourcelimits.h"
#include "server/serverlistener.h"
#include "server/serverworker.h"

#include <QHostAddress>
#include <QThread>

namespace NetCore {


TestServer::TestServer(IoThreadPool &pool, QObject *parent)
    : QObject(parent)
    , m_pool(pool)
    , m_snapshotTimer(this)
{
    m_snapshotTimer.setInterval(DefaultSnapshotIntervalMs);
    connect(&m_snapshotTimer, &QTimer::timeout, this, &TestServer::collect);
}

TestServer::~TestServer()
{
    teardown();
    // Work posted to the I/O threads may still post back to this object: let it
    // finish before this object is gone.
    m_pool.drain();
}

void TestServer::setSnapshotInterval(int milliseconds)
{
    m_snapshotTimer.setInterval(std::max(milliseconds, 10));
}

void TestServer::fail(const QString &message)
{
    // Always asynchronous, so that callers connect after start() and still hear it.
    QMetaObject::invokeMethod(this, [this, message] { Q_EMIT failed(message); }, Qt::QueuedConnection);
}

void TestServer::start(const ServerConfig &config)
{
    if (m_state != State::Stopped) {
        fail(QStringLiteral("the server is already running"));
        return;
    }
    m_config = config;
    const auto address = parseHostAddress(config.host);
    if (!address) {
        fail(QStringLiteral("cannot listen on '%1': not an IP address").arg(config.host));
        return;
    }
    std::shared_ptr<const TlsContext> tls;
    if (config.tls.enabled) {
        QString why;
        tls = TlsContext::forServer(config.tls, config.host, &why);
        if (!tls) {
            fail(why);
            return;
        }
    } else if (config.faults.tlsAbortProbability > 0) {
        fail(QStringLiteral("the tls-abort fault needs a TLS server (--tls)"));
        return;
    }
    // Replies go out in the reply framing at its own limit, or in the framing at the server's.
    if (const QString why = config.behaviour.replyProblem(config.replyFraming.value_or(config.framing),
                                                          config.replyFraming ? 0 : config.maxPayload);
        !why.isEmpty()) {
        fail(why);
        return;
    }
    m_tls = tls;
    const auto codec = makeCodec(config.framing, config.maxPayload);
    const auto replyCodec = config.replyFraming ? makeCodec(*config.replyFraming) : codec;
    m_openConnections = std::make_shared<std::atomic<int>>(0);
    for (int i = 0; i < m_pool.threadCount(); ++i) {
        auto *worker = new ServerWorker(config, codec, replyCodec, i, m_openConnections);
        worker->setTlsContext(tls);
        connect(worker, &ServerWorker::tlsFailed, this, &TestServer::tlsFailed);
        worker->moveToThread(m_pool.thread(i));
        m_workers.append(worker);
    }
    // Keep the cap below the descriptor limit, with room for the process's own
    // descriptors, so that accept() never fails for want of one (see ServerListener).
    QString limitReason;
    const int maxConnections = ResourceLimits::connectionCap(config.maxConnections, 1, QStringLiteral("the server's connection limit"),
                                                             &limitReason);
    m_listener = new ServerListener(
        QList<QObject *>(m_workers.begin(), m_workers.end()),
        [](QObject *worker, qintptr descriptor) { static_cast<ServerWorker *>(worker)->adopt(descriptor); }, m_openConnections,
        maxConnections, limitReason);
    connect(m_listener, &ServerListener::acceptFailed, this, &TestServer::acceptFailed);
    m_listener->moveToThread(m_pool.thread(0));
    m_state = State::Starting;

    ServerListener *listener = m_listener;
    QMetaObject::invokeMethod(
        listener,
        [this, listener, address = *address, config] {
            listener->setRefuseWindow(config.faults.refuse);
            QString error;
            const bool listening = listener->listenOn(address, config.port, config.sharePort, config.listenBacklog, &error);
            const quint16 port = listener->serverPort();
            QMetaObject::invokeMethod(
                this, [this, listening, port, error] { onListenResult(listening, port, error); },
                Qt::QueuedConnection);
        },
        Qt::QueuedConnection);
}

QString TestServer::tlsFingerprint() const
{
    return m_tls ? m_tls->fingerprint() : QString();
}

QByteArray TestServer::tlsCertificatePem() const
{
    return m_tls ? m_tls->certificatePem() : QByteArray();
}

void TestServer::requestConnectionStats()
{
    if (m_workers.isEmpty()) {
        QMetaObject::invokeMethod(this, [this] { Q_EMIT connectionStatsReady({}); }, Qt::QueuedConnection);
        return;
    }
    auto gathered = std::make_shared<QList<ConnectionStats>>();
    auto pending = std::make_shared<int>(int(m_workers.size()));
    for (qsizetype i = 0; i < m_workers.size(); ++i) {
        ServerWorker *worker = m_workers[i];
        // Worker i's ids start at i * 100,000,000: unique across the server's threads.
        const int idBase = int(i) * 100'000'000;
        QMetaObject::invokeMethod(
            worker,
            [this, worker, idBase, gathered, pending] {
                QList<ConnectionStats> part = worker->connectionStats(idBase);
                QMetaObject::invokeMethod(
                    this,
                    [this, part = std::move(part), gathered, pending] {
                        *gathered += part;
                        if (--*pending == 0)
                            Q_EMIT connectionStatsReady(*gathered);
                    },
                    Qt::QueuedConnection);
            },
            Qt::QueuedConnection);
    }
}

void TestServer::setBehaviour(const BehaviourSpec &spec)
{
    m_config.behaviour = spec;
    for (ServerWorker *worker : std::as_const(m_workers))
        QMetaObject::invokeMethod(worker, [worker, spec] { worker->setBehaviour(spec); }, Qt::QueuedConnection);
}

void TestServer::setFaults(const FaultPlan &plan)
{
    m_config.faults = plan;
    for (ServerWorker *worker : std::as_const(m_workers))
        QMetaObject::invokeMethod(worker, [worker, plan] { worker->setFaults(plan); }, Qt::QueuedConnection);
    if (ServerListener *listener = m_listener)
        QMetaObject::invokeMethod(listener, [listener, plan] { listener->setRefuseWindow(plan.refuse); },
                                  Qt::QueuedConnection);
}

void TestServer::onListenResult(bool listening, quint16 port, const QString &error)
{
    if (m_state != State::Starting)
        return;
    if (!listening) {
        teardown();
        Q_EMIT failed(QStringLiteral("cannot listen on %1:%2: %3").arg(m_config.host).arg(m_config.port).arg(error));
        return;
    }
    m_port = port;
    m_state = State::Running;
    m_snapshots.restart();
    m_snapshotTimer.start();
    Q_EMIT started(m_config.host, m_port);
}

void TestServer::collect()
{
    // A round still under way (workers busy) is not overtaken: this tick is skipped.
    m_collector.collect<ServerWorker>(
        this, m_workers, [](ServerWorker *worker) { return worker->counters(); },
        [this](ServerCounters counters) { publish(counters); });
}

void TestServer::publish(ServerCounters counters)
{
    if (m_listener) {
        counters.connectionsRefused += m_listener->refusedCount() + m_listener->faultRefusalCount();
        counters.faultRefusals += m_listener->faultRefusalCount();
        counters.acceptErrors += m_listener->acceptErrorCount();
    }
    Q_EMIT snapshotReady(m_snapshots.next(counters));

    if (m_stopAfterCollect) {
        m_stopAfterCollect = false;
        teardown();
        Q_EMIT stopped();
    }
}

void TestServer::stop()
{
    if (m_state == State::Stopped || m_state == State::Stopping)
        return;
    if (m_state == State::Starting) {
        teardown();
        QMetaObject::invokeMethod(this, &TestServer::stopped, Qt::QueuedConnection);
        return;
    }
    m_state = State::Stopping;
    m_snapshotTimer.stop();
    m_stopAfterCollect = true;
    if (!m_collector.isCollecting())
        collect();
}

void TestServer::teardown()
{
    m_snapshotTimer.stop();
    m_collector.cancel();
    ServerListener::retire(m_listener);
    retireWorkers(m_workers);
    m_state = State::Stopped;
}

} // namespace NetCore
