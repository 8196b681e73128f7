// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "behaviour/faultinjector.h"
#include "metrics/connectionstats.h"
#include "server/serverconfig.h"
#include "server/servercounters.h"
#include "tls/tlserror.h"

#include <QObject>
#include <QTimer>

#include <atomic>
#include <functional>
#include <memory>
#include <queue>
#include <unordered_map>
#include <vector>

namespace NetCore {

class FrameCodec;
class ServerBehaviour;
class PreciseTimer;
class ServerConnection;
class TlsContext;

/**
 * A test server's part on one I/O thread: adopts accepted descriptors, owns their
 * connections, counts, and sweeps deadlines. Lives on its I/O thread; every member
 * is called there.
 */
class ServerWorker : public QObject
{
    Q_OBJECT

public:
    /** `index` tells this thread's worker apart, so each has its own random stream. */
    /** `codec` reads requests; `replyCodec` (often the same) frames what goes back. */
    ServerWorker(const ServerConfig &config, std::shared_ptr<const FrameCodec> codec,
                 std::shared_ptr<const FrameCodec> replyCodec, int index, std::shared_ptr<std::atomic<int>> openConnections);
    ~ServerWorker() override;

    /** Takes over an accepted socket descriptor. */
    void adopt(qintptr descriptor);
    /** Closes every connection gracefully (used when the server stops). */
    void closeAll();
    /** Both take effect at once, for the requests that follow (call on this thread). */
    void setBehaviour(const BehaviourSpec &spec);
    void setFaults(const FaultPlan &plan);

    ServerCounters counters() const { return m_counters; }
    int connectionCount() const { return int(m_connections.size()); }
    /** Every open connection's figures (ids are unique per worker; `idBase` makes them unique per server). */
    QList<ConnectionStats> connectionStats(int idBase) const;

    // For ServerConnection.
    const ServerConfig &config() const { return m_config; }
    const FrameCodec &codec() const { return *m_codec; }
    const FrameCodec &replyCodec() const { return *m_replyCodec; }
    /** WB1 on both sides: sequences, NO_REPLY and ERROR answers apply. */
    bool speaksWb1() const { return m_speaksWb1; }
    /** Answers are HTTP responses built by HttpReply (http1 replies). */
    bool speaksHttp() const { return m_speaksHttp; }
    /** Connections open with the WebSocket upgrade; messages are WebSocket frames. */
    bool speaksWebSocket() const { return m_speaksWebSocket; }
    ServerBehaviour &behaviour() { return *m_behaviour; }
    ServerCounters &mutableCounters() { return m_counters; }
    FaultInjector &faults() { return m_faults; }
    bool stalled(qint64 nowNs) const { return m_faults.stalledAt(nowNs); }
    void remove(ServerConnection *connection);
    /** Sends `frame` (encoded) on `connection` at `dueNs`, unless it is gone by then. */
    void scheduleDelayed(ServerConnection *connection, qint64 dueNs, QByteArray frame);
    /** A buffer the thread's connections read into (they run one at a time). */
    QByteArray &readScratch() { return m_readScratch; }
    /** Buffers for TLS: what a read decrypted, and records to send. */
    QByteArray &plainScratch() { return m_plainScratch; }
    QByteArray &wireScratch() { return m_wireScratch; }
    /** Set before the first connection: they speak TLS with it (null: plaintext). */
    void setTlsContext(std::shared_ptr<const TlsContext> context) { m_tlsContext = std::move(context); }
    const TlsContext *tlsContext() const { return m_tlsContext.get(); }
    /** A connection's TLS failure: counted by kind; the first of each kind is told (tlsFailed()). */
    void noteTlsError(TlsError kind, const QString &reason);

Q_SIGNALS:
    /** The first TLS failure of a kind on this thread, in plain words. */
    void tlsFailed(const QString &reason);

public:

private:
    struct DelayedFrame {
        qint64 dueNs;
        quint64 order; // keeps replies due at the same time in the order they were made
        quint64 connectionId;
        QByteArray frame;
        bool operator>(const DelayedFrame &other) const
        {
            return dueNs != other.dueNs ? dueNs > other.dueNs : order > other.order;
        }
    };

    void sweep();
    void releaseDelayed();
    void armDelayTimer();
    void onStallChange();
    void armStallTimer(qint64 nowNs);
    void forEachConnection(const std::function<void(ServerConnection &)> &action);

    ServerConfig m_config;
    std::shared_ptr<const FrameCodec> m_codec;
    std::shared_ptr<const FrameCodec> m_replyCodec;
    bool m_speaksWb1;
    bool m_speaksHttp;
    bool m_speaksWebSocket;
    int m_index;
    std::unique_ptr<ServerBehaviour> m_behaviour;
    FaultInjector m_faults;
    std::shared_ptr<std::atomic<int>> m_openConnections;
    std::vector<std::unique_ptr<ServerConnection>> m_connections;
    std::vector<std::unique_ptr<ServerConnection>> m_dead; // closed, deleted on the next pass
    ServerCounters m_counters;
    QTimer m_sweepTimer;
    QByteArray m_readScratch;
    QByteArray m_plainScratch;
    QByteArray m_wireScratch;
    std::shared_ptr<const TlsContext> m_tlsContext;
    std::array<bool, TlsErrorKinds> m_tlsErrorTold{};
    quint64 m_nextConnectionId = 1;
    // Delayed replies of every connection, earliest first; a connection's entries
    // are skipped once it is gone (owners holds only connections still alive).
    std::priority_queue<DelayedFrame, std::vector<DelayedFrame>, std::greater<>> m_delayed;
    std::unordered_map<quint64, ServerConnection *> m_delayedOwners;
    quint64 m_delayedOrder = 0;
    PreciseTimer *m_delayTimer = nullptr; // made on first use, on this thread
    PreciseTimer *m_stallTimer = nullptr;
};

} // namespace NetCore
