// SPDX-License-Identifier: GPL-3.0-or-later
#include "agentrun.h"

#include "exitcodes.h"
#include "progressline.h"
#include "signalwatcher.h"

#include "scenario/intervallogfollower.h"

#include <QCoreApplication>
#include <QDir>
#include <QTextStream>

using namespace NetCore;

AgentRun::AgentRun(const QString &command, int processes)
    : m_command(command)
    , m_processes(processes)
    , m_agents(QCoreApplication::applicationFilePath(), processes)
{
}

int AgentRun::exec(const QStringList &arguments, const std::function<QStringList(int)> &extra, const LiveText &live,
                   const Finish &finish)
{
    QTextStream err(stderr);
    if (folder().isEmpty()) {
        err << "wirebench " << m_command << ": cannot make a folder for the agents' logs\n";
        return ExitRuntimeFailure;
    }
    QStringList logs;
    for (int i = 0; i < m_processes; ++i)
        logs << QDir(folder()).filePath(QStringLiteral("agent-%1.hlog").arg(i));

    // The agents' logs followed as they grow: one live line for the whole run.
    IntervalLogFollower follower(logs);
    ProgressLine progress;
    QObject::connect(&follower, &IntervalLogFollower::merged, [&](const QList<IntervalLogMerge::MergedInterval> &intervals) {
        if (!intervals.isEmpty())
            progress.update(live(intervals));
    });
    QObject::connect(&m_agents, &AgentProcesses::agentFinished, &follower, &IntervalLogFollower::finishPart);
    SignalWatcher watcher;
    QObject::connect(&watcher, &SignalWatcher::terminationRequested, [this] {
        m_stopRequested = true;
        m_agents.stop();
    });
    int exitCode = ExitSuccess;
    QObject::connect(&m_agents, &AgentProcesses::agentFailed, [&](int agent, const QString &how) {
        progress.finish();
        err << "wirebench " << m_command << ": agent " << agent << " of " << m_processes << ' ' << how
            << "; the run is stopped and no figures are given\n";
        err.flush();
        exitCode = ExitRuntimeFailure;
        QCoreApplication::exit(exitCode);
    });
    QObject::connect(&m_agents, &AgentProcesses::finished, [&] {
        progress.finish();
        QString error;
        const std::optional<IntervalLogMerge> merge = IntervalLogMerge::fromFiles(logs, &error);
        if (!merge) {
            err << "wirebench " << m_command << ": the agents' logs do not merge: " << error << '\n';
            exitCode = ExitRuntimeFailure;
        } else {
            exitCode = finish(merge->record());
        }
        QCoreApplication::exit(exitCode);
    });
    for (int i = 0; i < m_processes; ++i) {
        m_agents.startAgent(i, arguments + QStringList{QStringLiteral("--shard"), QStringLiteral("%1/%2").arg(i).arg(m_processes),
                                                       QStringLiteral("--hlog"), logs.at(i)}
                                   + extra(i));
    }
    follower.start();
    QCoreApplication::exec();
    return exitCode;
}
