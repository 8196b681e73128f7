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

/**
 * The agents of `--processes N`: N processes of this executable, agent I running
 * `ARGUMENTS --shard I/N --hlog DIR/agent-I.hlog` (its share, its interval log in a
 * folder of the parent's). The parent watches them: an agent that ends badly is
 * reported at once with its exit status and its last error line, and the others are
 * stopped; each agent's memory is sampled from /proc for the per-connection figure.
 * When all have ended well, their logs are the run's, merged exactly.
 */
class AgentProcesses : public QObject
{
    Q_OBJECT

public:
    explicit AgentProcesses(const QString &command, const QStringList &arguments, int count, QObject *parent = nullptr);
    ~AgentProcesses() override;

    /** False with the reason when the folder for the logs cannot be made. */
    bool start(QString *error);
    /** Asks every agent to stop as a signal would (they finish gracefully; their logs merge). */
    void stop();
    /** Ends every agent now (a failed run): nothing more is reported. */
    void terminate();

    QStringList logPaths() const;
    /** The highest resident memory seen of each agent, in bytes (0 if never seen). */
    QList<qint64> peakResidentBytes() const { return m_peakResident; }
    /** Lines agents wrote to stderr, last ones, for the failure message. */
    QString lastErrorOf(int agent) const;

Q_SIGNALS:
    /** Every agent ended with exit code 0. */
    void finished();
    /** An agent ended badly: which, and how ("exited with 3: ..." or "was killed by signal 9"). */
    void agentFailed(int agent, const QString &how);

private:
    void onFinished(int agent, int exitCode, QProcess::ExitStatus status);
    void sampleMemory();

    QString m_command;
    QStringList m_arguments;
    int m_count = 0;
    QTemporaryDir m_logs;
    std::vector<std::unique_ptr<QProcess>> m_agents;
    QList<QByteArray> m_stderr;
    QList<qint64> m_peakResident;
    QTimer m_sampler;
    int m_ended = 0;
    bool m_failed = false;
};
