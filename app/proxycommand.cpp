// SPDX-License-Identifier: GPL-3.0-or-later
#include "proxycommand.h"

#include "exitcodes.h"
#include "optionreader.h"
#include "signalwatcher.h"

#include "fleet/fleetsummary.h"
#include "io/hostaddress.h"
#include "io/iothreadpool.h"
#include "io/resourcelimits.h"
#include "proxy/tcpproxy.h"
#include "proxy/toxiproxyapi.h"
#include "scenario/sessionengine.h"

#include <QCoreApplication>
#include <limits>
#include <QJsonDocument>
#include <QTextStream>
#include <QTimer>

using namespace NetCore;

namespace {

/** A proxy's final counters, and with a framing its request timings, as text or a JSON line (with `name`). */
void printProxyTotals(QTextStream &out, const TcpProxy *proxy, bool json, const QString &name = {})
{
    const ProxyCounters total = proxy ? proxy->lastSnapshot().total : ProxyCounters{};
    const ReplyTimes *times = proxy && proxy->replyTimes() ? &*proxy->replyTimes() : nullptr;
    if (json) {
        QJsonObject object = total.toJson();
        if (!name.isEmpty())
            object.insert(QStringLiteral("name"), name);
        if (times) {
            const QJsonObject timings = times->toJson();
            for (auto it = timings.begin(); it != timings.end(); ++it)
                object.insert(it.key(), it.value());
        }
        out << QJsonDocument(object).toJson(QJsonDocument::Compact) << '\n';
        return;
    }
    if (!name.isEmpty())
        out << "proxy " << name << ":\n";
    out << "connections: " << total.connectionsAccepted << " accepted, " << total.connectionsRefused << " refused, "
        << total.connectionsClosed << " closed\n"
        << "upstream: " << total.upstreamConnected << " connected, " << total.upstreamRefused << " refused, "
        << total.upstreamTimeouts << " timed out; " << total.refusedUpstreamDown << " clients reset while it was down"
        << (total.upstreamDown ? " (down now)" : "") << "\n"
        << "bytes: " << total.bytesUpstream << " upstream (client to server) in " << total.chunksUpstream << " chunks, "
        << total.bytesDownstream << " downstream in " << total.chunksDownstream << " chunks\n"
        << "half-closes passed on: " << total.halfClosesUpstream << " upstream, " << total.halfClosesDownstream
        << " downstream; resets: " << total.resetsFromClient << " from clients, " << total.resetsFromServer << " from the server\n"
        << "backpressure: " << total.pausesUpstream << " pauses reading clients, " << total.pausesDownstream
        << " reading the server; at most " << total.bufferedPeak << " bytes held for one direction\n"
        << "faults: " << total.toxicCloses << " connections closed, " << total.toxicResets << " reset\n";
    if (!times)
        return;
    out << "frames: " << total.framesUpstream << " to the server, " << total.framesDownstream << " to clients; "
        << total.framesDropped << " dropped, " << total.framesCorrupted << " corrupted, " << total.framesDelayed
        << " held back; " << total.framingAbandoned << " directions stopped decoding\n";
    auto line = [&](const char *what, const LatencyHistogram &histogram) {
        const LatencySummary s = LatencySummary::of(histogram);
        out << what << formatDuration(s.p50) << " p90 " << formatDuration(s.p90) << " p99 " << formatDuration(s.p99) << " max "
            << formatDuration(s.max) << '\n';
    };
    out << "requests timed: " << total.repliesTimed << '\n';
    line("  the server's own time  p50 ", times->serverTime);
    line("  what clients saw       p50 ", times->clientSeen);
    line("  injected by the faults p50 ", times->injected);
}

/**
 * `--api`: Toxiproxy's HTTP API over a session engine's proxies (none at first, or the
 * one --upstream describes, named --name), until a signal or --duration; then each
 * proxy's counters.
 */
int runProxyApi(const QHostAddress &apiAddress, quint16 apiPort, const ProxyConfig *first, const QString &name, int threads,
                double duration, bool json)
{
    QTextStream out(stdout);
    QTextStream err(stderr);
    SessionEngine engine;
    ToxiproxyApi api(engine);
    QString why;
    const quint16 port = api.listen(apiAddress, apiPort, &why);
    if (port == 0) {
        err << "wirebench proxy: " << why << '\n';
        return ExitRuntimeFailure;
    }
    QObject::connect(&engine, &SessionEngine::proxyFailed, [&](const QString &proxy, const QString &message) {
        err << "wirebench proxy: " << proxy << ": " << message << '\n';
        err.flush();
    });
    if (first) {
        Session session;
        ProxyDefinition proxy;
        proxy.name = name;
        proxy.config = *first;
        proxy.threads = threads;
        session.proxies = {proxy};
        engine.setSession(session);
        engine.startProxy(name);
        if (engine.proxyState(name) != TcpProxy::State::Running) {
            err << "wirebench proxy: " << engine.proxy(name)->lastError() << '\n';
            return ExitRuntimeFailure;
        }
        out << "proxy " << name << " listening on " << first->host << ':' << engine.runningProxy(name)->port << ", forwarding to "
            << first->upstreamHost << ':' << first->upstreamPort << '\n';
    }
    out << "Toxiproxy API listening on " << apiAddress.toString() << ':' << port << '\n';
    out.flush();
    SignalWatcher watcher;
    auto finish = [&] {
        engine.stopAll();
    };
    QObject::connect(&watcher, &SignalWatcher::terminationRequested, finish);
    if (duration > 0)
        QTimer::singleShot(qint64(duration * 1000.0), finish);
    QObject::connect(&engine, &SessionEngine::allStopped, [&] {
        for (const ProxyDefinition &proxy : engine.session().proxies)
            printProxyTotals(out, engine.proxy(proxy.name), json, proxy.name);
        out.flush();
        QCoreApplication::exit(ExitSuccess);
    });
    return QCoreApplication::exec();
}

} // namespace

int runProxyCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Stands between real clients and a real server, forwarding both ways, until "
                                                    "SIGINT/SIGTERM or --duration; then prints its counters."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("proxy"), QStringLiteral("The command."));
    parser.addOptions({
        {QStringLiteral("listen"), QStringLiteral("Where clients connect (default 127.0.0.1:0, a free port)."), QStringLiteral("HOST:PORT")},
        {QStringLiteral("upstream"), QStringLiteral("The server each client is forwarded to."), QStringLiteral("HOST:PORT")},
        {QStringLiteral("connect-timeout"), QStringLiteral("The upstream must accept within this (default 5000)."), QStringLiteral("MS")},
        {QStringLiteral("max-buffer"),
         QStringLiteral("Bytes held for one direction of one connection before its sender is no longer read (default 262144)."),
         QStringLiteral("BYTES")},
        {QStringLiteral("max-connections"), QStringLiteral("More are closed at once and counted (default 100000)."), QStringLiteral("N")},
        {QStringLiteral("refuse-when-down"),
         QStringLiteral("Once the upstream cannot be reached, reset new clients at once (instead of closing each after its own "
                        "failed connect) until a probe every 500 ms reaches it again.")},
        {QStringLiteral("framing"),
         QStringLiteral("Cut both directions into frames of this framing (") + framingSyntax()
             + QStringLiteral("): per-frame faults, and each request timed to its reply from the server and to its delivery."),
         QStringLiteral("F")},
        {QStringLiteral("fault"),
         QStringLiteral("A fault to inject, repeatable: ") + Toxic::syntax() + QStringLiteral("; with --framing also ")
             + FrameFault::syntax() + QLatin1Char('.'),
         QStringLiteral("SPEC")},
        {QStringLiteral("seed"), QStringLiteral("Seed for toxicity and jitter, so a run can be repeated (default 1)."), QStringLiteral("N")},
        {QStringLiteral("record"),
         QStringLiteral("Keep every connection's exchange in this capture file (docs/capture-format.md; `wirebench load "
                        "--replay` plays it)."),
         QStringLiteral("FILE")},
        {QStringLiteral("record-pcap"),
         QStringLiteral("Keep the same as pcapng, TCP/IP headers made up for loopback, for Wireshark and tshark."),
         QStringLiteral("FILE")},
        {QStringLiteral("record-limit"), QStringLiteral("Each capture file ends at this size (default 104857600)."), QStringLiteral("BYTES")},
        {QStringLiteral("threads"), QStringLiteral("I/O threads (default: one per core)."), QStringLiteral("N")},
        {QStringLiteral("duration"), QStringLiteral("Stop after this many seconds."), QStringLiteral("S")},
        {QStringLiteral("json"), QStringLiteral("Print the final counters as JSON.")},
        {QStringLiteral("api"),
         QStringLiteral("Serve Toxiproxy's HTTP API here (e.g. 127.0.0.1:8474): its clients make proxies and faults. "
                        "Without --upstream, no proxy until one is made."),
         QStringLiteral("HOST:PORT")},
        {QStringLiteral("name"), QStringLiteral("With --api: the --upstream proxy's name (default proxy)."), QStringLiteral("NAME")},
    });
    QTextStream err(stderr);
    if (!parser.parse(arguments)) {
        err << "wirebench proxy: " << parser.errorText() << '\n';
        return ExitBadInput;
    }
    if (parser.isSet(QStringLiteral("help")))
        parser.showHelp(ExitSuccess);

    OptionReader options(parser);
    ProxyConfig config;
    if (parser.isSet(QStringLiteral("listen")))
        options.target(QStringLiteral("listen"), &config.host, &config.port, true);
    const bool withApi = parser.isSet(QStringLiteral("api"));
    QString apiHost;
    quint16 apiPort = 0;
    if (withApi)
        options.target(QStringLiteral("api"), &apiHost, &apiPort, true);
    if (!parser.isSet(QStringLiteral("upstream")) && !withApi)
        options.fail(QStringLiteral("--upstream HOST:PORT is needed: the server to forward to (or --api, to make proxies through it)"));
    else if (parser.isSet(QStringLiteral("upstream")))
        options.target(QStringLiteral("upstream"), &config.upstreamHost, &config.upstreamPort);
    config.connectTimeoutMs = int(options.integer(QStringLiteral("connect-timeout"), 1, 3'600'000, config.connectTimeoutMs));
    config.maxBuffered = options.integer(QStringLiteral("max-buffer"), 1024, qint64(1) << 30, config.maxBuffered);
    config.maxConnections = int(options.integer(QStringLiteral("max-connections"), 1, 10'000'000, config.maxConnections));
    config.refuseWhileUpstreamDown = parser.isSet(QStringLiteral("refuse-when-down"));
    {
        QString why;
        if (const auto faults = ProxyFaults::parse(parser.values(QStringLiteral("fault")), &why))
            config.setFaults(*faults);
        else
            options.fail(why);
    }
    if (parser.isSet(QStringLiteral("framing")))
        config.framing = options.framing(QStringLiteral("framing"), Framing::Wb1);
    if (!config.frameFaults.isEmpty() && !config.framing)
        options.fail(QStringLiteral("--fault %1 acts on frames: give the proxy a --framing").arg(config.frameFaults.first().spec()));
    config.seed = quint64(options.integer(QStringLiteral("seed"), 0, std::numeric_limits<qint64>::max(), 1));
    config.recordPath = parser.value(QStringLiteral("record"));
    config.recordPcapPath = parser.value(QStringLiteral("record-pcap"));
    config.recordLimit = options.integer(QStringLiteral("record-limit"), 1024, std::numeric_limits<qint64>::max(), config.recordLimit);
    const int threads = int(options.integer(QStringLiteral("threads"), 1, 256, 0));
    const double duration = options.number(QStringLiteral("duration"), 0.001, 1e7, 0.0);
    const bool json = parser.isSet(QStringLiteral("json"));
    if (!options.ok()) {
        err << "wirebench proxy: " << options.error() << '\n';
        return ExitBadInput;
    }

    ResourceLimits::raiseFileDescriptorLimit();
    if (withApi) {
        const auto address = parseHostAddress(apiHost);
        if (!address) {
            err << "wirebench proxy: --api: '" << apiHost << "' is not an IP address\n";
            return ExitBadInput;
        }
        return runProxyApi(*address, apiPort, parser.isSet(QStringLiteral("upstream")) ? &config : nullptr,
                           parser.value(QStringLiteral("name")).isEmpty() ? QStringLiteral("proxy") : parser.value(QStringLiteral("name")),
                           threads, duration, json);
    }
    IoThreadPool pool(threads);
    TcpProxy proxy(pool);
    SignalWatcher watcher;
    QTextStream out(stdout);
    int exitCode = ExitSuccess;
    QObject::connect(&proxy, &TcpProxy::failed, [&](const QString &message) {
        err << "wirebench proxy: " << message << '\n';
        err.flush();
        exitCode = ExitRuntimeFailure;
        QCoreApplication::exit(exitCode);
    });
    QObject::connect(&proxy, &TcpProxy::acceptFailed, [&](const QString &message) {
        err << "wirebench proxy: " << message << '\n';
        err.flush();
    });
    QObject::connect(&proxy, &TcpProxy::started, [&](const QString &host, quint16 port) {
        out << "listening on " << host << ':' << port << ", forwarding to " << config.upstreamHost << ':' << config.upstreamPort << '\n';
        if (config.framing)
            out << "framing " << framingName(*config.framing) << '\n';
        for (const QString &spec : config.faults().specs())
            out << "fault " << spec << '\n';
        out.flush();
        if (duration > 0)
            QTimer::singleShot(qint64(duration * 1000.0), &proxy, &TcpProxy::stop);
    });
    QObject::connect(&watcher, &SignalWatcher::terminationRequested, &proxy, &TcpProxy::stop);
    QObject::connect(&proxy, &TcpProxy::recordEnded, [&](const QString &message) {
        err << "wirebench proxy: " << message << '\n';
        err.flush();
    });
    QObject::connect(&proxy, &TcpProxy::stopped, [&] {
        if (!config.recordPath.isEmpty() && !json)
            out << "recorded " << proxy.recorder().capture().bytesWritten() << " bytes to " << config.recordPath
                << (proxy.recorder().capture().reachedLimit() ? " (ended at its limit)" : "") << '\n';
        if (!config.recordPcapPath.isEmpty() && !json)
            out << "recorded " << proxy.recorder().pcap().bytesWritten() << " bytes of pcapng to " << config.recordPcapPath << '\n';
        printProxyTotals(out, &proxy, json);
        out.flush();
        QCoreApplication::exit(exitCode);
    });
    proxy.start(config);
    return QCoreApplication::exec();
}
