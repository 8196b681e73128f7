// SPDX-License-Identifier: GPL-3.0-or-later
#include "agents/agentfleet.h"

#include "scenario/intervallogfollower.h"
#include "session/sessionfile.h"
#include "storage/atomicfile.h"

#include <QDir>

namespace NetCore {

AgentFleet::AgentFleet(const QString &command, QObject *parent)
    : QObject(parent)
    , m_command(command)
{
}

AgentFleet::~AgentFleet() = default;

QString AgentFleet::start(const Session &session, const FleetDefinition &definition)
{
    if (m_running)
        return QStringLiteral("fleet %1 is already running").arg(definition.name);
    const int processes = std::max(definition.processes, 1);
    m_agents = std::make_unique<AgentProcesses>(m_command, processes);
    if (m_agents->folder().isEmpty())
        return QStringLiteral("fleet %1: cannot make a folder for its agents").arg(definition.name);
    // The agents' session: this fleet alone (its target an address), connected, then run
    // until its budget is spent or it is stopped.
    Session part;
    part.templates = session.templates;
    part.baseDirectory = session.baseDirectory;
    FleetDefinition fleet = definition;
    fleet.processes = 1;
    fleet.server.clear();
    ScenarioStep connectStep;
    connectStep.kind = ScenarioStep::Kind::Connect;
    connectStep.fleet = fleet.name;
    ScenarioStep waitStep;
    waitStep.kind = ScenarioStep::Kind::Wait;
    waitStep.until = QStringLiteral("finished");
    waitStep.fleet = fleet.name;
    waitStep.timeoutSeconds = 86'400;
    part.scenario = {connectStep, waitStep};
    const QString folder = m_agents->folder();
    QString error;
    if (!fleet.config.tls.trustedPem.isEmpty()) {
        // The session server's certificate, trusted as a CA file the agents read.
        const QString trusted = QDir(folder).filePath(QStringLiteral("trusted.pem"));
        if (!writeFileAtomically(trusted, fleet.config.tls.trustedPem, &error))
            return QStringLiteral("fleet %1: %2").arg(definition.name, error);
        fleet.config.tls.caFile = trusted;
        fleet.config.tls.trustedPem.clear();
    }
    const QString sessionPath = QDir(folder).filePath(QStringLiteral("fleet.json"));
    part.fleets = {fleet};
    if (!SessionFile::save(part, sessionPath, &error))
        return QStringLiteral("fleet %1: %2").arg(definition.name, error);

    QStringList logs;
    for (int i = 0; i < processes; ++i)
        logs << QDir(folder).filePath(QStringLiteral("agent-%1.hlog").arg(i));
    m_follower = std::make_unique<IntervalLogFollower>(logs);
    connect(m_follower.get(), &IntervalLogFollower::merged, this, [this](const QList<IntervalLogMerge::MergedInterval> &intervals) {
        for (const IntervalLogMerge::MergedInterval &interval : intervals) {
            if (interval.fleet == m_name)
                onMerged(interval.snapshot);
        }
    });
    connect(m_agents.get(), &AgentProcesses::agentFinished, m_follower.get(), &IntervalLogFollower::finishPart);
    connect(m_agents.get(), &AgentProcesses::agentFailed, this, [this](int agent, const QString &how) {
        m_running = false;
        Q_EMIT failed(QStringLiteral("agent %1 %2").arg(agent).arg(how));
        Q_EMIT finished();
    });
    connect(m_agents.get(), &AgentProcesses::finished, this, [this] {
        m_running = false;
        Q_EMIT finished();
    });
    m_name = fleet.name;
    m_connections = fleet.config.connections;
    m_budget = quint64(std::max<qint64>(fleet.config.messageLimit, 0));
    m_last = FleetSnapshot{};
    m_settled = false;
    m_saidSpent = false;
    m_running = true;
    for (int i = 0; i < processes; ++i) {
        m_agents->startAgent(i, {QStringLiteral("run"), sessionPath, QStringLiteral("--shard"), QStringLiteral("%1/%2").arg(i).arg(processes),
                                 QStringLiteral("--hlog"), logs.at(i), QStringLiteral("--agent"), QStringLiteral("--output-dir"),
                                 QDir(folder).filePath(QStringLiteral("agent-%1").arg(i))});
    }
    m_follower->start(100);
    return {};
}

void AgentFleet::stop()
{
    if (m_agents)
        m_agents->stop();
}

void AgentFleet::onMerged(const FleetSnapshot &snapshot)
{
    FleetSnapshot merged = snapshot;
    // Only a hand-out's last row carries the histograms so far: the others keep the last ones.
    if (!merged.totalCorrected) {
        merged.totalCorrected = m_last.totalCorrected;
        merged.totalUncorrected = m_last.totalUncorrected;
        merged.totalLatency = m_last.totalLatency;
        merged.totalUncorrectedLatency = m_last.totalUncorrectedLatency;
        merged.connectLatency = m_last.connectLatency;
        merged.handshakeLatency = m_last.handshakeLatency;
        merged.helloLatency = m_last.helloLatency;
    }
    m_last = merged;
    const quint64 decided = merged.total.connectsSucceeded + merged.total.connectFailures;
    if (!m_settled && decided >= quint64(m_connections)) {
        m_settled = true;
        Q_EMIT connectionsSettled(int(merged.total.connectsSucceeded), int(merged.total.connectFailures));
    }
    if (m_budget > 0 && !m_saidSpent && merged.total.sent >= m_budget) {
        m_saidSpent = true;
        Q_EMIT budgetSpent();
    }
    Q_EMIT snapshotReady(merged);
}

} // namespace NetCore
