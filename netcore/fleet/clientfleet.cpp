// SPDX-License-Identifier: GPL-3.0-or-later
#include "fleet/clientfleet.h"
#include "io/timeunits.h"

#include "fleet/evenshare.h"
#include "tls/tlscontext.h"

#include "codec/framecodec.h"
#include "codec/http1codec.h"
#include "text/httprequesttext.h"
#include "io/iothreadpool.h"
#include "fleet/messagetemplate.h"
#include "io/monotonicclock.h"

#include <QDateTime>
#include <QHostAddress>

#include <algorithm>
#include <chrono>

namespace NetCore {

namespace {

// The Host header of requests to the fleet's target.
QByteArray hostHeaderFor(const FleetConfig &config)
{
    const QHostAddress address(config.host);
    return (address.protocol() == QAbstractSocket::IPv6Protocol ? "[" + config.host.toLatin1() + "]" : config.host.toLatin1())
        + ':' + QByteArray::number(config.port);
}

// What the protocol adds to the messages as written: an http1 request gets its Host
// from the target.
FleetConfig withProtocolDefaults(const FleetConfig &requested)
{
    FleetConfig config = requested;
    if (config.framing == Framing::Http1) {
        for (QByteArray &message : config.messages)
            message = HttpRequestText::withHost(message, hostHeaderFor(config));
    }
    return config;
}

// The same for messages sent on demand (the composer, a send step).
MessageTemplate withProtocolDefaults(const MessageTemplate &message, const FleetConfig &config)
{
    QList<QByteArray> stored = message.storedMessages();
    if (config.framing != Framing::Http1 || stored.isEmpty())
        return message;
    for (QByteArray &one : stored)
        one = HttpRequestText::withHost(one, hostHeaderFor(config));
    MessageTemplate prepared = stored.size() == 1 ? MessageTemplate::fixed(stored.constFirst()) : MessageTemplate::list(stored);
    prepared.wb1Type = message.wb1Type;
    prepared.wb1Flags = message.wb1Flags;
    prepared.fixedSequence = message.fixedSequence;
    prepared.fixedTimestamp = message.fixedTimestamp;
    return prepared;
}

// The codec replies are read with: HEAD requests get responses without a body.
std::shared_ptr<const FrameCodec> replyCodecFor(const FleetConfig &config, const std::shared_ptr<const FrameCodec> &codec,
                                                QString *problem)
{
    const Framing framing = config.replyFraming.value_or(config.framing);
    if (framing == Framing::Http1 && config.framing == Framing::Http1) {
        const auto heads = std::count_if(config.messages.begin(), config.messages.end(),
                                         [](const QByteArray &message) { return HttpRequestText::isHead(message); });
        if (heads > 0 && heads < config.messages.size())
            *problem = QStringLiteral("a fleet's requests are all HEAD or none: a response to HEAD has no body, "
                                      "which only its request tells");
        if (heads > 0)
            return std::make_shared<Http1Codec>(codec->maxPayload(), true);
    }
    return config.replyFraming ? makeCodec(*config.replyFraming, config.maxPayload) : codec;
}

} // namespace

ClientFleet::ClientFleet(IoThreadPool &pool, QObject *parent)
    : QObject(parent)
    , m_pool(pool)
    , m_snapshotTimer(this)
{
    m_snapshotTimer.setInterval(DefaultSnapshotIntervalMs);
    connect(&m_snapshotTimer, &QTimer::timeout, this, [this] { collect(false); });
}

ClientFleet::~ClientFleet()
{
    m_collector.cancel();
    teardown();
    // Rounds under way post back to this object: let them land before it is gone.
    m_pool.drain();
}

void ClientFleet::setRate(double rate)
{
    if (m_config.schedule != FleetConfig::Schedule::OpenLoop || !(rate > 0.0))
        return;
    m_config.rate = rate;
    // Each worker gets the share of its connections, as at the start.
    for (FleetWorker *worker : std::as_const(m_workers)) {
        const double share = rate * double(worker->connectionCount()) / double(m_config.connections);
        QMetaObject::invokeMethod(worker, [worker, share] { worker->setRate(share); }, Qt::QueuedConnection);
    }
}

void ClientFleet::setWindow(int window)
{
    if (m_config.schedule != FleetConfig::Schedule::ClosedLoop || window < 1)
        return;
    m_config.window = window;
    for (FleetWorker *worker : std::as_const(m_workers))
        QMetaObject::invokeMethod(worker, [worker, window] { worker->setWindow(window); }, Qt::QueuedConnection);
}

void ClientFleet::send(qint64 count, const std::optional<MessageTemplate> &requested)
{
    if (m_workers.isEmpty() || count <= 0)
        return;
    const std::optional<MessageTemplate> message
        = requested ? std::optional<MessageTemplate>(withProtocolDefaults(*requested, m_config)) : std::nullopt;
    qint64 left = count;
    for (qsizetype i = 0; i < m_workers.size(); ++i) {
        FleetWorker *worker = m_workers[i];
        const qint64 share = i + 1 == m_workers.size()
            ? left
            : qint64(double(count) * double(worker->connectionCount()) / double(m_config.connections));
        left -= share;
        QMetaObject::invokeMethod(worker, [worker, share, message] { worker->sendBurst(share, message); },
                                  Qt::QueuedConnection);
    }
}

void ClientFleet::sendTo(int connectionId, qint64 count, const MessageTemplate &requested)
{
    const MessageTemplate message = withProtocolDefaults(requested, m_config);
    for (FleetWorker *worker : std::as_const(m_workers)) {
        if (connectionId >= worker->firstConnectionId()
            && connectionId < worker->firstConnectionId() + worker->connectionCount()) {
            QMetaObject::invokeMethod(worker, [worker, connectionId, count, message] { worker->sendTo(connectionId, count, message); },
                                      Qt::QueuedConnection);
            return;
        }
    }
}

void ClientFleet::closeConnections(const QList<int> &connectionIds)
{
    for (FleetWorker *worker : std::as_const(m_workers))
        QMetaObject::invokeMethod(worker, [worker, connectionIds] { worker->closeConnections(connectionIds); },
                                  Qt::QueuedConnection);
}

void ClientFleet::setTraced(const QList<int> &connectionIds, bool all)
{
    for (FleetWorker *worker : std::as_const(m_workers))
        QMetaObject::invokeMethod(worker, [worker, connectionIds, all] { worker->setTraced(connectionIds, all); },
                                  Qt::QueuedConnection);
}

void ClientFleet::requestConnectionStats()
{
    if (m_workers.isEmpty()) {
        QMetaObject::invokeMethod(this, [this] { Q_EMIT connectionStatsReady({}); }, Qt::QueuedConnection);
        return;
    }
    // Each worker answers on its own thread with a copy; nothing is shared or locked.
    auto gathered = std::make_shared<QList<ConnectionStats>>();
    auto pending = std::make_shared<int>(int(m_workers.size()));
    for (FleetWorker *worker : std::as_const(m_workers)) {
        QMetaObject::invokeMethod(
            worker,
            [this, worker, gathered, pending] {
                QList<ConnectionStats> part = worker->connectionStats();
                QMetaObject::invokeMethod(
                    this,
                    [this, part = std::move(part), gathered, pending] {
                        *gathered += part;
                        if (--*pending == 0) {
                            std::sort(gathered->begin(), gathered->end(),
                                      [](const ConnectionStats &a, const ConnectionStats &b) { return a.id < b.id; });
                            Q_EMIT connectionStatsReady(*gathered);
                        }
                    },
                    Qt::QueuedConnection);
            },
            Qt::QueuedConnection);
    }
}

void ClientFleet::setSnapshotInterval(int milliseconds)
{
    m_snapshotTimer.setInterval(std::max(milliseconds, 10));
}


void ClientFleet::start(const FleetConfig &requested)
{
    const FleetConfig config = withProtocolDefaults(requested);
    auto refuse = [this](const QString &message) {
        QMetaObject::invokeMethod(this, [this, message] { Q_EMIT failed(message); }, Qt::QueuedConnection);
    };
    if (m_state != State::Idle)
        return refuse(QStringLiteral("the fleet is already running"));
    QHostAddress address;
    if (config.host.compare(QLatin1String("localhost"), Qt::CaseInsensitive) != 0 && !address.setAddress(config.host))
        return refuse(QStringLiteral("cannot connect to '%1': not an IP address").arg(config.host));
    if (config.port == 0)
        return refuse(QStringLiteral("cannot connect to %1: no port given").arg(config.host));
    if (config.connections < 1)
        return refuse(QStringLiteral("a fleet needs at least one connection"));
    if (config.schedule == FleetConfig::Schedule::ClosedLoop && config.window < 1)
        return refuse(QStringLiteral("the window must be at least 1"));
    if (config.schedule == FleetConfig::Schedule::OpenLoop && !(config.rate > 0.0))
        return refuse(QStringLiteral("the rate must be above 0 messages/s"));
    const auto codec = makeCodec(config.framing, config.maxPayload);
    QString replyProblem;
    const auto replyCodec = replyCodecFor(config, codec, &replyProblem);
    if (!replyProblem.isEmpty())
        return refuse(replyProblem);
    if (config.payloadSize < 0)
        return refuse(QStringLiteral("the payload size cannot be negative"));
    const MessageTemplate message = MessageTemplate::forFleet(config, config.seed);
    if (const QString problem = message.problemWith(config.framing, codec->maxPayload()); !problem.isEmpty())
        return refuse(problem);
    const ReplyMatch match = config.match.value_or(ReplyMatch::defaultFor(config.framing));
    if (const QString problem = replyMatchProblem(match, config.framing, config.replyFraming.value_or(config.framing));
        !problem.isEmpty())
        return refuse(problem);
    if (match.kind() == ReplyMatch::None && config.schedule == FleetConfig::Schedule::ClosedLoop)
        return refuse(QStringLiteral("--match none waits for no reply, so a window never frees: use an open-loop rate"));
    if (match.kind() == ReplyMatch::Field) {
        if (const QString problem = message.problemWithKey(match, *codec); !problem.isEmpty())
            return refuse(problem);
    }
    for (qsizetype i = 0; i < config.hello.size(); ++i) {
        if (const QString problem = MessageTemplate::fixed(config.hello[i].message).problemWith(config.framing, codec->maxPayload());
            !problem.isEmpty())
            return refuse(QStringLiteral("hello %1: %2").arg(i + 1).arg(problem));
    }
    for (qsizetype i = 0; i < config.goodbye.size(); ++i) {
        if (const QString problem = MessageTemplate::fixed(config.goodbye[i]).problemWith(config.framing, codec->maxPayload());
            !problem.isEmpty())
            return refuse(QStringLiteral("goodbye %1: %2").arg(i + 1).arg(problem));
    }
    if (config.framing == Framing::Wb1 && (config.wb1Flags & FrameFlag::NoReply)
        && config.schedule == FleetConfig::Schedule::ClosedLoop)
        return refuse(QStringLiteral("NO_REPLY messages get no replies to wait for: use an open-loop rate"));
    if (config.connectRate < 0)
        return refuse(QStringLiteral("the connect rate cannot be negative"));
    for (const QHostAddress &source : config.sourceAddresses) {
        if (source.protocol() != address.protocol() && !address.isNull())
            return refuse(QStringLiteral("source address %1 and target %2 are not the same IP version")
                              .arg(source.toString(), config.host));
    }
    std::shared_ptr<const TlsContext> tls;
    if (config.tls.enabled) {
        QString why;
        tls = TlsContext::forClient(config.tls, config.host, &why);
        if (!tls)
            return refuse(why);
    } else if (std::any_of(config.hello.cbegin(), config.hello.cend(), [](const HelloMessage &hello) { return hello.startTls; })) {
        return refuse(QStringLiteral("a starttls hello switches to TLS: it needs TLS settings (--tls)"));
    }

    m_config = config;
    m_state = State::Running;
    m_firstError.clear();
    m_workersSettled = m_opened = m_failedConnections = m_workersSpent = m_workersStopped = 0;
    m_totalCorrected = std::make_shared<LatencyHistogram>();
    m_totalUncorrected = std::make_shared<LatencyHistogram>();
    m_totalSendLag = std::make_shared<LatencyHistogram>();
    m_totalHello.reset();
    m_totalConnect.reset();
    m_totalHandshake.reset();
    m_lastSnapshot = FleetSnapshot{};
    m_lastSnapshotNs = 0;

    // Connections, rate and message budget are shared out as evenly as they divide.
    const int threads = std::min(m_pool.threadCount(), config.connections);
    // The ramp counts from here on every thread: connection k opens k / rate later.
    const qint64 startNs = monotonicNowNs();
    m_startNs = startNs;
    m_settledNs = -1;
    int firstId = 0;
    for (int i = 0; i < threads; ++i) {
        const int connections = int(evenShare(config.connections, i, threads));
        const double rate = config.rate * double(connections) / double(config.connections);
        const qint64 limit = config.messageLimit <= 0 ? 0 : evenShare(config.messageLimit, i, threads);
        if (config.messageLimit > 0 && limit == 0)
            continue;
        auto *worker = new FleetWorker(config, codec, replyCodec, i, threads, connections, firstId, rate, limit);
        firstId += connections;
        worker->setTlsContext(tls);
        worker->moveToThread(m_pool.thread(i));
        connect(worker, &FleetWorker::settled, this, &ClientFleet::onWorkerSettled);
        connect(worker, &FleetWorker::stopped, this, &ClientFleet::onWorkerStopped);
        connect(worker, &FleetWorker::connectionError, this, [this](const QString &message) {
            if (m_firstError.isEmpty()) {
                m_firstError = message;
                Q_EMIT connectionError(message);
            }
        });
        connect(worker, &FleetWorker::budgetSpent, this, [this] {
            if (++m_workersSpent == m_workers.size())
                Q_EMIT budgetSpent();
        });
        m_workers.append(worker);
        QMetaObject::invokeMethod(worker, [worker, startNs] { worker->begin(startNs); }, Qt::QueuedConnection);
    }
    m_clock.start();
    m_startedMsSinceEpoch = QDateTime::currentMSecsSinceEpoch();
    m_snapshotTimer.start();
    const qint64 holdMs = config.startAtMsSinceEpoch - QDateTime::currentMSecsSinceEpoch();
    if (config.startAtMsSinceEpoch > 0 && holdMs > 0) {
        // The workers send from the start instant on; the intervals restart there too, so
        // the processes and machines that share it (shards) measure on one grid. The release
        // is queued after the collection's request on each worker: nothing sent after the
        // instant counts in the interval that ends there.
        QTimer::singleShot(std::chrono::milliseconds(holdMs), Qt::PreciseTimer, this, [this] {
            if (m_state != State::Running)
                return;
            collect(false);
            for (FleetWorker *worker : std::as_const(m_workers))
                QMetaObject::invokeMethod(worker, &FleetWorker::releaseHold, Qt::QueuedConnection);
            m_snapshotTimer.start();
        });
    }
}

void ClientFleet::onWorkerSettled(int opened, int failed)
{
    m_opened += opened;
    m_failedConnections += failed;
    if (++m_workersSettled == m_workers.size()) {
        m_settledNs = monotonicNowNs() - m_startNs;
        Q_EMIT connectionsSettled(m_opened, m_failedConnections);
    }
}

void ClientFleet::stop(int drainTimeoutMs)
{
    if (m_state != State::Running)
        return;
    m_state = State::Stopping;
    if (drainTimeoutMs < 0)
        drainTimeoutMs = m_config.replyTimeoutMs;
    const qint64 deadline = monotonicNowNs() + qint64(drainTimeoutMs) * NsPerMs;
    for (FleetWorker *worker : std::as_const(m_workers))
        QMetaObject::invokeMethod(worker, [worker, deadline] { worker->beginStop(deadline); }, Qt::QueuedConnection);
}

void ClientFleet::onWorkerStopped()
{
    if (++m_workersStopped < m_workers.size())
        return;
    m_snapshotTimer.stop();
    // The last round must see every worker's final counts, so it waits for any
    // round already under way rather than being skipped.
    m_finalPending = true;
    if (!m_collector.isCollecting())
        collect(true);
}

void ClientFleet::collect(bool last)
{
    const bool started = m_collector.collect<FleetWorker>(
        this, m_workers, [](FleetWorker *worker) { return worker->takePart(); },
        [this, last](FleetWorker::Part part) { publish(std::move(part), last); });
    Q_UNUSED(started);
}

void ClientFleet::publish(FleetWorker::Part part, bool last)
{
    const qint64 now = m_clock.nsecsElapsed();
    m_totalCorrected->merge(part.corrected);
    m_totalUncorrected->merge(part.uncorrected);
    m_totalSendLag->merge(part.sendLag);
    m_totalHello.merge(part.hello);
    m_totalConnect.merge(part.connect);
    m_totalHandshake.merge(part.handshake);

    FleetSnapshot snapshot;
    snapshot.elapsedNs = now;
    snapshot.intervalNs = now - m_lastSnapshotNs;
    snapshot.total = part.counters;
    snapshot.interval = part.counters.since(m_lastSnapshot.total);
    snapshot.intervalCorrected = std::make_shared<const LatencyHistogram>(std::move(part.corrected));
    snapshot.intervalUncorrected = std::make_shared<const LatencyHistogram>(std::move(part.uncorrected));
    // Totals are published as copies, so a consumer never sees them change.
    snapshot.totalCorrected = std::make_shared<const LatencyHistogram>(*m_totalCorrected);
    snapshot.totalUncorrected = std::make_shared<const LatencyHistogram>(*m_totalUncorrected);
    snapshot.totalSendLag = std::make_shared<const LatencyHistogram>(*m_totalSendLag);
    snapshot.intervalLatency = LatencySummary::of(*snapshot.intervalCorrected);
    snapshot.totalLatency = LatencySummary::of(*snapshot.totalCorrected);
    snapshot.totalUncorrectedLatency = LatencySummary::of(*snapshot.totalUncorrected);
    snapshot.helloLatency = LatencySummary::of(m_totalHello);
    snapshot.intervalHello = std::make_shared<const LatencyHistogram>(std::move(part.hello));
    snapshot.connectLatency = LatencySummary::of(m_totalConnect);
    snapshot.handshakeLatency = LatencySummary::of(m_totalHandshake);
    snapshot.intervalConnect = std::make_shared<const LatencyHistogram>(std::move(part.connect));
    snapshot.intervalHandshake = std::make_shared<const LatencyHistogram>(std::move(part.handshake));
    snapshot.tls = part.tls;
    snapshot.tlsErrorReasons = part.tlsErrorReasons;
    snapshot.tlsInsecure = m_config.tls.enabled && m_config.tls.insecure;
    m_lastSnapshotNs = now;
    m_lastSnapshot = snapshot;
    Q_EMIT snapshotReady(snapshot);
    if (!part.traffic.isEmpty() || part.trafficDropped > 0) {
        // Parts come from several threads: put the frames back in time order.
        std::stable_sort(part.traffic.begin(), part.traffic.end(),
                         [](const TrafficEntry &a, const TrafficEntry &b) { return a.timeNs < b.timeNs; });
        Q_EMIT trafficCaptured(part.traffic, part.trafficDropped);
    }

    if (last || m_finalPending) {
        if (!last) {
            collect(true); // the round that just ended began before the workers stopped
            return;
        }
        m_finalPending = false;
        teardown();
        Q_EMIT finished();
    }
}

void ClientFleet::teardown()
{
    m_snapshotTimer.stop();
    for (FleetWorker *worker : std::as_const(m_workers)) {
        worker->disconnect(this);
        worker->deleteLater();
    }
    m_workers.clear();
    m_state = State::Idle;
}

} // namespace NetCore
