// SPDX-License-Identifier: GPL-3.0-or-later
#include "serveagents.h"

#include "agents/agentserver.h"
#include "exitcodes.h"
#include "servesummary.h"
#include "signalwatcher.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonObject>
#include <QTextStream>

#include <cmath>

int runServeAgents(const QStringList &arguments, int processes, const NetCore::ServerConfig &config, bool json)
{
    QTextStream err(stderr);
    QTextStream out(stdout);
    NetCore::AgentServer server(QCoreApplication::applicationFilePath());
    SignalWatcher watcher;
    QObject::connect(&watcher, &SignalWatcher::terminationRequested, &server, &NetCore::AgentServer::stop);
    int exitCode = ExitSuccess;
    QObject::connect(&server, &NetCore::AgentServer::outputLine, [&](int agent, const QString &line) {
        out << "agent " << agent << ": " << line << '\n';
        out.flush();
    });
    QObject::connect(&server, &NetCore::AgentServer::tlsFailed, [&](const QString &reason) {
        err << "wirebench serve: TLS: " << reason << '\n';
        err.flush();
    });
    QObject::connect(&server, &NetCore::AgentServer::started, [&](const QString &host, quint16 port) {
        out << "listening on " << host << ':' << port << (config.tls.enabled ? " (TLS)" : "") << " (" << processes << " processes)\n";
        if (!server.tlsFingerprint().isEmpty())
            out << "TLS certificate SHA-256 " << server.tlsFingerprint() << '\n';
        out.flush();
    });
    QObject::connect(&server, &NetCore::AgentServer::failed, [&](const QString &message) {
        err << "wirebench serve: " << message << '\n';
        err.flush();
        exitCode = ExitRuntimeFailure;
        QCoreApplication::exit(exitCode);
    });
    QObject::connect(&server, &NetCore::AgentServer::stopped, [&] {
        // Each agent's peak memory over the connections it accepted: a server's cost per
        // connection when they stay open (as in a load test), its base included.
        const QList<qint64> peaks = server.peakResidentBytes();
        const QList<quint64> accepted = server.acceptedPerAgent();
        auto perConnection = [&](int i) { return accepted[i] > 0 ? double(peaks[i]) / double(accepted[i]) : 0.0; };
        QJsonArray peakJson;
        QJsonArray perConnectionJson;
        for (int i = 0; i < processes; ++i) {
            peakJson.append(double(peaks[i]));
            perConnectionJson.append(std::round(perConnection(i)));
        }
        printServeTotals(out, server.lastSnapshot().total, config, json,
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
    if (const QString why = server.start(arguments, processes); !why.isEmpty()) {
        err << "wirebench serve: " << why << '\n';
        return ExitRuntimeFailure;
    }
    QCoreApplication::exec();
    return exitCode;
}
