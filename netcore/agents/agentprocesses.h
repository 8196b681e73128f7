// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDir>
#include <QList>
#include <QObject>
#include <QProcess>
#include <QStringList>
#include <QTemporaryDir>
#include <QTimer>

#include <memory>
#include <vector>

namespace NetCore {

/**
 * The agents of `--processes N`: N processes of this executable, each started with
 * its own command line (startAgent). The parent watches them: an agent that ends badly
 * is reported at once with its exit status and its last error line, and the others are
 * stopped; each agent's memory is sampled from /proc for the per-connection figure.
 * What agents print on stdout comes as lines (outputLine); a folder of the parent's
 * holds what they write for it (their interval logs).
 */
class AgentProcesses : public QObject
{
    Q_OBJECT

public:
    /**
     * `run --agent` shares its servers' ports with the other agents, whose fleets may
     * be talking to them: it says this line once its fleets have stopped, and stops its
     * servers when every agent has said it and this object answers ReleaseServersLine
     * (or when its input closes).
     */
    static constexpr char FleetsStoppedLine[] = "wirebench-agent: fleets stopped";
    static constexpr char ReleaseServersLine[] = "release-servers";

    AgentProcesses(const QString &command, int count, QObject *parent = nullptr);
    ~AgentProcesses() override;

    /** A folder for the agents' files, removed with this object; empty if it could not be made. */
    QString folder() const { return m_folder.isValid() ? m_folder.path() : QString(); }
    void startAgent(int agent, const QStringList &arguments);
    /** Writes a line to every running agent's standard input. */
    void sendLine(const QByteArray &line);
    /**
     * Asks every agent to stop as a signal would (they finish gracefully; their logs
     * merge). Agents not started yet never will be: finished() follows the started ones.
     */
    void stop();
    /** Ends every agent now (a failed run): nothing more is reported. */
    void terminate();

    /** The highest resident memory seen of each agent, in bytes (0 if never seen). */
    QList<qint64> peakResidentBytes() const { return m_peakResident; }
    /** Lines agents wrote to stderr, last ones, for the failure message. */
    QString lastErrorOf(int agent) const;

Q_SIGNALS:
    /** One agent ended with exit code 0 (finished() follows the last). */
    void agentFinished(int agent);
    /** Every agent ended with exit code 0. */
    void finished();
    /** An agent ended badly: which, and how ("exited with 3: ..." or "was killed by signal 9"). */
    void agentFailed(int agent, const QString &how);
    /** A line an agent printed on its standard output. */
    void outputLine(int agent, const QString &line);

private:
    void onFinished(int agent, int exitCode, QProcess::ExitStatus status);
    void sampleMemory();

    QString m_command;
    int m_count = 0;
    QTemporaryDir m_folder;
    std::vector<std::unique_ptr<QProcess>> m_agents;
    QList<QByteArray> m_stderr;
    QList<QByteArray> m_stdout;
    QList<qint64> m_peakResident;
    QTimer m_sampler;
    int m_started = 0;
    int m_ended = 0;
    bool m_stopping = false;
    bool m_saidFinished = false;
    int m_fleetsStopped = 0;
    bool m_failed = false;
};

} // namespace NetCore
