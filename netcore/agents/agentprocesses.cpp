// SPDX-License-Identifier: GPL-3.0-or-later
#include "agents/agentprocesses.h"

#include <QElapsedTimer>
#include <QFile>

#include <algorithm>
#include <csignal>
#include <utility>

#include <sys/prctl.h>

namespace NetCore {

AgentProcesses::AgentProcesses(const QString &command, int count, QObject *parent)
    : QObject(parent)
    , m_command(command)
    , m_count(count)
    , m_stderr(count)
    , m_stdout(count)
    , m_peakResident(count, 0)
{
    for (int i = 0; i < count; ++i)
        m_agents.push_back(std::make_unique<QProcess>());
    m_sampler.setInterval(200);
    connect(&m_sampler, &QTimer::timeout, this, &AgentProcesses::sampleMemory);
}

AgentProcesses::~AgentProcesses()
{
    terminate();
}

void AgentProcesses::startAgent(int i, const QStringList &arguments)
{
    if (m_stopping)
        return;
    ++m_started;
    QProcess *agent = m_agents[size_t(i)].get();
    connect(agent, &QProcess::readyReadStandardError, this, [this, i] {
        m_stderr[i] += m_agents[size_t(i)]->readAllStandardError();
        if (m_stderr[i].size() > 64 * 1024)
            m_stderr[i] = m_stderr[i].right(16 * 1024); // the last lines are the ones that matter
    });
    connect(agent, &QProcess::readyReadStandardOutput, this, [this, i] {
        m_stdout[i] += m_agents[size_t(i)]->readAllStandardOutput();
        qsizetype end;
        while ((end = m_stdout[i].indexOf('\n')) >= 0) {
            const QString line = QString::fromUtf8(m_stdout[i].left(end));
            m_stdout[i].remove(0, end + 1);
            if (line == QLatin1String(FleetsStoppedLine) && ++m_fleetsStopped == m_count)
                sendLine(ReleaseServersLine);
            Q_EMIT outputLine(i, line);
        }
    });
    connect(agent, &QProcess::finished, this, [this, i](int exitCode, QProcess::ExitStatus status) { onFinished(i, exitCode, status); });
    // An agent outlives no parent: killed (SIGKILL, a crash), the parent cannot stop its
    // agents, so the kernel tells each one (SIGTERM, which ends its part as a stop does).
    agent->setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGTERM); });
    agent->start(m_command, arguments);
    if (!m_sampler.isActive())
        m_sampler.start();
}

void AgentProcesses::sendLine(const QByteArray &line)
{
    for (const auto &agent : m_agents) {
        if (agent->state() == QProcess::Running)
            agent->write(line + '\n');
    }
}

void AgentProcesses::stop()
{
    sampleMemory(); // the last chance: a run shorter than the sampling interval has no other
    m_stopping = true;
    if (m_ended == m_started && !m_failed && !std::exchange(m_saidFinished, true)) // nothing runs: as if the last had ended
        QMetaObject::invokeMethod(this, [this] { Q_EMIT finished(); }, Qt::QueuedConnection);
    for (const auto &agent : m_agents) {
        if (agent->state() != QProcess::NotRunning)
            agent->terminate(); // SIGTERM: the agent stops sending and ends as at the end of its run
    }
}

void AgentProcesses::terminate()
{
    m_sampler.stop();
    // All at once, then wait: one by one, each agent's wait would add up. Closing its
    // input first releases an agent that holds its servers for the others (run --agent).
    for (const auto &agent : m_agents) {
        agent->disconnect(this);
        if (agent->state() != QProcess::NotRunning) {
            agent->closeWriteChannel();
            agent->terminate();
        }
    }
    QElapsedTimer waited;
    waited.start();
    for (const auto &agent : m_agents) {
        if (agent->state() != QProcess::NotRunning && !agent->waitForFinished(int(std::max<qint64>(3000 - waited.elapsed(), 1))))
            agent->kill();
    }
    for (const auto &agent : m_agents) {
        if (agent->state() != QProcess::NotRunning)
            agent->waitForFinished(1000);
    }
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
    if (!m_stdout[agent].isEmpty())
        Q_EMIT outputLine(agent, QString::fromUtf8(std::exchange(m_stdout[agent], {})));
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
    Q_EMIT agentFinished(agent);
    if (++m_ended == (m_stopping ? m_started : m_count) && !std::exchange(m_saidFinished, true)) {
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

} // namespace NetCore
