// SPDX-License-Identifier: GPL-3.0-or-later
#include "servecommand.h"

#include "exitcodes.h"
#include "serveagentinput.h"
#include "serveagents.h"
#include "servesummary.h"
#include "optionreader.h"
#include "signalwatcher.h"
#include "tlsoptions.h"

#include "io/iothreadpool.h"
#include "agents/agentserver.h"
#include "io/resourcelimits.h"
#include "server/testserver.h"
#include "session/sessionfile.h"
#include "storage/atomicfile.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <limits>
#include <memory>
#include <optional>
#include <QTextStream>
#include <QTimer>

using namespace NetCore;

namespace {

// What a session's server definition says: with --session, these are the session's to say.
const char *const DefinitionOptions[] = {"framing", "reply-framing", "behaviour", "fault", "seed", "max-payload",
                                         "max-connections", "idle-timeout", "frame-deadline"};

/** The server `name` of the session file `path` (its only one when `name` is empty), or why not. */
std::optional<ServerDefinition> serverOfSession(const QString &path, const QString &name, const QString &baseDirectory,
                                                QString *why, QString *sessionBase)
{
    QStringList errors;
    std::optional<Session> session;
    if (baseDirectory.isEmpty()) {
        session = SessionFile::load(path, &errors);
    } else {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly)) {
            *why = QStringLiteral("--session %1: %2").arg(path, file.errorString());
            return std::nullopt;
        }
        session = SessionFile::parse(file.read(16 << 20), path, &errors, baseDirectory);
    }
    if (!session) {
        *why = errors.join(QLatin1Char('\n'));
        return std::nullopt;
    }
    *sessionBase = session->baseDirectory;
    QStringList names;
    for (const ServerDefinition &server : std::as_const(session->servers))
        names << server.name;
    if (name.isEmpty() && names.size() == 1)
        return session->servers.constFirst();
    if (const ServerDefinition *server = session->server(name))
        return *server;
    *why = names.isEmpty() ? QStringLiteral("--session %1 has no servers").arg(path)
        : name.isEmpty()   ? QStringLiteral("--session %1 has several servers; say which with --server (%2)").arg(path, names.join(QStringLiteral(", ")))
                           : QStringLiteral("--server %1: no such server in %2 (it has %3)").arg(name, path, names.join(QStringLiteral(", ")));
    return std::nullopt;
}

QByteArray jsonLine(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact) + '\n';
}

} // namespace

int runServeCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Runs a test server until SIGINT/SIGTERM or --duration, "
                                                    "then prints its counters."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("serve"), QStringLiteral("The command."));
    parser.addOptions({
        {QStringLiteral("port"), QStringLiteral("Port to listen on; 0 picks a free one (default 0)."), QStringLiteral("N")},
        {QStringLiteral("host"), QStringLiteral("Address to listen on (default 127.0.0.1)."), QStringLiteral("HOST")},
        {QStringLiteral("framing"),
         QStringLiteral("%1 (default wb1; see docs/protocols.md).").arg(framingSyntax()),
         QStringLiteral("NAME")},
        {QStringLiteral("reply-framing"),
         QStringLiteral("How replies go out, when not as requests: e.g. --framing line --reply-framing 'delim:END\\r\\n' for memcached."),
         QStringLiteral("NAME")},
        {QStringLiteral("behaviour"),
         QStringLiteral("What to do with requests (default echo): ") + BehaviourSpec::syntax()
             + QStringLiteral(". TEXT takes escapes (\\n, \\xHH); MS may be fractional."),
         QStringLiteral("SPEC")},
        {QStringLiteral("fault"), QStringLiteral("A fault to inject, repeatable: ") + FaultPlan::syntax() + QLatin1Char('.'),
         QStringLiteral("SPEC")},
        {QStringLiteral("seed"), QStringLiteral("Seed for jitter and faults, so a run can be repeated (default 1)."),
         QStringLiteral("N")},
        {QStringLiteral("max-payload"), QStringLiteral("Largest frame accepted (default: the framing's)."), QStringLiteral("BYTES")},
        {QStringLiteral("max-connections"), QStringLiteral("More are closed at once and counted (default 100000)."), QStringLiteral("N")},
        {QStringLiteral("idle-timeout"), QStringLiteral("Close connections silent this long (default: never)."), QStringLiteral("MS")},
        {QStringLiteral("frame-deadline"), QStringLiteral("A started frame must be complete within this (default 10000)."), QStringLiteral("MS")},
        {QStringLiteral("threads"), QStringLiteral("I/O threads (default: one per core)."), QStringLiteral("N")},
        {QStringLiteral("duration"), QStringLiteral("Stop after this many seconds."), QStringLiteral("S")},
        {QStringLiteral("json"), QStringLiteral("Print the final counters as JSON.")},
        {QStringLiteral("share-port"), QStringLiteral("Let other processes listen on the same port (SO_REUSEPORT).")},
        {QStringLiteral("processes"),
         QStringLiteral("Serve from N processes on one port (SO_REUSEPORT): past one process's descriptor limit."),
         QStringLiteral("N")},
        {QStringLiteral("session"),
         QStringLiteral("Serve a server of this session file, as it defines it (--host and --port may move it)."),
         QStringLiteral("FILE")},
        {QStringLiteral("server"), QStringLiteral("Which server of --session (needed when it has several)."), QStringLiteral("NAME")},
        {QStringLiteral("counters-every"),
         QStringLiteral("Print the counters as a JSON line every MS: {\"snapshot\": {\"total\", \"interval\", ...}}."),
         QStringLiteral("MS")},
    });
    parser.addOptions(tlsServerOptions());
    // An agent of --processes (it reads its parent's instructions on stdin), and the folder
    // a session's relative paths are in when the session file was copied for the agents.
    QCommandLineOption agentOption(QStringLiteral("agent"), QStringLiteral("An agent of --processes."));
    agentOption.setFlags(QCommandLineOption::HiddenFromHelp);
    QCommandLineOption baseDirOption(QStringLiteral("base-dir"), QStringLiteral("Where --session's relative paths are."),
                                     QStringLiteral("DIR"));
    baseDirOption.setFlags(QCommandLineOption::HiddenFromHelp);
    parser.addOptions({agentOption, baseDirOption});
    QTextStream err(stderr);
    if (!parser.parse(arguments)) {
        err << "wirebench serve: " << parser.errorText() << '\n';
        return ExitBadInput;
    }
    if (parser.isSet(QStringLiteral("help")))
        parser.showHelp(ExitSuccess);

    OptionReader options(parser);
    ServerConfig config;
    int definitionThreads = 0;
    int definitionProcesses = 1;
    QString sessionBase; // where a rules file named by a later behaviour is
    if (parser.isSet(QStringLiteral("session"))) {
        QStringList said;
        for (const char *option : DefinitionOptions)
            said << QLatin1String(option);
        for (const QCommandLineOption &option : tlsServerOptions()) {
            if (option.names().constFirst() != QLatin1String("tls-save-cert"))
                said << option.names().constFirst();
        }
        for (const QString &option : std::as_const(said)) {
            if (parser.isSet(option))
                options.fail(QStringLiteral("--%1 with --session: the session's server says it (edit the session)").arg(option));
        }
        QString why;
        const auto definition = serverOfSession(parser.value(QStringLiteral("session")), parser.value(QStringLiteral("server")),
                                                parser.value(baseDirOption), &why, &sessionBase);
        if (!definition) {
            err << "wirebench serve: " << why << '\n';
            return ExitBadInput;
        }
        config = definition->config;
        config.tls = config.tls.withPathsIn(sessionBase); // paths are the session file's
        definitionThreads = definition->threads;
        definitionProcesses = definition->processes;
    } else {
        if (parser.isSet(QStringLiteral("server")))
            options.fail(QStringLiteral("--server names a server of --session"));
        config.framing = options.framing(QStringLiteral("framing"), Framing::Wb1);
        if (parser.isSet(QStringLiteral("reply-framing")))
            config.replyFraming = options.framing(QStringLiteral("reply-framing"), Framing::Wb1);
        QString why;
        if (parser.isSet(QStringLiteral("behaviour"))) {
            if (const auto behaviour = BehaviourSpec::parse(parser.value(QStringLiteral("behaviour")), &why))
                config.behaviour = *behaviour;
            else
                options.fail(why);
        }
        if (const auto faults = FaultPlan::parse(parser.values(QStringLiteral("fault")), &why))
            config.faults = *faults;
        else
            options.fail(why);
        config.seed = quint64(options.integer(QStringLiteral("seed"), 0, std::numeric_limits<qint64>::max(), 1));
        config.maxPayload = options.integer(QStringLiteral("max-payload"), 1, framingPayloadLimit(config.framing), 0);
        config.maxConnections = int(options.integer(QStringLiteral("max-connections"), 1, 10'000'000, config.maxConnections));
        config.idleTimeoutMs = int(options.integer(QStringLiteral("idle-timeout"), 1, 86'400'000, 0));
        config.frameDeadlineMs = int(options.integer(QStringLiteral("frame-deadline"), 1, 86'400'000, config.frameDeadlineMs));
        readTlsServerOptions(parser, options, config.tls);
    }
    config.port = quint16(options.integer(QStringLiteral("port"), 0, 65535, config.port));
    if (parser.isSet(QStringLiteral("host")))
        config.host = parser.value(QStringLiteral("host"));
    const QString saveCertificate = parser.value(QStringLiteral("tls-save-cert"));
    const int threads = int(options.integer(QStringLiteral("threads"), 1, 256, definitionThreads));
    const double duration = options.number(QStringLiteral("duration"), 0.001, 1e7, 0.0);
    const int countersEveryMs = int(options.integer(QStringLiteral("counters-every"), 10, 3'600'000, 0));
    const bool agent = parser.isSet(agentOption);
    config.sharePort = parser.isSet(QStringLiteral("share-port"));
    // An agent serves its share itself, whatever its session says.
    const int processes = agent ? 1 : int(options.integer(QStringLiteral("processes"), 1, 1024, definitionProcesses));
    if (processes > 1 && config.tls.enabled && config.tls.selfSigned())
        options.fail(QStringLiteral("--processes with --tls: each process would make its own certificate; give them one "
                                    "with --tls-cert and --tls-key"));
    if (processes > 1 && !saveCertificate.isEmpty())
        options.fail(QStringLiteral("--processes with --tls-save-cert: the certificate is the one --tls-cert names"));
    if (options.ok() && processes > 1)
        return runServeAgents(withoutOption(arguments.mid(1), QStringLiteral("processes")), processes, config,
                              parser.isSet(QStringLiteral("json")));
    if (!options.ok()) {
        err << "wirebench serve: " << options.error() << '\n';
        return ExitBadInput;
    }

    ResourceLimits::raiseFileDescriptorLimit();
    IoThreadPool pool(threads);
    TestServer server(pool);
    SignalWatcher watcher;
    int exitCode = ExitSuccess;
    QTextStream out(stdout);

    QObject::connect(&server, &TestServer::failed, [&](const QString &message) {
        err << "wirebench serve: " << message << '\n';
        err.flush();
        exitCode = ExitRuntimeFailure;
        QCoreApplication::exit(exitCode);
    });
    QObject::connect(&server, &TestServer::started, [&](const QString &host, quint16 port) {
        out << "listening on " << host << ':' << port << (config.tls.enabled ? " (TLS)" : "") << '\n';
        if (config.tls.enabled) {
            out << "TLS certificate " << (config.tls.selfSigned() ? "(self-signed) " : "") << "SHA-256 "
                << server.tlsFingerprint() << '\n';
            if (!saveCertificate.isEmpty()) {
                QString why;
                if (!writeFileAtomically(saveCertificate, server.tlsCertificatePem(), &why)) {
                    err << "wirebench serve: --tls-save-cert: " << why << '\n';
                    err.flush();
                    exitCode = ExitRuntimeFailure;
                    server.stop();
                    return;
                }
            }
        }
        out.flush();
        if (duration > 0)
            QTimer::singleShot(qint64(duration * 1000.0), &server, &TestServer::stop);
    });
    QObject::connect(&server, &TestServer::tlsFailed, [&](const QString &reason) {
        if (agent) { // for the parent to pass on
            out << jsonLine({{QLatin1String(AgentServer::TlsFailedKey), reason}});
            out.flush();
            return;
        }
        err << "wirebench serve: TLS: " << reason << '\n';
        err.flush();
    });
    if (countersEveryMs > 0) {
        server.setSnapshotInterval(countersEveryMs);
        QObject::connect(&server, &TestServer::snapshotReady, [&](const ServerSnapshot &snapshot) {
            out << jsonLine({{QLatin1String(AgentServer::SnapshotKey),
                              QJsonObject{{QStringLiteral("elapsed_ns"), double(snapshot.elapsedNs)},
                                          {QStringLiteral("interval_ns"), double(snapshot.intervalNs)},
                                          {QStringLiteral("total"), snapshot.total.toJson()},
                                          {QStringLiteral("interval"), snapshot.interval.toJson()}}}});
            out.flush();
        });
    }
    std::unique_ptr<ServeAgentInput> parentSays;
    if (agent) {
        parentSays = std::make_unique<ServeAgentInput>();
        QObject::connect(parentSays.get(), &ServeAgentInput::closed, &server, &TestServer::stop);
        QObject::connect(parentSays.get(), &ServeAgentInput::instruction, [&](const QJsonObject &object) {
            QString why;
            if (object.contains(QLatin1String(AgentServer::BehaviourKey))) {
                const auto behaviour = BehaviourSpec::parse(object.value(QLatin1String(AgentServer::BehaviourKey)).toString(), &why, sessionBase);
                if (behaviour)
                    server.setBehaviour(*behaviour);
            } else if (object.contains(QLatin1String(AgentServer::FaultsKey))) {
                QStringList specs;
                for (const QJsonValue &spec : object.value(QLatin1String(AgentServer::FaultsKey)).toArray())
                    specs << spec.toString();
                const auto faults = FaultPlan::parse(specs, &why);
                if (faults)
                    server.setFaults(*faults);
            }
            if (!why.isEmpty()) {
                err << "wirebench serve: from the parent: " << why << '\n';
                err.flush();
            }
        });
    }
    QObject::connect(&server, &TestServer::acceptFailed, [&](const QString &message) {
        err << "wirebench serve: " << message << '\n';
        err.flush();
    });
    QObject::connect(&watcher, &SignalWatcher::terminationRequested, &server, &TestServer::stop);
    QObject::connect(&server, &TestServer::stopped, [&] {
        printServeTotals(out, server.lastSnapshot().total, config, parser.isSet(QStringLiteral("json")));
        out.flush();
        QCoreApplication::exit(exitCode);
    });
    server.start(config);
    return QCoreApplication::exec();
}
