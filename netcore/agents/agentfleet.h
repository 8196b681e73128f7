// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "agents/agentprocesses.h"
#include "fleet/fleetsnapshot.h"
#include "session/session.h"

#include <QObject>
#include <QString>

#include <memory>

namespace NetCore {

class IntervalLogFollower;

/**
 * A session's fleet run by agent processes (its `processes` key), for the window and
 * the scenario runner alike: each agent is `wirebench run` on a session of that fleet
 * alone with its share (--shard), writing an interval log this object follows; the
 * merged intervals come as snapshots, as a ClientFleet's do. Connection-level views
 * (the connections table, traffic, sending to one connection) are the agents' own and
 * do not come back.
 */
class AgentFleet : public QObject
{
    Q_OBJECT

public:
    /** `command` is the wirebench executable the agents run. */
    explicit AgentFleet(const QString &command, QObject *parent = nullptr);
    ~AgentFleet() override;

    /**
     * Starts `definition` (its target a HOST:PORT, its templates in `session`) in its
     * `processes` agents; until the budget is spent and drained, or stop(). Returns
     * why it cannot start, or an empty string.
     */
    QString start(const Session &session, const FleetDefinition &definition);
    /** Stops every agent as a signal would: each ends its part, whose log then merges. */
    void stop();
    bool isRunning() const { return m_running; }
    FleetSnapshot lastSnapshot() const { return m_last; }

Q_SIGNALS:
    void connectionsSettled(int opened, int failed);
    void snapshotReady(const NetCore::FleetSnapshot &snapshot);
    void budgetSpent();
    void failed(const QString &message);
    void finished();

private:
    void onMerged(const FleetSnapshot &snapshot);

    QString m_command;
    std::unique_ptr<AgentProcesses> m_agents;
    std::unique_ptr<IntervalLogFollower> m_follower;
    FleetSnapshot m_last;
    QString m_name;
    int m_connections = 0;
    quint64 m_budget = 0;
    bool m_running = false;
    bool m_settled = false;
    bool m_saidSpent = false;
};

} // namespace NetCore
