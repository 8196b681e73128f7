// SPDX-License-Identifier: GPL-3.0-or-later
#include "agents/agentserver.h"

#include "agents/agentprocesses.h"
#include "behaviour/behaviourspec.h"
#include "behaviour/faultplan.h"
#include "session/session.h"
#include "session/sessionfile.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

#include <utility>

namespace NetCore {

AgentServer::AgentServer(const QString &command, QObject *parent)
    : QObject(parent)
    , m_command(command)
{
    connect(&m_publishTimer, &QTimer::timeout, this, &AgentServer::publish);
}

AgentServer::~AgentServer() = default;

QString AgentServer::start(const Session &session, const ServerDefinition &definition)
{
    if (m_state != TestServer::State::Stopped)
        return QStringLiteral("server %1 is already running").arg(definition.name);
    if (definition.config.tls.enabled && definition.config.tls.selfSigned())
        return QStringLiteral("server %1: each of its processes would make up its own certificate; give it one "
                              "(a certificate and key file), or serve it from one process").arg(definition.name);
    ServerDefinition alone = definition;
    alone.processes = 1;
    alone.config.tls = definition.config.tls.withPathsIn(session.baseDirectory);
    m_tlsCertificatePem.clear();
    if (alone.config.tls.enabled) {
        QFile certificate(alone.config.tls.certFile);
        if (!certificate.open(QIODevice::ReadOnly))
            return QStringLiteral("server %1: cannot read its certificate %2: %3")
                .arg(definition.name, alone.config.tls.certFile, certificate.errorString());
        m_tlsCertificatePem = certificate.read(1 << 20);
    }
    Session part;
    part.servers = {alone};
    part.baseDirectory = session.baseDirectory;
    // The agents' session lives in a folder of this object's, made before the agents start.
    m_agents.reset();
    auto folder = std::make_unique<QTemporaryDir>();
    if (!folder->isValid())
        return QStringLiteral("server %1: cannot make a folder for its agents").arg(definition.name);
    m_sessionFolder = std::move(folder);
    const QString path = QDir(m_sessionFolder->path()).filePath(QStringLiteral("server.json"));
    QString error;
    if (!SessionFile::save(part, path, &error))
        return QStringLiteral("server %1: %2").arg(definition.name, error);
    // Relative paths in what the agents read again (a rules file) are the session's.
    QStringList arguments{QStringLiteral("--session"), path, QStringLiteral("--server"), definition.name};
    if (!session.baseDirectory.isEmpty())
        arguments << QStringLiteral("--base-dir") << session.baseDirectory;
    if (definition.threads > 0)
        arguments << QStringLiteral("--threads") << QString::number(definition.threads);
    return start(arguments, std::max(definition.processes, 1));
}

QString AgentServer::start(const QStringList &serveArguments, int processes)
{
    if (m_state != TestServer::State::Stopped)
        return QStringLiteral("the server is already running");
    m_agents = std::make_unique<AgentProcesses>(m_command, processes);
    if (m_agents->folder().isEmpty())
        return QStringLiteral("cannot make a folder for the agents");
    connect(m_agents.get(), &AgentProcesses::outputLine, this, &AgentServer::onLine);
    connect(m_agents.get(), &AgentProcesses::agentFailed, this, [this](int agent, const QString &how) {
        const bool wasStarting = m_state == TestServer::State::Starting;
        m_publishTimer.stop();
        m_state = TestServer::State::Stopped;
        Q_EMIT failed(QStringLiteral("agent %1 of %2 %3; the others are stopped%4")
                          .arg(agent)
                          .arg(m_processes)
                          .arg(how, wasStarting ? QStringLiteral(" (while starting)") : QString()));
    });
    connect(m_agents.get(), &AgentProcesses::finished, this, &AgentServer::onFinished);
    m_arguments = QStringList{QStringLiteral("serve")} + serveArguments
        + QStringList{QStringLiteral("--share-port"), QStringLiteral("--json"), QStringLiteral("--agent"),
                      QStringLiteral("--counters-every"), QString::number(m_snapshotIntervalMs)};
    m_processes = processes;
    m_listening = 0;
    m_host.clear();
    m_port = 0;
    m_tlsFingerprint.clear();
    m_latest = QList<ServerCounters>(processes);
    m_final = QList<ServerCounters>(processes);
    m_sinceLastPublish = ServerCounters{};
    m_last = ServerSnapshot{};
    m_state = TestServer::State::Starting;
    m_agents->startAgent(0, m_arguments);
    return {};
}

void AgentServer::stop()
{
    if (m_state == TestServer::State::Stopped || !m_agents)
        return;
    m_state = TestServer::State::Stopping;
    m_agents->stop();
}

void AgentServer::setBehaviour(const BehaviourSpec &spec)
{
    if (m_agents && m_state == TestServer::State::Running)
        m_agents->sendLine(QJsonDocument(QJsonObject{{QLatin1String(BehaviourKey), spec.text()}}).toJson(QJsonDocument::Compact));
}

void AgentServer::setFaults(const FaultPlan &plan)
{
    if (m_agents && m_state == TestServer::State::Running)
        m_agents->sendLine(QJsonDocument(QJsonObject{{QLatin1String(FaultsKey), QJsonArray::fromStringList(plan.specs())}})
                               .toJson(QJsonDocument::Compact));
}

QList<quint64> AgentServer::acceptedPerAgent() const
{
    QList<quint64> accepted;
    for (const ServerCounters &counters : m_final)
        accepted << counters.connectionsAccepted;
    return accepted;
}

QList<qint64> AgentServer::peakResidentBytes() const
{
    return m_agents ? m_agents->peakResidentBytes() : QList<qint64>{};
}

void AgentServer::onLine(int agent, const QString &line)
{
    if (line.startsWith(QLatin1Char('{'))) {
        const QJsonObject object = QJsonDocument::fromJson(line.toUtf8()).object();
        if (object.contains(QLatin1String(SnapshotKey))) {
            const QJsonObject snapshot = object.value(QLatin1String(SnapshotKey)).toObject();
            m_latest[agent] = ServerCounters::fromJson(snapshot.value(QLatin1String("total")).toObject());
            m_sinceLastPublish += ServerCounters::fromJson(snapshot.value(QLatin1String("interval")).toObject());
        } else if (object.contains(QLatin1String(TlsFailedKey))) {
            Q_EMIT tlsFailed(object.value(QLatin1String(TlsFailedKey)).toString());
        } else {
            m_final[agent] = ServerCounters::fromJson(object); // its last line: the final counters
        }
        return;
    }
    static const QRegularExpression listening(QStringLiteral("^listening on (.*):(\\d+)( \\(TLS\\))?$"));
    static const QRegularExpression fingerprint(QStringLiteral("^TLS certificate .*SHA-256 ([0-9A-Fa-f:]+)$"));
    if (const QRegularExpressionMatch match = fingerprint.match(line); match.hasMatch()) {
        m_tlsFingerprint = match.captured(1);
        return;
    }
    const QRegularExpressionMatch match = listening.match(line);
    if (!match.hasMatch() || m_state != TestServer::State::Starting) {
        Q_EMIT outputLine(agent, line);
        return;
    }
    if (agent == 0) {
        // The first has the port (the one asked for, or the kernel's pick): the others join it.
        m_host = match.captured(1);
        m_port = quint16(match.captured(2).toUInt());
        for (int i = 1; i < m_processes; ++i)
            m_agents->startAgent(i, m_arguments + QStringList{QStringLiteral("--port"), match.captured(2)});
    }
    if (++m_listening == m_processes) {
        m_state = TestServer::State::Running;
        m_clock.start();
        m_lastPublishNs = 0;
        m_publishTimer.start(m_snapshotIntervalMs);
        Q_EMIT started(m_host, m_port);
    }
}

void AgentServer::publish()
{
    const qint64 now = m_clock.nsecsElapsed();
    ServerSnapshot snapshot;
    snapshot.elapsedNs = now;
    snapshot.intervalNs = now - m_lastPublishNs;
    m_lastPublishNs = now;
    for (const ServerCounters &counters : std::as_const(m_latest))
        snapshot.total += counters;
    snapshot.interval = std::exchange(m_sinceLastPublish, ServerCounters{});
    m_last = snapshot;
    Q_EMIT snapshotReady(snapshot);
}

void AgentServer::onFinished()
{
    m_publishTimer.stop();
    const bool wasRunning = m_state != TestServer::State::Stopped;
    m_state = TestServer::State::Stopped;
    // The final counters are each agent's whole run: the last snapshot is their sum.
    ServerSnapshot last;
    last.elapsedNs = m_clock.isValid() ? m_clock.nsecsElapsed() : 0;
    last.intervalNs = last.elapsedNs - m_lastPublishNs;
    for (const ServerCounters &counters : std::as_const(m_final))
        last.total += counters;
    last.interval = std::exchange(m_sinceLastPublish, ServerCounters{});
    m_last = last;
    Q_EMIT snapshotReady(last);
    if (wasRunning)
        Q_EMIT stopped();
}

} // namespace NetCore
