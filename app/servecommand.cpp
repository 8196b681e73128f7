// SPDX-License-Identifier: GPL-3.0-or-later
#include "servecommand.h"

#include "exitcodes.h"
#include "serveagents.h"
#include "servesummary.h"
#include "optionreader.h"
#include "signalwatcher.h"
#include "tlsoptions.h"

#include "io/iothreadpool.h"
#include "io/resourcelimits.h"
#include "server/testserver.h"
#include "storage/atomicfile.h"

#include <QCoreApplication>
#include <limits>
#include <QTextStream>
#include <QTimer>

using namespace NetCore;

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
    });
    parser.addOptions(tlsServerOptions());
    QTextStream err(stderr);
    if (!parser.parse(arguments)) {
        err << "wirebench serve: " << parser.errorText() << '\n';
        return ExitBadInput;
    }
    if (parser.isSet(QStringLiteral("help")))
        parser.showHelp(ExitSuccess);

    OptionReader options(parser);
    ServerConfig config;
    config.port = quint16(options.integer(QStringLiteral("port"), 0, 65535, 0));
    if (parser.isSet(QStringLiteral("host")))
        config.host = parser.value(QStringLiteral("host"));
    config.framing = options.framing(QStringLiteral("framing"), Framing::Wb1);
    if (parser.isSet(QStringLiteral("reply-framing")))
        config.replyFraming = options.framing(QStringLiteral("reply-framing"), Framing::Wb1);
    if (parser.isSet(QStringLiteral("behaviour"))) {
        QString why;
        const auto behaviour = BehaviourSpec::parse(parser.value(QStringLiteral("behaviour")), &why);
        if (!behaviour) {
            err << "wirebench serve: " << why << '\n';
            return ExitBadInput;
        }
        config.behaviour = *behaviour;
    }
    {
        QString why;
        const auto faults = FaultPlan::parse(parser.values(QStringLiteral("fault")), &why);
        if (!faults) {
            err << "wirebench serve: " << why << '\n';
            return ExitBadInput;
        }
        config.faults = *faults;
    }
    config.seed = quint64(options.integer(QStringLiteral("seed"), 0, std::numeric_limits<qint64>::max(), 1));
    config.maxPayload = options.integer(QStringLiteral("max-payload"), 1, framingPayloadLimit(config.framing), 0);
    config.maxConnections = int(options.integer(QStringLiteral("max-connections"), 1, 10'000'000, config.maxConnections));
    config.idleTimeoutMs = int(options.integer(QStringLiteral("idle-timeout"), 1, 86'400'000, 0));
    config.frameDeadlineMs = int(options.integer(QStringLiteral("frame-deadline"), 1, 86'400'000, config.frameDeadlineMs));
    readTlsServerOptions(parser, options, config.tls);
    const QString saveCertificate = parser.value(QStringLiteral("tls-save-cert"));
    const int threads = int(options.integer(QStringLiteral("threads"), 1, 256, 0));
    const double duration = options.number(QStringLiteral("duration"), 0.001, 1e7, 0.0);
    config.sharePort = parser.isSet(QStringLiteral("share-port"));
    const int processes = int(options.integer(QStringLiteral("processes"), 1, 1024, 1));
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
        err << "wirebench serve: TLS: " << reason << '\n';
        err.flush();
    });
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
