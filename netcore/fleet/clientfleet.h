// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "metrics/connectionstats.h"
#include "fleet/fleetconfig.h"
#include "fleet/fleetsnapshot.h"
#include "fleet/fleetworker.h"
#include "fleet/messagetemplate.h"
#include "metrics/trafficentry.h"
#include "io/roundcollector.h"

#include <QElapsedTimer>
#include <QList>
#include <QObject>
#include <QTimer>

namespace NetCore {

class IoThreadPool;

/**
 * A fleet of simulated clients spread over the I/O threads, driven from the owner's
 * thread, which never touches a socket.
 *
 * start() opens the connections and runs the schedule; connectionsSettled() says how
 * many opened once every attempt is decided. A snapshot is published every
 * snapshotInterval(). stop() stops sending, waits for outstanding replies until the
 * drain deadline, closes, publishes a last snapshot and emits finished() (exactly
 * once per start). With a message limit, budgetSpent() tells when all were sent.
 */
class ClientFleet : public QObject
{
    Q_OBJECT

public:
    enum class State { Idle, Running, Stopping };
    Q_ENUM(State)

    explicit ClientFleet(IoThreadPool &pool, QObject *parent = nullptr);
    ~ClientFleet() override;

    void start(const FleetConfig &config);
    /** drainTimeoutMs < 0: the reply timeout. */
    void stop(int drainTimeoutMs = -1);

    /** Open loop: a new total rate, from now (ignored for a closed-loop fleet). */
    void setRate(double rate);
    /** Closed loop: a new window per connection, from now (ignored for an open-loop fleet). */
    void setWindow(int window);
    /** Sends `count` more messages now over the open connections: `message`, or the fleet's own. */
    void send(qint64 count, const std::optional<MessageTemplate> &message = std::nullopt);
    /** Sends `count` copies of `message` on one connection now; they and their replies are traced. */
    void sendTo(int connectionId, qint64 count, const MessageTemplate &message);
    /** Closes these connections gracefully. */
    void closeConnections(const QList<int> &connectionIds);
    /** Traces these connections (all with `all`): their frames come through trafficCaptured(). */
    void setTraced(const QList<int> &connectionIds, bool all = false);

    State state() const { return m_state; }
    const FleetConfig &config() const { return m_config; }
    FleetSnapshot lastSnapshot() const { return m_lastSnapshot; }
    /** From start() until every connection's first attempt had opened or failed; -1 until then. */
    qint64 connectSettledNs() const { return m_settledNs; }
    /** When start() began the clock that snapshots' elapsedNs count on (wall time, ms since the epoch). */
    qint64 startedMsSinceEpoch() const { return m_startedMsSinceEpoch; }
    /** The first connection error of the run, or empty. */
    QString firstError() const { return m_firstError; }
    /** With a message limit: every message has been sent (budgetSpent() came). */
    bool budgetIsSpent() const { return !m_workers.isEmpty() && m_workersSpent == m_workers.size(); }

    int snapshotInterval() const { return m_snapshotTimer.interval(); }
    void setSnapshotInterval(int milliseconds);

    /**
     * Asks every I/O thread for its connections' figures; answered by
     * connectionStatsReady() (sorted by connection id). Costs the I/O threads one
     * copy each, whenever asked; nothing is kept up to date in between.
     */
    void requestConnectionStats();

Q_SIGNALS:
    void connectionsSettled(int opened, int failed);
    void connectionError(const QString &message);
    void budgetSpent();
    void snapshotReady(const NetCore::FleetSnapshot &snapshot);
    void failed(const QString &message);
    void finished();
    void connectionStatsReady(const QList<NetCore::ConnectionStats> &connections);
    /** Traced frames of the last interval, oldest first; `dropped` were past the bound. */
    void trafficCaptured(const QList<NetCore::TrafficEntry> &entries, quint64 dropped);

private:
    void collect(bool last);
    void publish(FleetWorker::Part part, bool last);
    void onWorkerSettled(int opened, int failed);
    void onWorkerStopped();
    void teardown();

    IoThreadPool &m_pool;
    FleetConfig m_config;
    State m_state = State::Idle;
    QList<FleetWorker *> m_workers;
    RoundCollector<FleetWorker::Part> m_collector;
    QTimer m_snapshotTimer;
    QElapsedTimer m_clock;
    qint64 m_startedMsSinceEpoch = 0;
    qint64 m_lastSnapshotNs = 0;
    qint64 m_startNs = 0;            // CLOCK_MONOTONIC at start()
    qint64 m_settledNs = -1;
    FleetSnapshot m_lastSnapshot;
    std::shared_ptr<LatencyHistogram> m_totalCorrected;
    std::shared_ptr<LatencyHistogram> m_totalUncorrected;
    std::shared_ptr<LatencyHistogram> m_totalSendLag;
    LatencyHistogram m_totalHello;
    LatencyHistogram m_totalConnect;
    LatencyHistogram m_totalHandshake;
    QString m_firstError;
    int m_workersSettled = 0;
    int m_opened = 0;
    int m_failedConnections = 0;
    int m_workersSpent = 0;
    int m_workersStopped = 0;
    bool m_finalPending = false;
};

} // namespace NetCore
