// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "fleet/connectscheduler.h"
#include "fleet/fleetconfig.h"
#include "fleet/fleetcounters.h"
#include "fleet/messagetemplate.h"
#include "fleet/openloopschedule.h"
#include "metrics/trafficentry.h"
#include "metrics/latencyhistogram.h"
#include "tls/tlsagreement.h"
#include "tls/tlserror.h"

#include <QByteArray>
#include <QObject>
#include <QTimer>

#include <memory>
#include <optional>
#include <random>
#include <vector>

namespace NetCore {

class FleetConnection;
class FrameCodec;
class PreciseTimer;
class TlsChannel;
class TlsContext;
struct ConnectionStats;

/**
 * A client fleet's part on one I/O thread: its share of the connections, its share
 * of the open-loop rate, and its own counters and latency histograms, which the
 * owner collects every interval (takePart()). Lives and runs on its I/O thread.
 */
class FleetWorker : public QObject
{
    Q_OBJECT

public:
    /** What one worker hands over each interval; parts add up. */
    struct Part {
        FleetCounters counters;
        LatencyHistogram corrected;
        LatencyHistogram uncorrected;
        LatencyHistogram sendLag;
        LatencyHistogram hello;         // opening exchanges' round trips
        LatencyHistogram connect;       // TCP connects, from connect() to established
        LatencyHistogram handshake;     // TLS handshakes, from the client hello to finished
        TlsErrorReasons tlsErrorReasons; // the first reason of each kind (kept, not reset)
        TlsAgreement tls;               // what the first handshake agreed on
        qint64 connectionsOpen = 0;
        QList<TrafficEntry> traffic;    // traced frames since the last part
        quint64 trafficDropped = 0;     // traced frames past the per-interval bound

        Part &operator+=(const Part &other);
    };

    /**
     * `rate` and `messageLimit` are this worker's shares (limit 0: none); it holds every
     * `workerCount`-th slot of the fleet's connect ramp from `workerIndex`.
     */
    FleetWorker(const FleetConfig &config, std::shared_ptr<const FrameCodec> codec,
                std::shared_ptr<const FrameCodec> replyCodec, int workerIndex, int workerCount, int connectionCount,
                int firstConnectionId, double rate, qint64 messageLimit);
    ~FleetWorker() override;

    /** Opens the connections on the ramp that started at `fleetStartNs`, and starts the schedule. */
    void begin(qint64 fleetStartNs);
    /** Stops sending, waits for replies until `drainDeadlineNs`, closes; then stopped(). */
    void beginStop(qint64 drainDeadlineNs);
    /** A new open-loop rate (this worker's share), its schedule restarting from now. */
    void setRate(double rate);
    /** A new closed-loop window, applied at once to every open connection. */
    void setWindow(int window);
    /** Sends `count` more messages now, spread over the open connections (`message` or the fleet's own). */
    void sendBurst(qint64 count, const std::optional<MessageTemplate> &message);
    int connectionCount() const { return m_connectionCount; }
    int firstConnectionId() const { return m_firstConnectionId; }
    /** Sends `count` copies of `message` on one connection now; its frames and replies are traced. */
    void sendTo(int connectionId, qint64 count, const MessageTemplate &message);
    /** Closes these connections gracefully (with reconnect on, they come back). */
    void closeConnections(const QList<int> &connectionIds);
    /** Traces these connections (all of them with `all`): their frames go to the traffic log. */
    void setTraced(const QList<int> &connectionIds, bool all);

    /** Counters since the start, latency since the last call (then reset). */
    Part takePart();
    QList<ConnectionStats> connectionStats() const;

