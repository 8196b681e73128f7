// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "agents/agentprocesses.h"

#include "scenario/intervallogmerge.h"

#include <QString>
#include <QStringList>

#include <functional>

/**
 * What `load --processes N` and `run --processes N` share: N agents of this executable,
 * each started with the command's arguments and its own --shard I/N and --hlog; their
 * logs followed as they grow for one live line, and merged at the end into one run's
 * record. An agent that fails ends the run at once (its status and last error, exit
 * code 3, no figures); Ctrl-C stops the agents, whose parts then merge.
 */
class AgentRun
{
public:
    AgentRun(const QString &command, int processes);

    NetCore::AgentProcesses &agents() { return m_agents; }
    /** A folder for the agents' files, removed with this object. */
    QString folder() const { return m_agents.folder(); }
    /** Ctrl-C (or SIGTERM) came: the run ends early. */
    bool stopRequested() const { return m_stopRequested; }

    using LiveText = std::function<QString(const QList<NetCore::IntervalLogMerge::MergedInterval> &)>;
    using Finish = std::function<int(const NetCore::RunRecord &)>;
    /**
     * Starts the agents (each with `arguments`, its share and log, and what `extra`
     * gives it), shows `live`'s text as intervals merge, and at the end hands the merged
     * record to `finish`, whose exit code it returns.
     */
    int exec(const QStringList &arguments, const std::function<QStringList(int agent)> &extra, const LiveText &live,
             const Finish &finish);

private:
    QString m_command;
    int m_processes;
    NetCore::AgentProcesses m_agents;
    bool m_stopRequested = false;
};
