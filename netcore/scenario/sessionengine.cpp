// SPDX-License-Identifier: GPL-3.0-or-later
#include "scenario/sessionengine.h"

#include "fleet/fleetshard.h"
#include "scenario/sessionengineslots.h"
#include "storage/relativepath.h"

#include <QCoreApplication>
#include <QDir>

namespace NetCore {

SessionEngine::SessionEngine(QObject *parent)
    : QObject(parent)
    , m_agentCommand(QCoreApplication::applicationFilePath())
{
}

SessionEngine::~SessionEngine()
{
    // Fleets before servers, each before its own threads (see the slots).
    m_fleets.clear();
    m_proxies.clear();
    m_servers.clear();
}

void SessionEngine::setSession(const Session &session)
{
    m_session = session;
    for (auto it = m_fleets.begin(); it != m_fleets.end();) {
        if (!m_session.fleet(it->first))
            it = m_fleets.erase(it);
        else
            ++it;
    }
    for (auto it = m_servers.begin(); it != m_servers.end();) {
        if (!m_session.server(it->first))
            it = m_servers.erase(it);
        else
            ++it;
    }
    for (auto it = m_proxies.begin(); it != m_proxies.end();) {
        if (!m_session.proxy(it->first))
            it = m_proxies.erase(it);
        else
            ++it;
    }
    Q_EMIT stateChanged();
}

void SessionEngine::setSnapshotInterval(int milliseconds)
{
    m_snapshotIntervalMs = milliseconds;
    for (auto &[name, slot] : m_fleets) {
        slot->fleet->setSnapshotInterval(milliseconds);
        if (slot->replay)
            slot->replay->setSnapshotInterval(milliseconds);
    }
    for (auto &[name, slot] : m_proxies)
        slot->proxy->setSnapshotInterval(milliseconds);
    for (auto &[name, slot] : m_servers) {
        slot->server->setSnapshotInterval(milliseconds);
        if (slot->agents)
            slot->agents->setSnapshotInterval(milliseconds);
    }
}

template <class Server>
void SessionEngine::forwardServerSignals(Server *server, const QString &name)
{
    connect(server, &Server::started, this, [this, name](const QString &, quint16 port) {
        Q_EMIT serverStarted(name, port);
        Q_EMIT stateChanged();
    });
    connect(server, &Server::failed, this, [this, name](const QString &message) {
        Q_EMIT serverFailed(name, message);
        Q_EMIT stateChanged();
        checkAllStopped();
    });
    connect(server, &Server::stopped, this, [this, name] {
        Q_EMIT serverStopped(name);
        Q_EMIT stateChanged();
        checkAllStopped();
    });
    connect(server, &Server::snapshotReady, this, [this, name](const ServerSnapshot &snapshot) { Q_EMIT serverSnapshot(name, snapshot); });
    connect(server, &Server::tlsFailed, this, [this, name](const QString &reason) { Q_EMIT serverTlsFailed(name, reason); });
}

SessionEngine::ServerSlot &SessionEngine::serverSlot(const QString &name)
{
    auto &slot = m_servers[name];
    if (!slot) {
        const ServerDefinition *definition = m_session.server(name);
        slot = std::make_unique<ServerSlot>();
        slot->pool = std::make_unique<IoThreadPool>(definition ? definition->threads : 0);
        slot->server = std::make_unique<TestServer>(*slot->pool);
        slot->server->setSnapshotInterval(m_snapshotIntervalMs);
        forwardServerSignals(slot->server.get(), name);
    }
    return *slot;
}

SessionEngine::FleetSlot &SessionEngine::fleetSlot(const QString &name)
{
    auto &slot = m_fleets[name];
    if (!slot) {
        const FleetDefinition *definition = m_session.fleet(name);
        slot = std::make_unique<FleetSlot>();
        slot->pool = std::make_unique<IoThreadPool>(definition ? definition->threads : 0);
        slot->fleet = std::make_unique<ClientFleet>(*slot->pool);
        slot->fleet->setSnapshotInterval(m_snapshotIntervalMs);
        ClientFleet *fleet = slot->fleet.get();
        connect(fleet, &ClientFleet::snapshotReady, this,
                [this, name](const FleetSnapshot &snapshot) { Q_EMIT fleetSnapshot(name, snapshot); });
        connect(fleet, &ClientFleet::trafficCaptured, this,
                [this, name](const QList<TrafficEntry> &entries, quint64 dropped) { Q_EMIT fleetTraffic(name, entries, dropped); });
        connect(fleet, &ClientFleet::budgetSpent, this, [this, name] { Q_EMIT fleetBudgetSpent(name); });
        connect(fleet, &ClientFleet::connectionsSettled, this, [this, name, fleet](int opened, int failed) {
            Q_EMIT fleetSettled(name, opened, failed, fleet->firstError());
            Q_EMIT stateChanged();
        });
        connect(fleet, &ClientFleet::failed, this, [this, name](const QString &message) {
            Q_EMIT fleetFailed(name, message);
            Q_EMIT stateChanged();
            checkAllStopped();
        });
        connect(fleet, &ClientFleet::finished, this, [this, name] { onFleetFinished(name); });
    }
    return *slot;
}

void SessionEngine::onFleetFinished(const QString &name)
{
    Q_EMIT fleetFinished(name);
    Q_EMIT stateChanged();
    if (m_stoppingAll)
        stopServersOnceFleetsStopped();
    checkAllStopped();
}

void SessionEngine::startServer(const QString &name)
{
    const ServerDefinition *definition = m_session.server(name);
    if (!definition) {
        Q_EMIT serverFailed(name, QStringLiteral("no server is named '%1'").arg(name));
        return;
    }
    ServerSlot &slot = serverSlot(name);
    if (slot.state() == TestServer::State::Running) {
        Q_EMIT serverStarted(name, runningServer(name)->port);
        return;
    }
    if (definition->processes > 1) {
        startAgentServer(*definition);
        return;
    }
    ServerConfig config = definition->config;
    config.tls = config.tls.withPathsIn(m_session.baseDirectory); // paths are the session file's
    slot.server->start(config);
    Q_EMIT stateChanged();
}

void SessionEngine::startAgentServer(const ServerDefinition &definition)
{
    const QString name = definition.name;
    ServerSlot &slot = serverSlot(name);
    if (!slot.agents) {
        slot.agents = std::make_unique<AgentServer>(m_agentCommand);
        forwardServerSignals(slot.agents.get(), name);
    }
    slot.agents->setSnapshotInterval(m_snapshotIntervalMs);
    const QString why = slot.agents->start(m_session, definition);
    if (!why.isEmpty()) {
        // Later, as a TestServer fails: callers connect after asking.
        QMetaObject::invokeMethod(this, [this, name, why] { Q_EMIT serverFailed(name, why); }, Qt::QueuedConnection);
        return;
    }
    Q_EMIT stateChanged();
}

void SessionEngine::stopServer(const QString &name)
{
    if (const auto it = m_servers.find(name); it != m_servers.end())
        it->second->stop();
}

void SessionEngine::setServerBehaviour(const QString &name, const BehaviourSpec &behaviour)
{
    if (const auto it = m_servers.find(name); it != m_servers.end()) {
        it->second->server->setBehaviour(behaviour);
        if (it->second->agents)
            it->second->agents->setBehaviour(behaviour);
    }
}

void SessionEngine::setServerFaults(const QString &name, const FaultPlan &faults)
{
    if (const auto it = m_servers.find(name); it != m_servers.end()) {
        it->second->server->setFaults(faults);
        if (it->second->agents)
            it->second->agents->setFaults(faults);
    }
}

SessionEngine::ProxySlot &SessionEngine::proxySlot(const QString &name)
{
    auto &slot = m_proxies[name];
    if (!slot) {
        const ProxyDefinition *definition = m_session.proxy(name);
        slot = std::make_unique<ProxySlot>();
        slot->pool = std::make_unique<IoThreadPool>(definition ? definition->threads : 0);
        slot->proxy = std::make_unique<TcpProxy>(*slot->pool);
        slot->proxy->setSnapshotInterval(m_snapshotIntervalMs);
        TcpProxy *proxy = slot->proxy.get();
        connect(proxy, &TcpProxy::started, this, [this, name](const QString &, quint16 port) {
            Q_EMIT proxyStarted(name, port);
            Q_EMIT stateChanged();
        });
        connect(proxy, &TcpProxy::failed, this, [this, name](const QString &message) {
            Q_EMIT proxyFailed(name, message);
            Q_EMIT stateChanged();
            checkAllStopped();
        });
        connect(proxy, &TcpProxy::stopped, this, [this, name] {
            Q_EMIT proxyStopped(name);
            Q_EMIT stateChanged();
            checkAllStopped();
        });
        connect(proxy, &TcpProxy::snapshotReady, this, [this, name](const ProxySnapshot &snapshot) { Q_EMIT proxySnapshot(name, snapshot); });
        connect(proxy, &TcpProxy::trafficCaptured, this, [this, name](const QList<TrafficEntry> &entries, quint64 dropped) {
            Q_EMIT proxyTraffic(name, entries, dropped);
        });
    }
    return *slot;
}

void SessionEngine::startProxy(const QString &name)
{
    const ProxyDefinition *definition = m_session.proxy(name);
    if (!definition) {
        Q_EMIT proxyFailed(name, QStringLiteral("no proxy is named '%1'").arg(name));
        return;
    }
    TcpProxy *proxy = proxySlot(name).proxy.get();
    if (proxy->state() == TcpProxy::State::Running) {
        Q_EMIT proxyStarted(name, proxy->port());
        return;
    }
    ProxyConfig config = definition->config;
    if (!definition->upstreamServer.isEmpty()) {
        const std::optional<RunningServer> upstream = runningServer(definition->upstreamServer);
        if (!upstream) {
            const QString why = QStringLiteral("proxy %1 forwards to server %2, which is not running (start it first)")
                                    .arg(name, definition->upstreamServer);
            QMetaObject::invokeMethod(this, [this, name, why] { Q_EMIT proxyFailed(name, why); }, Qt::QueuedConnection);
            return;
        }
        config.upstreamHost = upstream->connectHost();
        config.upstreamPort = upstream->port;
    }
    for (QString *path : {&config.recordPath, &config.recordPcapPath}) {
        if (!path->isEmpty() && QDir::isRelativePath(*path) && !m_session.baseDirectory.isEmpty())
            *path = QDir(m_session.baseDirectory).filePath(*path); // beside the session file
    }
    proxy->start(config);
    Q_EMIT stateChanged();
}

void SessionEngine::stopProxy(const QString &name)
{
    if (TcpProxy *p = proxy(name); p && p->state() != TcpProxy::State::Stopped)
        p->stop();
}

void SessionEngine::setProxyFaults(const QString &name, const ProxyFaults &faults)
{
    if (m_session.proxy(name))
        proxySlot(name).proxy->setFaults(faults);
}

TcpProxy::State SessionEngine::proxyState(const QString &name) const
{
    const TcpProxy *p = proxy(name);
    return p ? p->state() : TcpProxy::State::Stopped;
}

std::optional<RunningServer> SessionEngine::runningProxy(const QString &name) const
{
    const TcpProxy *p = proxy(name);
    if (!p || p->state() != TcpProxy::State::Running)
        return std::nullopt;
    RunningServer running;
    running.host = p->config().host;
    running.port = p->port();
    return running;
}

TcpProxy *SessionEngine::proxy(const QString &name) const
{
    const auto it = m_proxies.find(name);
    return it == m_proxies.end() ? nullptr : it->second->proxy.get();
}

QString SessionEngine::startFleet(const QString &name, double rampScale)
{
    const FleetDefinition *definition = m_session.fleet(name);
    if (!definition)
        return QStringLiteral("no fleet is named '%1'").arg(name);
    FleetConfig config = definition->config;
    if (!definition->server.isEmpty()) {
        const bool viaProxy = m_session.proxy(definition->server) != nullptr;
        const std::optional<RunningServer> target = viaProxy ? runningProxy(definition->server) : runningServer(definition->server);
        if (!target)
            return QStringLiteral("fleet %1 targets %2 %3, which is not running (start it first)")
                .arg(name, viaProxy ? QStringLiteral("proxy") : QStringLiteral("server"), definition->server);
        config.host = target->connectHost();
        config.port = target->port;
        // Our own server's certificate (self-signed, new at each start) is the one to trust
        // when the fleet names no CA: verified, not --tls-insecure.
        if (config.tls.enabled && !config.tls.insecure && config.tls.caFile.isEmpty())
            config.tls.trustedPem = target->tlsCertificatePem;
    }
    if (!definition->replay.isEmpty())
        return startReplayFleet(*definition, config);
    if (!definition->templateName.isEmpty()) {
        QString why = QStringLiteral("no such template");
        const NamedTemplate *t = m_session.messageTemplate(definition->templateName);
        if (!t || !t->applyTo(config, &why))
            return QStringLiteral("fleet %1: template %2: %3").arg(name, definition->templateName, why);
    }
    config.hello.clear();
    config.goodbye.clear();
    for (qsizetype i = 0; i < definition->hello.size(); ++i) {
        QString why;
        const auto hello = definition->hello[i].resolve(m_session, &why);
        if (!hello)
            return QStringLiteral("fleet %1: hello %2: %3").arg(name).arg(i + 1).arg(why);
        config.hello.append(*hello);
    }
    for (qsizetype i = 0; i < definition->goodbye.size(); ++i) {
        QString why;
        const auto goodbye = definition->goodbye[i].resolve(m_session, &why);
        if (!goodbye)
            return QStringLiteral("fleet %1: goodbye %2: %3").arg(name).arg(i + 1).arg(why);
        config.goodbye.append(goodbye->message);
    }
    if (config.connectRate > 0 && rampScale > 0)
        config.connectRate /= rampScale;
    if (definition->processes > 1)
        return startAgentFleet(*definition, config);
    ClientFleet *fleet = fleetSlot(name).fleet.get();
    if (fleet->state() != ClientFleet::State::Idle)
        return QStringLiteral("fleet %1 is already running").arg(name);
    config.tls = config.tls.withPathsIn(m_session.baseDirectory); // paths are the session file's
    fleet->start(config);
    Q_EMIT stateChanged();
    return {};
}

QString SessionEngine::startAgentFleet(const FleetDefinition &definition, const FleetConfig &resolved)
{
    const QString name = definition.name;
    QString why;
    if (!fleetShard(resolved, 0, definition.processes, &why))
        return QStringLiteral("fleet %1, %2 processes: %3").arg(name).arg(definition.processes).arg(why);
    FleetSlot &slot = fleetSlot(name);
    if (slot.running())
        return QStringLiteral("fleet %1 is already running").arg(name);
    if (!slot.agents) {
        slot.agents = std::make_unique<AgentFleet>(m_agentCommand);
        AgentFleet *agents = slot.agents.get();
        connect(agents, &AgentFleet::snapshotReady, this, [this, name](const FleetSnapshot &snapshot) { Q_EMIT fleetSnapshot(name, snapshot); });
        connect(agents, &AgentFleet::connectionsSettled, this, [this, name](int opened, int failed) {
            Q_EMIT fleetSettled(name, opened, failed, QString());
            Q_EMIT stateChanged();
        });
        connect(agents, &AgentFleet::budgetSpent, this, [this, name] { Q_EMIT fleetBudgetSpent(name); });
        connect(agents, &AgentFleet::failed, this, [this, name](const QString &message) { Q_EMIT fleetFailed(name, message); });
        connect(agents, &AgentFleet::finished, this, [this, name] { onFleetFinished(name); });
    }
    // The agents get the definition with its target an address and its paths whole.
    FleetDefinition part = definition;
    part.config.host = resolved.host;
    part.config.port = resolved.port;
    part.config.connectRate = resolved.connectRate;
    part.config.tls = resolved.tls.withPathsIn(m_session.baseDirectory);
    const QString error = slot.agents->start(m_session, part);
    Q_EMIT stateChanged();
    return error;
}

void SessionEngine::stopFleet(const QString &name, int drainTimeoutMs)
{
    if (const auto it = m_fleets.find(name); it != m_fleets.end() && it->second->agents && it->second->agents->isRunning())
        it->second->agents->stop();
    if (ClientFleet *f = fleet(name); f && f->state() == ClientFleet::State::Running)
        f->stop(drainTimeoutMs);
    if (ReplayFleet *replay = replayFleet(name))
        replay->stop();
}

void SessionEngine::stopAll(int drainTimeoutMs)
{
    m_stoppingAll = true;
    for (auto &[name, slot] : m_fleets) {
        if (slot->fleet->state() == ClientFleet::State::Running)
            slot->fleet->stop(drainTimeoutMs);
        if (slot->agents)
            slot->agents->stop();
        if (slot->replay)
            slot->replay->stop();
    }
    stopServersOnceFleetsStopped();
    checkAllStopped();
}

void SessionEngine::holdServersAtStop(bool hold)
{
    m_holdServers = hold;
    if (!hold && m_stoppingAll)
        stopServersOnceFleetsStopped();
}

void SessionEngine::stopServersOnceFleetsStopped()
{
    // Servers go once no fleet is left talking to them.
    for (const auto &[name, slot] : m_fleets) {
        if (slot->running())
            return;
    }
    if (m_holdServers) {
        if (!m_saidServersHeld) {
            m_saidServersHeld = true;
            Q_EMIT serversHeld();
        }
        return;
    }
    for (const auto &[name, slot] : m_proxies) {
        if (slot->proxy->state() == TcpProxy::State::Running)
            slot->proxy->stop();
    }
    for (const auto &[name, slot] : m_servers) {
        if (slot->state() == TestServer::State::Running)
            slot->stop();
    }
}

void SessionEngine::checkAllStopped()
{
    if (!m_stoppingAll || !isIdle())
        return;
    m_stoppingAll = false;
    Q_EMIT allStopped();
}

bool SessionEngine::isServerRunning(const QString &name) const
{
    return serverState(name) == TestServer::State::Running;
}

TestServer::State SessionEngine::serverState(const QString &name) const
{
    const auto it = m_servers.find(name);
    return it == m_servers.end() ? TestServer::State::Stopped : it->second->state();
}

std::optional<RunningServer> SessionEngine::runningServer(const QString &name) const
{
    const auto it = m_servers.find(name);
    if (it == m_servers.end() || it->second->state() != TestServer::State::Running)
        return std::nullopt;
    RunningServer running;
    if (const AgentServer *agents = it->second->agents.get(); agents && agents->state() == TestServer::State::Running) {
        running.host = agents->host();
        running.port = agents->port();
        running.tlsFingerprint = agents->tlsFingerprint();
        running.tlsCertificatePem = agents->tlsCertificatePem();
        running.processes = agents->processes();
        return running;
    }
    const TestServer *server = it->second->server.get();
    running.host = server->config().host;
    running.port = server->port();
    running.tlsFingerprint = server->tlsFingerprint();
    running.tlsCertificatePem = server->tlsCertificatePem();
    return running;
}

bool SessionEngine::isFleetRunning(const QString &name) const
{
    const auto it = m_fleets.find(name);
    return it != m_fleets.end() && it->second->running();
}

FleetSnapshot SessionEngine::lastFleetSnapshot(const QString &name) const
{
    const auto it = m_fleets.find(name);
    if (it == m_fleets.end())
        return {};
    const FleetDefinition *definition = m_session.fleet(name);
    const bool inAgents = it->second->agents && definition && definition->processes > 1;
    if (it->second->replay && definition && !definition->replay.isEmpty())
        return it->second->replay->lastSnapshot();
    return inAgents ? it->second->agents->lastSnapshot() : it->second->fleet->lastSnapshot();
}

bool SessionEngine::isIdle() const
{
    for (const auto &[name, slot] : m_fleets) {
        if (slot->running())
            return false;
    }
    for (const auto &[name, slot] : m_servers) {
        if (slot->state() != TestServer::State::Stopped)
            return false;
    }
    for (const auto &[name, slot] : m_proxies) {
        if (slot->proxy->state() != TcpProxy::State::Stopped)
            return false;
    }
    return true;
}

TestServer *SessionEngine::server(const QString &name) const
{
    const auto it = m_servers.find(name);
    return it == m_servers.end() ? nullptr : it->second->server.get();
}

ClientFleet *SessionEngine::fleet(const QString &name) const
{
    const auto it = m_fleets.find(name);
    return it == m_fleets.end() ? nullptr : it->second->fleet.get();
}

QString SessionEngine::startReplayFleet(const FleetDefinition &definition, const FleetConfig &resolved)
{
    const QString name = definition.name;
    if (const ServerDefinition *server = m_session.server(definition.server); server && server->config.tls.enabled)
        return QStringLiteral("fleet %1 replays in plain TCP, and server %2 speaks TLS").arg(name, server->name);
    FleetSlot &slot = fleetSlot(name);
    if (slot.running())
        return QStringLiteral("fleet %1 is already running").arg(name);
    if (!slot.replay) {
        slot.replay = std::make_unique<ReplayFleet>();
        slot.replay->setSnapshotInterval(m_snapshotIntervalMs);
        ReplayFleet *replay = slot.replay.get();
        connect(replay, &ReplayFleet::snapshotReady, this, [this, name](const FleetSnapshot &snapshot) { Q_EMIT fleetSnapshot(name, snapshot); });
        connect(replay, &ReplayFleet::connectionsSettled, this, [this, name, replay](int opened, int failed) {
            Q_EMIT fleetSettled(name, opened, failed, replay->result().firstError);
            Q_EMIT stateChanged();
        });
        connect(replay, &ReplayFleet::finished, this, [this, name] { onFleetFinished(name); });
    }
    ReplayConfig config;
    config.host = resolved.host;
    config.port = resolved.port;
    config.connections = resolved.connections;
    config.speed = definition.replaySpeed;
    config.replyTimeoutMs = resolved.replyTimeoutMs;
    config.seed = resolved.seed;
    const QString why = slot.replay->start(resolveRelativePath(definition.replay, m_session.baseDirectory), config);
    if (!why.isEmpty())
        return QStringLiteral("fleet %1: %2").arg(name, why);
    Q_EMIT stateChanged();
    return {};
}

ReplayFleet *SessionEngine::replayFleet(const QString &name) const
{
    const auto it = m_fleets.find(name);
    return it == m_fleets.end() ? nullptr : it->second->replay.get();
}

} // namespace NetCore
