// SPDX-License-Identifier: GPL-3.0-or-later
#include "agentprocesses.h"

#include <QFile>

#include <algorithm>


AgentProcesses::AgentProcesses(const QString &command, const QStringList &arguments, int count, QObject *parent)
    : QObject(parent)
    , m_command(command)
    , m_arguments(arguments)
    , m_count(count)
    , m_stderr(count)
    , m_peakResident(count, 0)
{
    m_sampler.setInterval(200);
    connect(&m_sampler, &QTimer::timeout, this, &AgentProcesses::sampleMemory);
}

AgentProcesses::~AgentProcesses()
{
    terminate();
}

bool AgentProcesses::start(QString *error)
{
    if (!m_logs.isValid()) {
        *error = QStringLiteral("cannot make a folder for the agents' logs: %1").arg(m_logs.errorString());
        return false;
    }
    for (int i = 0; i < m_count; ++i) {
        auto agent = std::make_unique<QProcess>();
        agent->setProcessChannelMode(QProcess::SeparateChannels);
        agent->setStandardOutputFile(QProcess::nullDevice()); // the parent prints the merged figures
        connect(agent.get(), &QProcess::readyReadStandardError, this, [this, i] {
            m_stderr[i] += m_agents[size_t(i)]->readAllStandardError();
            if (m_stderr[i].size() > 64 * 1024)
                m_stderr[i] = m_stderr[i].right(16 * 1024); // the last lines are the ones that matter
        });
        connect(agent.get(), &QProcess::finished, this,
                [this, i](int exitCode, QProcess::ExitStatus status) { onFinished(i, exitCode, status); });
        agent->start(m_command, m_arguments
                                    + QStringList{QStringLiteral("--shard"), QStringLiteral("%1/%2").arg(i).arg(m_count),
                                                  QStringLiteral("--hlog"), logPaths().at(i)});
        m_agents.push_back(std::move(agent));
    }
    m_sampler.start();
    return true;
}

void AgentProcesses::stop()
{
    for (const auto &agent : m_agents) {
        if (agent->state() != QProcess::NotRunning)
            agent->terminate(); // SIGTERM: the agent stops sending and ends as at the end of its run
    }
}

void AgentProcesses::terminate()
{
    m_sampler.stop();
    for (const auto &agent : m_agents) {
        agent->disconnect(this);
        if (agent->state() != QProcess::NotRunning) {
            agent->terminate();
            if (!agent->waitForFinished(3000))
                agent->kill();
        }
    }
}

QStringList AgentProcesses::logPaths() const
{
    QStringList paths;
    for (int i = 0; i < m_count; ++i)
        paths << m_logs.filePath(QStringLiteral("agent-%1.hlog").arg(i));
    return paths;
}

QString AgentProcesses::lastErrorOf(int agent) const
{
    // Progress lines end in '\r'; the last line that says something is the error.
    QList<QByteArray> lines = m_stderr.value(agent).split('\n');
    while (!lines.isEmpty()) {
        const QByteArray line = lines.takeLast().split('\r').constLast().trimmed();
        if (!line.isEmpty())
            return QString::fromUtf8(line);
    }
    return {};
}

void AgentProcesses::onFinished(int agent, int exitCode, QProcess::ExitStatus status)
{
    m_stderr[agent] += m_agents[size_t(agent)]->readAllStandardError();
    if (m_failed)
        return;
    if (status == QProcess::CrashExit || exitCode != 0) {
        m_failed = true;
        const QString how = status == QProcess::CrashExit
            ? QStringLiteral("was killed (by a signal or a crash)")
            : QStringLiteral("exited with %1").arg(exitCode);
        const QString last = lastErrorOf(agent);
        Q_EMIT agentFailed(agent, last.isEmpty() ? how : QStringLiteral("%1: %2").arg(how, last));
        terminate();
        return;
    }
    if (++m_ended == m_count) {
        m_sampler.stop();
        Q_EMIT finished();
    }
}

void AgentProcesses::sampleMemory()
{
    for (int i = 0; i < int(m_agents.size()); ++i) {
        const qint64 pid = m_agents[size_t(i)]->processId();
        if (pid <= 0)
            continue;
        QFile status(QStringLiteral("/proc/%1/status").arg(pid));
        if (!status.open(QIODevice::ReadOnly))
            continue;
        for (const QByteArray &line : status.readAll().split('\n')) {
            if (line.startsWith("VmHWM:")) { // the kernel's own peak of the resident set
                const QList<QByteArray> fields = line.simplified().split(' ');
                if (fields.size() >= 2)
                    m_peakResident[i] = std::max(m_peakResident[i], fields[1].toLongLong() * 1024);
            }
        }
    }
}
