// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "metrics/connectionstats.h"
#include "server/serverconfig.h"
#include "io/intervalsnapshots.h"
#include "io/roundcollector.h"
#include "server/serversnapshot.h"

#include <QElapsedTimer>
#include <QList>
#include <QObject>
#include <QTimer>

#include <atomic>
#include <memory>

namespace NetCore {

class IoThreadPool;
class ServerListener;
class TlsContext;
class ServerWorker;

/**
 * A test server: a listening socket and one worker per I/O thread, driven from the
 * owner's thread (the GUI's or the command line's), which never touches a socket.
 *
 * start() answers with started() or failed() (exactly one). While running, a
 * snapshot is published every snapshotInterval() through snapshotReady(); stop()
 * publishes a last one, closes every connection and emits stopped(). Destroying a
 * running server stops it at once.
 */
class TestServer : public QObject
{
    Q_OBJECT

public:
    enum class State { Stopped, Starting, Running, Stopping };
    Q_ENUM(State)

    explicit TestServer(IoThreadPool &pool, QObject *parent = nullptr);
    ~TestServer() override;

    void start(const ServerConfig &config);
    void stop();
    /** Change what a running (or the next) server does; takes effect for the requests that follow. */
    void setBehaviour(const BehaviourSpec &spec);
    /** Replace the injected faults; stall and refuse windows are timed from now. */
    void setFaults(const FaultPlan &plan);

    State state() const { return m_state; }
    const ServerConfig &config() const { return m_config; }
    /** The bound port once running (the chosen one when asked for port 0). */
    quint16 port() const { return m_port; }
    ServerSnapshot lastSnapshot() const { return m_snapshots.last(); }
    /** With TLS: the certificate's SHA-256 fingerprint ("AB:CD:...") and the certificate in PEM. */
    QString tlsFingerprint() const;
    QByteArray tlsCertificatePem() const;

    int snapshotInterval() const { return m_snapshotTimer.interval(); }
    void setSnapshotInterval(int milliseconds);
    /** Asks every I/O thread for its connections; answered by connectionStatsReady(). */
    void requestConnectionStats();

Q_SIGNALS:
    void started(const QString &host, quint16 port);
    void failed(const QString &message);
    /** A running server could not accept a connection (first time only), explained. */
    void acceptFailed(const QString &message);
    /** A connection's TLS failed (the first of each kind per thread), in plain words. */
    void tlsFailed(const QString &reason);
    void snapshotReady(const NetCore::ServerSnapshot &snapshot);
    void connectionStatsReady(const QList<NetCore::ConnectionStats> &connections);
    void stopped();

private:
    void onListenResult(bool listening, quint16 port, const QString &error);
    void collect();
    void publish(ServerCounters counters);
    void teardown();
    void fail(const QString &message);

    IoThreadPool &m_pool;
    ServerConfig m_config;
    State m_state = State::Stopped;
    quint16 m_port = 0;
    std::shared_ptr<const TlsContext> m_tls;
    ServerListener *m_listener = nullptr;
    QList<ServerWorker *> m_workers;
    std::shared_ptr<std::atomic<int>> m_openConnections;

    QTimer m_snapshotTimer;
    IntervalSnapshots<ServerCounters, ServerSnapshot> m_snapshots;
    RoundCollector<ServerCounters> m_collector;
    bool m_stopAfterCollect = false;
};

} // namespace NetCore