    // For FleetConnection.
    const FleetConfig &config() const { return m_config; }
    /** What the fleet sends in. */
    const FrameCodec &codec() const { return *m_codec; }
    /** What replies come in: the same codec unless the fleet has a reply framing. */
    const FrameCodec &replyCodec() const { return *m_replyCodec; }
    FleetCounters &counters() { return m_counters; }
    const MessageTemplate &message() const { return m_message; }
    /** The opening exchange's messages, in order, and the closing ones. */
    const QList<MessageTemplate> &helloMessages() const { return m_helloMessages; }
    const QList<MessageTemplate> &goodbyeMessages() const { return m_goodbyeMessages; }
    const ReplyMatch &match() const { return m_match; }
    /** Replies are RESP values (whose error replies are counted apart). Asked per reply: kept, not derived. */
    bool repliesAreResp() const { return m_repliesAreResp; }
    /** Connections open with the WebSocket upgrade; pings and closes are answered. */
    bool speaksWebSocket() const { return m_speaksWebSocket; }
    /** Where a reply's payload begins on the wire (ReplyMatch::payloadStart() of the reply framing). */
    int replyPayloadStart() const { return m_replyPayloadStart; }
    /** For fields: random numbers and a buffer to fill messages in (connections run one at a time). */
    FieldRandom &fieldRandom() { return m_fieldRandom; }
    QByteArray &fieldScratch() { return m_fieldScratch; }
    void recordHello(qint64 roundTripNs) { m_hello.record(roundTripNs); }
    void recordConnect(qint64 durationNs) { m_connect.record(durationNs); }
    /** A handshake done: timed, counted as full or resumed, its agreement kept (the first). */
    void recordHandshake(qint64 durationNs, const TlsChannel &channel);
    /** A TLS failure: counted by kind; the first reason of each kind kept, the first of all reported. */
    void noteTlsError(TlsError kind, const QString &reason);
    /** Set before begin(): connections speak TLS with it (null: plaintext). */
    void setTlsContext(std::shared_ptr<const TlsContext> context);
    const TlsContext *tlsContext() const { return m_tlsContext.get(); }
    /** TLS starts inside the opening exchange (a starttls hello), not at connect. */
    bool startsTlsLater() const { return m_startsTlsLater; }
    /** True once anything was traced: until then replies need no look for a traced request. */
    bool isTracing() const { return m_tracing; }
    bool isClosedLoop() const { return m_config.schedule == FleetConfig::Schedule::ClosedLoop; }
    /** Takes one message from the budget; false once the fleet may not send more. */
    bool takeSendPermit();
    /** Up to `wanted` messages from the budget at once: how many may go. */
    qint64 takeSendPermits(qint64 wanted);
    /** The start instant (FleetConfig::startAtMsSinceEpoch) has come: sending begins. */
    void releaseHold();
    /** A connection opened (first time or again): an open-loop schedule waiting for one starts. */
    void connectionOpened();
    /** Inline: it runs for every reply. */
    void recordRoundTrip(qint64 dueNs, qint64 sentNs, qint64 nowNs)
    {
        if (dueNs == sentNs) {
            m_onTime.record(nowNs - sentNs);
            return;
        }
        m_corrected.record(nowNs - dueNs);
        m_uncorrected.record(nowNs - sentNs);
        m_sendLag.record(sentNs - dueNs);
    }
    /**
     * When every frame of the fleet's own message is the same bytes: several of them
     * in a row, and the size of one; else empty and 0.
     */
    const QByteArray &constantFrames() const { return m_constantFrames; }
    qsizetype constantFrameSize() const { return m_constantFrameSize; }
    void markDirty(FleetConnection *connection);
    void connectionSettled(bool opened, const QString &error);
    /** A connection's error; the first one of this worker goes to the user. */
    void reportError(const QString &message);
    void connectionEnded(FleetConnection *connection);
    /** The next local address to connect from, or a null address for the system's choice. */
    QHostAddress sourceAddressFor(int connectionId) const;
    /** A traced frame, kept until the next part (bounded). */
    void recordTraffic(TrafficEntry entry);
    /** A buffer the thread's connections read into (they run one at a time). */
    QByteArray &readScratch() { return m_readScratch; }
    /** Buffers for TLS: what a read decrypted, and records to send. */
    QByteArray &plainScratch() { return m_plainScratch; }
    QByteArray &wireScratch() { return m_wireScratch; }

Q_SIGNALS:
    /** Every connection of this worker has connected or failed. */
    void settled(int opened, int failed);
    /** The message budget is spent (only with a message limit). */
    void budgetSpent();
    /** beginStop() is done: nothing is open any more. */
    void stopped();
    /** The first connection error of this worker, for the user to read. */
    void connectionError(const QString &message);

private:
    void armConnector(qint64 atNs);
    void onConnector();
    qint64 reconnectBackoffNs(int attempt);
    void onPacer();
    /** The next open connection after the last one used, or null when none is open. */
    FleetConnection *nextOpenConnection();
    void startSchedule();
    void flushDirty();
    void sweep();
    void finishStopIfDone();

    FleetConfig m_config;
    std::shared_ptr<const FrameCodec> m_codec;
    std::shared_ptr<const FrameCodec> m_replyCodec;
    int m_workerIndex;
    int m_workerCount;
    int m_connectionCount;
    int m_firstConnectionId;
    qint64 m_budget;                 // messages this worker may still send; -1: no limit
    MessageTemplate m_message;
    QList<MessageTemplate> m_helloMessages;
    QList<MessageTemplate> m_goodbyeMessages;
    ReplyMatch m_match;
    bool m_repliesAreResp = false;
    bool m_speaksWebSocket = false;
    int m_replyPayloadStart = 0;
    FieldRandom m_fieldRandom;
    QByteArray m_fieldScratch;
    QByteArray m_constantFrames;
    qsizetype m_constantFrameSize = 0;
    QList<TrafficEntry> m_traffic;
    quint64 m_trafficDropped = 0;
    bool m_tracing = false;
    bool m_scheduleWaiting = false;  // open loop, and no connection has opened yet
    bool m_holding = false;          // connected, waiting for the start instant (FleetConfig::startAtMsSinceEpoch)
    QByteArray m_readScratch;
    QByteArray m_plainScratch;
    QByteArray m_wireScratch;
    std::shared_ptr<const TlsContext> m_tlsContext;
    bool m_startsTlsLater = false;
    TlsErrorReasons m_tlsErrorReasons;
    TlsAgreement m_tlsAgreement;
    std::vector<std::unique_ptr<FleetConnection>> m_connections;
    std::vector<FleetConnection *> m_dirty;
    FleetCounters m_counters;
    LatencyHistogram m_corrected;
    LatencyHistogram m_uncorrected;
    LatencyHistogram m_sendLag;
    LatencyHistogram m_hello;
    LatencyHistogram m_connect;
    LatencyHistogram m_handshake;
    // Round trips of messages sent when due (all of them in a closed loop): their
    // corrected and uncorrected values are the same and their lag is 0, so one
    // record stands for three until takePart() hands them over.
    LatencyHistogram m_onTime;
    OpenLoopSchedule m_schedule;
    PreciseTimer *m_pacer = nullptr;
    ConnectScheduler m_connects;     // first connects on the ramp, reconnects after their back-off
    std::vector<ConnectScheduler::Connect> m_dueConnects;
    PreciseTimer *m_connector = nullptr;
    QTimer m_sweepTimer;
    std::mt19937_64 m_random;        // back-off jitter
    size_t m_nextConnection = 0;
    int m_settledCount = 0;
    int m_openedCount = 0;
    int m_endedCount = 0;
    qint64 m_drainDeadlineNs = 0;
    bool m_stopping = false;
    bool m_stopped = false;
    bool m_reportedError = false;
};

} // namespace NetCore
