// SPDX-License-Identifier: GPL-3.0-or-later
#include "fleet/fleetworker.h"

#include "codec/framecodec.h"
#include "codec/websocketcodec.h"
#include "fleet/fleetconnection.h"
#include "tls/tlschannel.h"
#include "tls/tlscontext.h"
#include "io/monotonicclock.h"
#include "io/precisetimer.h"

#include <QDateTime>

#include <algorithm>
#include <cmath>
#include <utility>

namespace NetCore {

namespace {
constexpr int SweepIntervalMs = 20;
// A pacer that fell behind sends at most this many in one go before letting the
// sockets' own events in, then carries on at once.
constexpr int MaxSendsPerTick = 4096;
// Connects made in one go when several of a ramp are due (after a late wake-up): the
// thread's replies wait behind a burst, so it ends after this long (about 60 connects
// here; see docs/performance.md), and the next one follows after one pass over the
// sockets' own events. The clock is read every few connects.
constexpr qint64 MaxConnectBurstNs = 2'000'000;
constexpr int ConnectsPerClockReading = 8;
// Reconnects are rate-limited even without a ramp, so a server that drops everyone
// at once is not answered by a storm of connects.
constexpr double DefaultReconnectRatePerSecond = 1000;
// Traced frames kept per snapshot interval and thread: a log, not a capture of a flood.
constexpr qsizetype MaxTrafficPerInterval = 2000;
} // namespace

FleetWorker::Part &FleetWorker::Part::operator+=(const Part &other)
{
    counters += other.counters;
    corrected.merge(other.corrected);
    uncorrected.merge(other.uncorrected);
    sendLag.merge(other.sendLag);
    hello.merge(other.hello);
    connect.merge(other.connect);
    handshake.merge(other.handshake);
    for (int kind = 0; kind < TlsErrorKinds; ++kind) {
        if (tlsErrorReasons[kind].isEmpty())
            tlsErrorReasons[kind] = other.tlsErrorReasons[kind];
    }
    if (tls.isEmpty())
        tls = other.tls;
    connectionsOpen += other.connectionsOpen;
    traffic += other.traffic;
    trafficDropped += other.trafficDropped;
    return *this;
}

FleetWorker::FleetWorker(const FleetConfig &config, std::shared_ptr<const FrameCodec> codec,
                         std::shared_ptr<const FrameCodec> replyCodec, int workerIndex, int workerCount,
                         int connectionCount, int firstConnectionId, double rate, qint64 messageLimit)
    : m_config(config)
    , m_codec(std::move(codec))
    , m_replyCodec(std::move(replyCodec))
    , m_workerIndex(workerIndex)
    , m_workerCount(workerCount)
    , m_connectionCount(connectionCount)
    , m_firstConnectionId(firstConnectionId)
    , m_budget(messageLimit > 0 ? messageLimit : -1)
    , m_message(MessageTemplate::forFleet(config, config.seed + quint64(workerIndex) * 7919))
    , m_match(config.match.value_or(ReplyMatch::defaultFor(config.framing)))
    , m_fieldRandom{config.seed ^ (0xD6E8FEB86659FD93ULL * quint64(workerIndex + 1))}
    , m_readScratch(64 * 1024, Qt::Uninitialized)
    , m_schedule(rate, config.poisson, config.seed ^ (0x9E3779B97F4A7C15ULL * quint64(workerIndex + 1)))
    , m_sweepTimer(this)
    , m_random(config.seed ^ (0xC2B2AE3D27D4EB4FULL * quint64(workerIndex + 1)))
{
    m_sweepTimer.setInterval(SweepIntervalMs);
    connect(&m_sweepTimer, &QTimer::timeout, this, &FleetWorker::sweep);
    // A framing without sequence numbers and a payload that never changes make every
    // frame the same bytes: encoded once here, copied per message.
    bool constantPayload = (m_message.kind() == MessageTemplate::Kind::Pattern
                                  || m_message.kind() == MessageTemplate::Kind::Fixed)
        && !m_message.hasFields();
    m_repliesAreResp = m_replyCodec->framing() == Framing::Resp;
    m_speaksWebSocket = m_codec->framing() == Framing::WebSocket;
    if (m_speaksWebSocket && config.webSocket.binary)
        m_message.wb1Type = WebSocketCodec::Binary; // the codec's opcode
    if (m_speaksWebSocket)
        constantPayload = false; // each frame is masked with its own key
    m_replyPayloadStart = ReplyMatch::payloadStart(m_replyCodec->framing());
    for (const HelloMessage &hello : config.hello)
        m_helloMessages.append(MessageTemplate::fixed(hello.message));
    for (const QByteArray &goodbye : config.goodbye)
        m_goodbyeMessages.append(MessageTemplate::fixed(goodbye));
    if (!m_codec->matchesBySequence() && constantPayload) {
        const Frame frame{m_message.wb1Type, m_message.wb1Flags, 0, 0, m_message.payloadFor(0)};
        QByteArray one;
        if (m_codec->encode(frame, one) == FrameError::None && !one.isEmpty()) {
            // Several in a row, so a window's refill is one copy (see FleetConnection::topUpWindow()).
            m_constantFrameSize = one.size();
            m_constantFrames = one.repeated(int(std::clamp<qsizetype>(4096 / one.size(), 1, 64)));
        }
    }
}

FleetWorker::~FleetWorker() = default;

void FleetWorker::begin(qint64 fleetStartNs)
{
    m_sweepTimer.start();
    m_connections.reserve(size_t(m_connectionCount));
    for (int i = 0; i < m_connectionCount; ++i)
        m_connections.push_back(std::make_unique<FleetConnection>(*this, m_firstConnectionId + i));
    m_connects.planRamp(fleetStartNs, m_connectionCount, m_config.connectRate, m_workerCount, m_workerIndex);
    // Reconnects share the ramp's pace, or a default one without a ramp.
    const double fleetReconnectRate = m_config.connectRate > 0 ? m_config.connectRate : DefaultReconnectRatePerSecond;
    m_connects.setReconnectRate(fleetReconnectRate / double(std::max(m_workerCount, 1)));
    if (m_connectionCount == 0) {
        Q_EMIT settled(0, 0);
    } else if (m_config.connectRate <= 0) {
        // No ramp: every connect starts now, before any reply can wait behind them.
        m_connects.takeDue(fleetStartNs, m_connectionCount, m_dueConnects);
        for (const ConnectScheduler::Connect &due : m_dueConnects)
            m_connections[size_t(due.index)]->connectToTarget();
    } else {
        onConnector(); // the first slots may be due already
    }
    // The open-loop schedule starts when the first connection opens (connectionOpened()).
    m_scheduleWaiting = !isClosedLoop() && m_schedule.rate() > 0.0 && m_connectionCount > 0;
    // Held until the fleet says the start instant has come (releaseHold()).
    m_holding = m_config.startAtMsSinceEpoch > QDateTime::currentMSecsSinceEpoch();
}

void FleetWorker::releaseHold()
{
    m_holding = false;
    if (m_stopping)
        return;
    if (isClosedLoop()) {
        const qint64 now = monotonicNowNs();
        for (const auto &connection : m_connections)
            connection->fillWindow(now);
        flushDirty();
    } else if (m_scheduleWaiting && m_counters.connectionsOpen() > 0) {
        startSchedule();
    }
}

void FleetWorker::startSchedule()
{
    // From now: messages due before a connection could carry them would only count
    // as unsent (a demo at 2,000/s showed four errors before its first connect).
    m_scheduleWaiting = false;
    if (!m_pacer) {
        m_pacer = new PreciseTimer(this);
        connect(m_pacer, &PreciseTimer::timeout, this, &FleetWorker::onPacer);
    }
    m_schedule.start(monotonicNowNs());
    if (!m_stopping && m_budget != 0)
        m_pacer->startAt(m_schedule.nextDueNs());
}

void FleetWorker::connectionOpened()
{
    if (m_scheduleWaiting && !m_stopping && !m_holding)
        startSchedule();
}

FleetConnection *FleetWorker::nextOpenConnection()
{
    // Round robin over the open connections, from where the last message went.
    for (size_t tried = 0; tried < m_connections.size(); ++tried) {
        FleetConnection *candidate = m_connections[m_nextConnection].get();
        m_nextConnection = (m_nextConnection + 1) % m_connections.size();
        if (candidate->isReady())
            return candidate;
    }
    return nullptr;
}

void FleetWorker::onPacer()
{
    const qint64 now = monotonicNowNs();
    int sends = 0;
    while (m_schedule.nextDueNs() <= now && sends < MaxSendsPerTick && takeSendPermit()) {
        FleetConnection *target = nextOpenConnection();
        if (target)
            target->submit(m_schedule.nextDueNs(), now);
        else
            ++m_counters.unsent;
        m_schedule.advance();
        ++sends;
    }
    flushDirty();
    if (!m_stopping && m_budget != 0)
        m_pacer->startAt(m_schedule.nextDueNs());
}

void FleetWorker::setRate(double rate)
{
    if (isClosedLoop() || !(rate > 0.0) || m_connections.empty())
        return;
    m_schedule.setRate(rate);
    if (m_counters.connectionsOpen() > 0 && !m_holding)
        startSchedule();
    else
        m_scheduleWaiting = true; // restarts with the first connection to open
}

void FleetWorker::setWindow(int window)
{
    if (!isClosedLoop() || window < 1)
        return;
    m_config.window = window;
    const qint64 now = monotonicNowNs();
    for (const auto &connection : m_connections)
        connection->fillWindow(now);
    flushDirty();
}

void FleetWorker::sendBurst(qint64 count, const std::optional<MessageTemplate> &message)
{
    if (m_stopping || count <= 0)
        return;
    const qint64 now = monotonicNowNs();
    const MessageTemplate *chosen = message ? &*message : nullptr;
    for (qint64 i = 0; i < count; ++i) {
        FleetConnection *target = nextOpenConnection();
        if (!target) {
            m_counters.unsent += quint64(count - i);
            break;
        }
        if (target->sendNow(now, now, chosen))
            markDirty(target);
        else
            ++m_counters.unsent; // its key is still in flight on that connection
    }
    flushDirty();
}

void FleetWorker::sendTo(int connectionId, qint64 count, const MessageTemplate &message)
{
    const qsizetype index = connectionId - m_firstConnectionId;
    if (index < 0 || index >= qsizetype(m_connections.size()) || count <= 0)
        return;
    FleetConnection *connection = m_connections[size_t(index)].get();
    if (!connection->isReady()) {
        m_counters.unsent += quint64(count);
        return;
    }
    const qint64 now = monotonicNowNs();
    m_tracing = true;
    for (qint64 i = 0; i < count; ++i) {
        if (!connection->sendNow(now, now, &message, true))
            ++m_counters.unsent;
    }
    connection->flush();
}

void FleetWorker::closeConnections(const QList<int> &connectionIds)
{
    for (const auto &connection : m_connections) {
        if (connectionIds.contains(connection->id()))
            connection->close();
    }
}

void FleetWorker::setTraced(const QList<int> &connectionIds, bool all)
{
    m_tracing = m_tracing || all || !connectionIds.isEmpty();
    for (const auto &connection : m_connections)
        connection->m_traced = all || connectionIds.contains(connection->id());
}

void FleetWorker::recordTraffic(TrafficEntry entry)
{
    if (m_traffic.size() >= MaxTrafficPerInterval) {
        ++m_trafficDropped;
        return;
    }
    m_traffic.append(std::move(entry));
}

bool FleetWorker::takeSendPermit()
{
    return takeSendPermits(1) == 1;
}

qint64 FleetWorker::takeSendPermits(qint64 wanted)
{
    if (m_stopping || m_holding || m_budget == 0 || wanted <= 0)
        return 0;
    if (m_budget < 0)
        return wanted;
    const qint64 granted = std::min(wanted, m_budget);
    m_budget -= granted;
    if (m_budget == 0)
        QMetaObject::invokeMethod(this, &FleetWorker::budgetSpent, Qt::QueuedConnection);
    return granted;
}

void FleetWorker::markDirty(FleetConnection *connection)
{
    if (!connection->m_dirty) {
        connection->m_dirty = true;
        m_dirty.push_back(connection);
    }
}

void FleetWorker::flushDirty()
{
    for (FleetConnection *connection : m_dirty)
        connection->flush();
    m_dirty.clear();
}

void FleetWorker::connectionSettled(bool opened, const QString &error)
{
    ++m_settledCount;
    if (opened)
        ++m_openedCount;
    if (!opened)
        reportError(error);
    if (m_settledCount == m_connectionCount)
        Q_EMIT settled(m_openedCount, m_settledCount - m_openedCount);
}

void FleetWorker::setTlsContext(std::shared_ptr<const TlsContext> context)
{
    m_tlsContext = std::move(context);
    m_startsTlsLater = m_tlsContext
        && std::any_of(m_config.hello.cbegin(), m_config.hello.cend(), [](const HelloMessage &hello) { return hello.startTls; });
}

void FleetWorker::recordHandshake(qint64 durationNs, const TlsChannel &channel)
{
    m_handshake.record(durationNs);
    if (channel.wasResumed())
        ++m_counters.tlsResumed;
    else
        ++m_counters.tlsFull;
    if (m_tlsAgreement.isEmpty())
        m_tlsAgreement = TlsAgreement{channel.protocolVersion(), channel.cipherName(), channel.alpn()};
}

void FleetWorker::noteTlsError(TlsError kind, const QString &reason)
{
    ++m_counters.tlsErrors[size_t(kind)];
    QString &first = m_tlsErrorReasons[size_t(kind)];
    if (first.isEmpty())
        first = reason;
}

void FleetWorker::reportError(const QString &message)
{
    if (m_reportedError || message.isEmpty())
        return;
    m_reportedError = true;
    Q_EMIT connectionError(message);
}

void FleetWorker::connectionEnded(FleetConnection *connection)
{
    ++m_endedCount;
    const bool reopenAtOnce = std::exchange(connection->m_reopenAtOnce, false);
    if (m_stopping) {
        // Requests a server close left unanswered are still owed while the drain lasts.
        if (reopenAtOnce && !connection->m_heldBack.isEmpty() && monotonicNowNs() < m_drainDeadlineNs) {
            // Not from inside ended(): its caller still holds the old socket (to abort it).
            QMetaObject::invokeMethod(
                this,
                [this, connection] {
                    if (connection->state() == FleetConnection::State::Closed && !connection->m_heldBack.isEmpty()) {
                        ++m_counters.reconnects;
                        connection->connectToTarget();
                    }
                },
                Qt::QueuedConnection);
            return;
        }
        m_counters.unsent += quint64(connection->m_heldBack.size());
        connection->m_heldBack.clear();
        QMetaObject::invokeMethod(this, &FleetWorker::finishStopIfDone, Qt::QueuedConnection);
        return;
    }
    if (reopenAtOnce) {
        // The server ended it as it said it would (HTTP's Connection: close): no back-off.
        m_connects.queueReconnect(connection->id() - m_firstConnectionId, monotonicNowNs());
        armConnector(m_connects.nextDueNs());
        return;
    }
    if (m_config.reconnect) {
        const qint64 notBefore = monotonicNowNs() + reconnectBackoffNs(connection->m_failedAttempts++);
        m_connects.queueReconnect(connection->id() - m_firstConnectionId, notBefore);
        armConnector(m_connects.nextDueNs());
    }
}

qint64 FleetWorker::reconnectBackoffNs(int attempt)
{
    const double initial = double(std::max(m_config.reconnectInitialMs, 1)) * 1e6;
    const double ceiling = double(std::max(m_config.reconnectMaxMs, m_config.reconnectInitialMs)) * 1e6;
    const double backoff = std::min(initial * std::pow(2.0, std::min(attempt, 30)), ceiling);
    // Jitter in [0.5, 1]: connections dropped together do not come back together.
    return qint64(backoff * std::uniform_real_distribution<double>(0.5, 1.0)(m_random));
}

QHostAddress FleetWorker::sourceAddressFor(int connectionId) const
{
    const auto &sources = m_config.sourceAddresses;
    return sources.isEmpty() ? QHostAddress() : sources[connectionId % sources.size()];
}

void FleetWorker::armConnector(qint64 atNs)
{
    if (m_stopping || atNs == ConnectScheduler::Never)
        return;
    if (!m_connector) {
        m_connector = new PreciseTimer(this);
        connect(m_connector, &PreciseTimer::timeout, this, &FleetWorker::onConnector);
    }
    m_connector->startAt(atNs);
}

void FleetWorker::onConnector()
{
    const qint64 burstStartNs = monotonicNowNs();
    qint64 now = burstStartNs;
    while (!m_stopping && now - burstStartNs < MaxConnectBurstNs) {
        m_dueConnects.clear();
        if (m_connects.takeDue(now, ConnectsPerClockReading, m_dueConnects) == 0)
            break;
        for (const ConnectScheduler::Connect &due : m_dueConnects) {
            if (due.reconnect)
                ++m_counters.reconnects;
            m_connections[size_t(due.index)]->connectToTarget();
        }
        now = monotonicNowNs();
    }
    // More may be due already: the timer then fires at once, after the sockets' events.
    armConnector(m_connects.nextDueNs());
}

void FleetWorker::sweep()
{
    const qint64 now = monotonicNowNs();
    for (const auto &connection : m_connections)
        connection->checkDeadlines(now);
    flushDirty(); // what the sweep released
    if (m_stopping)
        finishStopIfDone();
}

void FleetWorker::beginStop(qint64 drainDeadlineNs)
{
    if (m_stopping)
        return;
    m_stopping = true;
    m_drainDeadlineNs = drainDeadlineNs;
    if (m_pacer)
        m_pacer->stop();
    // Connects not made yet are not made at all.
    if (m_connector)
        m_connector->stop();
    m_connects.clear();
    for (const auto &connection : m_connections) {
        connection->cancelPendingConnect();
        // Except a reopen after a server close that left requests owed: it goes now.
        if (connection->state() == FleetConnection::State::Closed && !connection->m_heldBack.isEmpty()) {
            ++m_counters.reconnects;
            connection->connectToTarget();
        }
    }
    flushDirty();
    finishStopIfDone();
}

void FleetWorker::finishStopIfDone()
{
    if (m_stopped)
        return;
    const qint64 now = monotonicNowNs();
    bool waiting = false;
    for (const auto &connection : m_connections) {
        const bool owed = connection->inFlight() > 0 || !connection->m_heldBack.isEmpty();
        // (A closed one that still owes requests is about to reopen: see connectionEnded().)
        if (owed)
            waiting = true;
    }
    if (waiting && now < m_drainDeadlineNs)
        return;
    // Replies are in (or the deadline passed): close whatever is still open, and
    // cut what has not finished closing a while after the deadline.
    constexpr qint64 ClosingGraceNs = 2'000'000'000;
    const bool cut = now > m_drainDeadlineNs + ClosingGraceNs;
    for (const auto &connection : m_connections) {
        if (cut)
            connection->abort();
        else
            connection->close();
    }
    for (const auto &connection : m_connections) {
        if (connection->state() != FleetConnection::State::Closed)
            return; // closing; connectionEnded() or the sweep brings us back
    }
    for (const auto &connection : m_connections) {
        m_counters.unsent += quint64(connection->m_heldBack.size());
        connection->m_heldBack.clear();
    }
    m_stopped = true;
    m_sweepTimer.stop();
    Q_EMIT stopped();
}

FleetWorker::Part FleetWorker::takePart()
{
    Part part;
    part.counters = m_counters;
    part.corrected = m_corrected;
    part.uncorrected = m_uncorrected;
    part.sendLag = m_sendLag;
    part.hello = m_hello;
    part.connect = m_connect;
    part.handshake = m_handshake;
    part.tlsErrorReasons = m_tlsErrorReasons;
    part.tls = m_tlsAgreement;
    part.corrected.merge(m_onTime);
    part.uncorrected.merge(m_onTime);
    part.sendLag.record(0, m_onTime.totalCount());
    part.connectionsOpen = m_counters.connectionsOpen();
    part.traffic = std::move(m_traffic);
    part.trafficDropped = m_trafficDropped;
    m_traffic = {};
    m_trafficDropped = 0;
    m_corrected.reset();
    m_uncorrected.reset();
    m_sendLag.reset();
    m_hello.reset();
    m_connect.reset();
    m_handshake.reset();
    m_onTime.reset();
    return part;
}

QList<ConnectionStats> FleetWorker::connectionStats() const
{
    QList<ConnectionStats> stats;
    stats.reserve(qsizetype(m_connections.size()));
    for (const auto &connection : m_connections) {
        ConnectionStats one = connection->stats();
        one.id = connection->id();
        one.state = connection->state();
        one.inFlight = int(connection->inFlight());
        connection->describeEnds(one.local, one.remote);
        stats.append(one);
    }
    return stats;
}

} // namespace NetCore
