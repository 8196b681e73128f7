// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "capture/proxyrecorder.h"
#include "io/intervalsnapshots.h"
#include "io/roundcollector.h"
#include "proxy/proxyconfig.h"
#include "proxy/proxyworker.h"
#include "proxy/proxysnapshot.h"

#include <QElapsedTimer>
#include <QList>
#include <QObject>
#include <QTimer>

#include <atomic>
#include <memory>

namespace NetCore {

class IoThreadPool;
class ServerListener;

/**
 * A TCP proxy between real clients and a real server: a listening socket and one
 * worker per I/O thread, driven from the owner's thread, which never touches a
 * socket. Each accepted client gets its own connection to the upstream (ProxyLink).
 *
 * start() answers with started() or failed() (exactly one, queued). While running, a
 * snapshot is published every snapshotInterval(); stop() publishes a last one,
 * closes every connection and emits stopped().
 */
class TcpProxy : public QObject
{
    Q_OBJECT

public:
    enum class State { Stopped, Starting, Running, Stopping };
    Q_ENUM(State)

    explicit TcpProxy(IoThreadPool &pool, QObject *parent = nullptr);
    ~TcpProxy() override;

    /**
     * Binds the listening socket at once (so port() is known on return) and starts;
     * false if it cannot (the reason also comes as failed()).
     */
    bool start(const ProxyConfig &config);
    void stop();
    /** Replaces the faults of a running (or the next) proxy; each connection decides on new ones by their toxicity. */
    void setFaults(const ProxyFaults &faults);
    /** With a framing: the request timings since the start. */
    const std::optional<ReplyTimes> &replyTimes() const { return m_replyTimes; }
    /** The capture files (--record, --record-pcap) as written so far. */
    const ProxyRecorder &recorder() const { return m_recorder; }
    /** Asks every I/O thread for its connections; answered by connectionStatsReady(). */
    void requestConnectionStats();
    /** The connections (ids as connectionStatsReady() shows them) whose chunks are traced; the others stop. */
    void setTraced(const QList<int> &ids);
    /** Closes these connections (both sides), as a client or server closing would. */
    void closeConnections(const QList<int> &ids);

    State state() const { return m_state; }
    const ProxyConfig &config() const { return m_config; }
    quint16 port() const { return m_port; }
    ProxySnapshot lastSnapshot() const { return m_snapshots.last(); }
    /** Why the last start() failed (what failed() said), for callers that cannot wait for the signal. */
    QString lastError() const { return m_lastError; }
    void setSnapshotInterval(int milliseconds) { m_snapshotTimer.setInterval(milliseconds); }

Q_SIGNALS:
    void started(const QString &host, quint16 port);
    void failed(const QString &message);
    /** A client could not be accepted (the first time), explained. */
    void acceptFailed(const QString &message);
    void snapshotReady(const NetCore::ProxySnapshot &snapshot);
    void connectionStatsReady(const NetCore::ProxyConnectionRows &rows);
    /** Traced connections' chunks since the last snapshot; `dropped` past the bound. */
    void trafficCaptured(const QList<NetCore::TrafficEntry> &entries, quint64 dropped);
    /** The capture ended early: its size limit, or a write that failed (the reason). Forwarding goes on. */
    void recordEnded(const QString &why);
    void stopped();

private:
    void collect();
    void publish(ProxyWorker::Part part);
    void teardown();
    void fail(const QString &message);

    IoThreadPool &m_pool;
    ProxyConfig m_config;
    State m_state = State::Stopped;
    quint16 m_port = 0;
    ServerListener *m_listener = nullptr;
    QList<ProxyWorker *> m_workers;
    std::shared_ptr<std::atomic<int>> m_openConnections;
    QTimer m_snapshotTimer;
    IntervalSnapshots<ProxyCounters, ProxySnapshot> m_snapshots;
    RoundCollector<ProxyWorker::Part> m_collector;
    RoundCollector<ProxyConnectionRows> m_rowsCollector;
    bool m_stopAfterCollect = false;
    std::optional<ReplyTimes> m_replyTimes;
    ProxyRecorder m_recorder;
    qint64 m_startedNs = 0;
    QString m_lastError;
};

} // namespace NetCore
