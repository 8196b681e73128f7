// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "fleet/fleetsnapshot.h"
#include "server/serversnapshot.h"
#include "metrics/trafficentry.h"
#include "proxy/tcpproxy.h"
#include "scenario/runningserver.h"
#include "server/testserver.h"
#include "session/session.h"

#include <QObject>

#include <map>
#include <memory>
#include <optional>

namespace NetCore {

class BehaviourSpec;
class ClientFleet;
class IoThreadPool;
class ReplayFleet;
struct FaultPlan;

/**
 * A session's servers and fleets, live: each one's engine object (with I/O threads
 * of its own), created when first used, started and stopped by name, and its
 * signals passed on with its name. The window's panels and the scenario runner drive
 * the same engine, so what one starts the other sees. Lives on the owner's thread;
 * never touches a socket.
 */
class SessionEngine : public QObject
{
    Q_OBJECT

public:
    explicit SessionEngine(QObject *parent = nullptr);
    ~SessionEngine() override;

    /** Replaces the definitions; servers and fleets whose definition went away are stopped and dropped. */
    void setSession(const Session &session);
    const Session &session() const { return m_session; }
    void setSnapshotInterval(int milliseconds);

    /**
     * Starts a server by name, in this process or (its `processes` > 1) in agent
     * processes; the answer is serverStarted() or serverFailed().
     */
    void startServer(const QString &name);
    void stopServer(const QString &name);
    /** Changes what a running server does (every agent of it); the requests that follow see it. */
    void setServerBehaviour(const QString &name, const BehaviourSpec &behaviour);
    void setServerFaults(const QString &name, const FaultPlan &faults);
    /**
     * Starts a proxy by name (a session server it forwards to must be running); the
     * answer is proxyStarted() or proxyFailed().
     */
    void startProxy(const QString &name);
    void stopProxy(const QString &name);
    /** Replaces a running proxy's faults (a stopped one starts with its definition's). */
    void setProxyFaults(const QString &name, const ProxyFaults &faults);
    /**
     * Starts a fleet by name, against its target (a session server must be running).
     * Ramps are divided by `rampScale` (the runner's duration scale). Returns the
     * reason it cannot start, or an empty string; the outcome comes as signals.
     */
    QString startFleet(const QString &name, double rampScale = 1.0);
    void stopFleet(const QString &name, int drainTimeoutMs = 2000);
    /** Stops every fleet, then every proxy and server; allStopped() when nothing runs any more. */
    void stopAll(int drainTimeoutMs = 2000);
    /**
     * While held, stopAll() stops the fleets and leaves the servers running, saying
     * serversHeld() once they are the last: an agent of --processes shares its servers'
     * ports with the other agents, whose fleets may still be talking to them.
     * Releasing goes on with the stop.
     */
    void holdServersAtStop(bool hold);

    bool isServerRunning(const QString &name) const;
    TestServer::State serverState(const QString &name) const;
    TcpProxy::State proxyState(const QString &name) const;
    /** Where a running proxy listens (its host and port); nullopt unless running. */
    std::optional<RunningServer> runningProxy(const QString &name) const;
    /** Null until the proxy has been used. */
    TcpProxy *proxy(const QString &name) const;
    /** Where a running server listens and what it serves with; nullopt unless running. */
    std::optional<RunningServer> runningServer(const QString &name) const;
    bool isFleetRunning(const QString &name) const;
    /** A fleet's latest figures, whether it runs here or in agent processes. */
    FleetSnapshot lastFleetSnapshot(const QString &name) const;
    /** The executable a fleet of `processes` > 1 starts its agents from (default: this one). */
    void setAgentCommand(const QString &command) { m_agentCommand = command; }
    bool isIdle() const;
    /**
     * Null until the server or fleet has been used. A server in agent processes has an
     * in-process TestServer that never runs: its connections are the agents' own.
     */
    TestServer *server(const QString &name) const;
    ClientFleet *fleet(const QString &name) const;
    /** A fleet with "replay" once started: what it plays, and what it found. Null until then. */
    ReplayFleet *replayFleet(const QString &name) const;

Q_SIGNALS:
    void serverStarted(const QString &name, quint16 port);
    void serverFailed(const QString &name, const QString &message);
    void serverStopped(const QString &name);
    void serverSnapshot(const QString &name, const NetCore::ServerSnapshot &snapshot);
    /** A TLS failure on a server's connection, in plain words (the first of each kind per I/O thread). */
    void serverTlsFailed(const QString &name, const QString &reason);
    void proxyStarted(const QString &name, quint16 port);
    void proxyFailed(const QString &name, const QString &message);
    void proxyStopped(const QString &name);
    void proxySnapshot(const QString &name, const NetCore::ProxySnapshot &snapshot);
    /** A proxy's traced connections' chunks (TcpProxy::setTraced()). */
    void proxyTraffic(const QString &name, const QList<NetCore::TrafficEntry> &entries, quint64 dropped);
    void fleetSettled(const QString &name, int opened, int failed, const QString &firstError);
    void fleetFailed(const QString &name, const QString &message);
    void fleetFinished(const QString &name);
    /** A fleet with a message limit has sent every message. */
    void fleetBudgetSpent(const QString &name);
    void fleetSnapshot(const QString &name, const NetCore::FleetSnapshot &snapshot);
    void fleetTraffic(const QString &name, const QList<NetCore::TrafficEntry> &entries, quint64 dropped);
    /** Something that started or stopped: for status bars and tables. */
    void stateChanged();
    void allStopped();
    /** stopAll() has stopped every fleet and holds the servers (holdServersAtStop()). */
    void serversHeld();

private:
    struct ServerSlot;
    struct FleetSlot;
    struct ProxySlot;
    ServerSlot &serverSlot(const QString &name);
    ProxySlot &proxySlot(const QString &name);
    FleetSlot &fleetSlot(const QString &name);
    void checkAllStopped();
    void stopServersOnceFleetsStopped();
    QString startAgentFleet(const FleetDefinition &definition, const FleetConfig &resolved);
    QString startReplayFleet(const FleetDefinition &definition, const FleetConfig &resolved);
    void onFleetFinished(const QString &name);
    void startAgentServer(const ServerDefinition &definition);
    /** A TestServer's or an AgentServer's signals, as the engine's for server `name`. */
    template <class Server>
    void forwardServerSignals(Server *server, const QString &name);

    Session m_session;
    std::map<QString, std::unique_ptr<ServerSlot>> m_servers;
    std::map<QString, std::unique_ptr<FleetSlot>> m_fleets;
    std::map<QString, std::unique_ptr<ProxySlot>> m_proxies;
    int m_snapshotIntervalMs = 100;
    QString m_agentCommand;
    bool m_stoppingAll = false;
    bool m_holdServers = false;
    bool m_saidServersHeld = false;
};

} // namespace NetCore
