// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "server/serversnapshot.h"
#include "server/testserver.h"

#include <QElapsedTimer>
#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>
#include <QTimer>

#include <memory>

namespace NetCore {

class AgentProcesses;
class BehaviourSpec;
struct FaultPlan;
struct ServerDefinition;
struct Session;

/**
 * One test server served by agent processes (`serve --processes`, a session server's
 * `processes` key): N `wirebench serve --agent` processes on one port (SO_REUSEPORT;
 * the kernel spreads connections over them). The first picks the port when it is 0
 * and the others join it; started() once all listen. Each agent prints its counters
 * every interval (a JSON line under SnapshotKey), summed here into one server's
 * snapshots; at the end each prints its final counters, summed into the last one.
 * Behaviour and faults changed while running go to every agent's standard input.
 * The connections table (per-connection rows) stays the agents' own.
 */
class AgentServer : public QObject
{
    Q_OBJECT

public:
    /** The key of an agent's live counters line: {"snapshot": {"elapsed_ns", "interval_ns", "total", "interval"}}. */
    static constexpr char SnapshotKey[] = "snapshot";
    /** The key of an agent's TLS failure line: {"tls_failed": "reason"}. */
    static constexpr char TlsFailedKey[] = "tls_failed";
    /** Keys of the lines an agent reads on its standard input. */
    static constexpr char BehaviourKey[] = "behaviour";
    static constexpr char FaultsKey[] = "faults";

    /** `command` is the wirebench executable the agents run. */
    explicit AgentServer(const QString &command, QObject *parent = nullptr);
    ~AgentServer() override;

    /**
     * Starts `processes` agents of `wirebench serve` with `serveArguments` (the command's
     * options, without --processes). Returns why it cannot start, or an empty string;
     * the outcome is started() or failed().
     */
    QString start(const QStringList &serveArguments, int processes);
    /** Starts a session's server in its `processes` agents (its paths are the session file's). */
    QString start(const Session &session, const ServerDefinition &definition);
    /** Stops every agent as a signal would: each closes its connections and prints its final counters. */
    void stop();
    void setBehaviour(const BehaviourSpec &spec);
    void setFaults(const FaultPlan &plan);
    /** How often the agents publish, and this object with them (before start()). */
    void setSnapshotInterval(int milliseconds) { m_snapshotIntervalMs = milliseconds; }

    TestServer::State state() const { return m_state; }
    int processes() const { return m_processes; }
    QString host() const { return m_host; }
    quint16 port() const { return m_port; }
    QString tlsFingerprint() const { return m_tlsFingerprint; }
    /** The certificate the agents serve, read from the file they were given (empty without TLS). */
    QByteArray tlsCertificatePem() const { return m_tlsCertificatePem; }
    /** The agents' counters summed: live while running, their final ones once stopped. */
    ServerSnapshot lastSnapshot() const { return m_last; }
    /** What each agent accepted, from its final counters. */
    QList<quint64> acceptedPerAgent() const;
    /** Each agent's highest resident memory, in bytes. */
    QList<qint64> peakResidentBytes() const;

Q_SIGNALS:
    void started(const QString &host, quint16 port);
    /** An agent failed (with its exit status and last error); the others were stopped. */
    void failed(const QString &message);
    void tlsFailed(const QString &reason);
    void snapshotReady(const NetCore::ServerSnapshot &snapshot);
    void stopped();
    /** A line of an agent's output that is not one of the above (a notice for the user). */
    void outputLine(int agent, const QString &line);

private:
    void onLine(int agent, const QString &line);
    void publish();
    void onFinished();

    QString m_command;
    std::unique_ptr<QTemporaryDir> m_sessionFolder; // the session file a session's server is served from
    std::unique_ptr<AgentProcesses> m_agents;
    QStringList m_arguments;
    int m_processes = 0;
    int m_listening = 0;
    int m_snapshotIntervalMs = 100;
    TestServer::State m_state = TestServer::State::Stopped;
    QString m_host;
    quint16 m_port = 0;
    QString m_tlsFingerprint;
    QByteArray m_tlsCertificatePem;
    QList<ServerCounters> m_latest;   // each agent's totals, live
    QList<ServerCounters> m_final;    // each agent's final totals
    ServerCounters m_sinceLastPublish; // the agents' intervals since the last snapshot
    QElapsedTimer m_clock;
    qint64 m_lastPublishNs = 0;
    QTimer m_publishTimer;
    ServerSnapshot m_last;
};

} // namespace NetCore
