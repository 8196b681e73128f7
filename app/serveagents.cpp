// SPDX-License-Identifier: GPL-3.0-or-later
#include "serveagents.h"

#include "agents/agentprocesses.h"
#include "exitcodes.h"
#include "servesummary.h"
#include "signalwatcher.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTextStream>

#include <cmath>

int runServeAgents(const QStringList &arguments, int processes, const NetCore::ServerConfig &config, bool json)
{
    QTextStream err(stderr);
    QTextStream out(stdout);
    NetCore::AgentProcesses agents(QCoreApplication::applicationFilePath(), processes);
    SignalWatcher watcher;
    QObject::connect(&watcher, &SignalWatcher::terminationRequested, &agents, &NetCore::AgentProcesses::stop);
    // Each agent ends with its counters as JSON, summed here into the one server's figures.
    const QStringList shared = arguments + QStringList{QStringLiteral("--share-port"), QStringLiteral("--json")};
    NetCore::ServerCounters total;
    QList<quint64> accepted(processes, 0);
    static const QRegularExpression listening(QStringLiteral("^listening on (.*):(\\d+)( \\(TLS\\))?$"));
    int listeningCount = 0;
    int exitCode = ExitSuccess;
    QObject::connect(&agents, &NetCore::AgentProcesses::outputLine, [&](int agent, const QString &line) {
        if (line.startsWith(QLatin1Char('{'))) {
            const NetCore::ServerCounters counters = NetCore::ServerCounters::fromJson(QJsonDocument::fromJson(line.toUtf8()).object());
            total += counters;
            accepted[agent] = counters.connectionsAccepted;
            return;
        }
        const QRegularExpressionMatch match = listening.match(line);
        if (!match.hasMatch() || listeningCount == processes) {
            out << "agent " << agent << ": " << line << '\n';
            out.flush();
            return;
        }
        if (agent == 0) {
            // The first has the port (the one asked for, or the kernel's pick): the others join it.
            for (int i = 1; i < processes; ++i)
                agents.startAgent(i, shared + QStringList{QStringLiteral("--port"), match.captured(2)});
        }
        if (++listeningCount == processes) {
            out << "listening on " << match.captured(1) << ':' << match.captured(2) << match.captured(3) << " ("
                << processes << " processes)\n";
            out.flush();
        }
    });
    QObject::connect(&agents, &NetCore::AgentProcesses::agentFailed, [&](int agent, const QString &how) {
        err << "wirebench serve: agent " << agent << " of " << processes << ' ' << how << "; the others are stopped\n";
        err.flush();
        exitCode = ExitRuntimeFailure;
        QCoreApplication::exit(exitCode);
    });
    QObject::connect(&agents, &NetCore::AgentProcesses::finished, [&] {
        // Each agent's peak memory over the connections it accepted: a server's cost per
        // connection when they stay open (as in a load test), its base included.
        const QList<qint64> peaks = agents.peakResidentBytes();
        auto perConnection = [&](int i) { return accepted[i] > 0 ? double(peaks[i]) / double(accepted[i]) : 0.0; };
        QJsonArray peakJson;
        QJsonArray perConnectionJson;
        for (int i = 0; i < processes; ++i) {
            peakJson.append(double(peaks[i]));
            perConnectionJson.append(std::round(perConnection(i)));
        }
        printServeTotals(out, total, config, json,
                         {{"processes", processes}, {"agent_peak_rss_bytes", peakJson}, {"agent_rss_bytes_per_connection", perConnectionJson}});
        if (!json) {
            out << "processes:";
            for (int i = 0; i < processes; ++i) {
                out << (i ? ", " : " ") << "agent " << i << " accepted " << accepted[i] << ", "
                    << QString::number(double(peaks[i]) / 1048576.0, 'f', 1) << " MiB at peak";
                if (accepted[i] > 0)
                    out << " (" << QString::number(perConnection(i) / 1024.0, 'f', 1) << " KiB per connection)";
            }
            out << '\n';
        }
        out.flush();
        QCoreApplication::exit(exitCode);
    });
    if (agents.folder().isEmpty()) {
        err << "wirebench serve: cannot make a folder for the agents\n";
        return ExitRuntimeFailure;
    }
    agents.startAgent(0, shared);
    QCoreApplication::exec();
    return exitCode;
}
