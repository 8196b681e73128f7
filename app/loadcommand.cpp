// SPDX-License-Identifier: GPL-3.0-or-later
#include "loadcommand.h"

#include "messageoptions.h"
#include "openingexchangeoptions.h"

#include "exitcodes.h"
#include "loadagents.h"
#include "optionreader.h"
#include "fleetprogresstext.h"
#include "progressline.h"
#include "shardoptions.h"
#include "signalwatcher.h"
#include "tlsoptions.h"

#include "fleet/clientfleet.h"
#include "fleet/fleetshard.h"
#include "fleet/fleetsummary.h"
#include "fleet/messagetemplate.h"
#include "fleet/replywarnings.h"
#include "fleet/sourceaddresses.h"
#include "io/iothreadpool.h"
#include "io/resourcelimits.h"
#include "scenario/intervallogrecorder.h"
#include "text/templatetext.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>
#include <QTimer>

#include <cmath>

#include <optional>

using namespace NetCore;

int runLoadCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Connects a fleet of clients to a target and sends on a schedule: closed loop (--window) or open loop "
        "(--rate). Latency is measured from when each message was due, and from when it was sent."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("load"), QStringLiteral("The command."));
    parser.addOptions({
        {QStringLiteral("target"), QStringLiteral("The server, HOST:PORT (required)."), QStringLiteral("HOST:PORT")},
        {QStringLiteral("connections"), QStringLiteral("Number of connections (default 1)."), QStringLiteral("C")},
        {QStringLiteral("window"), QStringLiteral("Closed loop: messages in flight per connection (default 1)."), QStringLiteral("W")},
        {QStringLiteral("rate"), QStringLiteral("Open loop: messages per second over all connections."), QStringLiteral("R")},
        {QStringLiteral("max-in-flight"), QStringLiteral("Open loop: cap per connection; later messages wait."), QStringLiteral("N")},
        {QStringLiteral("poisson"), QStringLiteral("Open loop: Poisson arrivals instead of constant spacing.")},
        {QStringLiteral("seed"), QStringLiteral("Seed for Poisson arrivals, random payloads and back-off jitter (default 1)."),
         QStringLiteral("N")},
        {QStringLiteral("payload"), QStringLiteral("Payload size in bytes (default 64)."), QStringLiteral("BYTES")},
        {QStringLiteral("random"), QStringLiteral("Random payload bytes instead of a fixed pattern (printable for line framing).")},
        {QStringLiteral("wb1-type"), QStringLiteral("WB1 frame type to send (default 1, DATA)."), QStringLiteral("N")},
        {QStringLiteral("wb1-flags"), QStringLiteral("WB1 flags to send, e.g. 0x0001 NO_REPLY (open loop only)."), QStringLiteral("N")},
        {QStringLiteral("ramp"), QStringLiteral("Open connections at this many per second (default: all at once)."),
         QStringLiteral("PER_S")},
        {QStringLiteral("reconnect"), QStringLiteral("Reopen closed or failed connections, with exponential back-off.")},
        {QStringLiteral("source"), QStringLiteral("Local addresses to connect from, in turn: A,B,... or FIRST-LAST."),
         QStringLiteral("LIST")},
        {QStringLiteral("framing"),
         QStringLiteral("%1 (default wb1; see docs/protocols.md).").arg(framingSyntax()),
         QStringLiteral("NAME")},
        {QStringLiteral("reply-framing"),
         QStringLiteral("How replies come in, when not as requests: e.g. --framing line --reply-framing 'delim:END\\r\\n' for memcached."),
         QStringLiteral("NAME")},
        {QStringLiteral("match"),
         QStringLiteral("How replies pair with requests: in-order (default), wb1 (default for WB1), "
                        "field:REQ_OFFSET:SIZE[:REPLY_OFFSET] (an id in both), none (fire and forget)."),
         QStringLiteral("MODE")},
        {QStringLiteral("duration"), QStringLiteral("Send for this many seconds (after the warm-up)."), QStringLiteral("S")},
        {QStringLiteral("warmup"), QStringLiteral("Send this long first without counting it in the summary."), QStringLiteral("S")},
        {QStringLiteral("count"), QStringLiteral("Send this many messages in all."), QStringLiteral("N")},
        {QStringLiteral("connect-timeout"), QStringLiteral("Per connection (default 5000)."), QStringLiteral("MS")},
        {QStringLiteral("reply-timeout"), QStringLiteral("A reply later than this is a timeout (default 10000)."), QStringLiteral("MS")},
        {QStringLiteral("threads"), QStringLiteral("I/O threads (default: one per core)."), QStringLiteral("N")},
        {QStringLiteral("json"), QStringLiteral("Print the summary as one JSON object.")},
        {QStringLiteral("hlog"), QStringLiteral("Write HdrHistogram's interval log as the run goes (wirebench merge reads it)."),
         QStringLiteral("FILE.hlog")},
        {QStringLiteral("processes"),
         QStringLiteral("Run the fleet in N agent processes, each its share (past one process's descriptor limit); "
                        "their figures merged exactly."),
         QStringLiteral("N")},
    });
    parser.addOptions(messageOptions());
    parser.addOptions(openingExchangeOptions());
    parser.addOptions(tlsClientOptions());
    parser.addOptions(shardOptions());
    QTextStream err(stderr);
    if (!parser.parse(arguments)) {
        err << "wirebench load: " << parser.errorText() << '\n';
        return ExitBadInput;
    }
    if (parser.isSet(QStringLiteral("help")))
        parser.showHelp(ExitSuccess);

    OptionReader options(parser);
    FleetConfig config;
    if (!parser.isSet(QStringLiteral("target")))
        options.fail(QStringLiteral("--target HOST:PORT is required"));
    else
        options.target(QStringLiteral("target"), &config.host, &config.port);
    config.connections = int(options.integer(QStringLiteral("connections"), 1, 1'000'000, 1));
    if (parser.isSet(QStringLiteral("window")) && parser.isSet(QStringLiteral("rate")))
        options.fail(QStringLiteral("--window (closed loop) and --rate (open loop) exclude each other"));
    if (parser.isSet(QStringLiteral("max-in-flight")) && !parser.isSet(QStringLiteral("rate")))
        options.fail(QStringLiteral("--max-in-flight goes with --rate"));
    if (parser.isSet(QStringLiteral("rate"))) {
        config.schedule = FleetConfig::Schedule::OpenLoop;
        config.rate = options.number(QStringLiteral("rate"), 0.001, 1e9, 1000.0);
        config.maxInFlight = int(options.integer(QStringLiteral("max-in-flight"), 1, 1'000'000, 0));
        config.poisson = parser.isSet(QStringLiteral("poisson"));
    } else {
        config.window = int(options.integer(QStringLiteral("window"), 1, 1'000'000, 1));
    }
    config.seed = quint64(options.integer(QStringLiteral("seed"), 0, std::numeric_limits<qint64>::max(), 1));
    config.framing = options.framing(QStringLiteral("framing"), impliedFraming(parser, Framing::Wb1));
    if (parser.isSet(QStringLiteral("reply-framing")))
        config.replyFraming = options.framing(QStringLiteral("reply-framing"), Framing::Wb1);
    config.payloadSize = options.integer(QStringLiteral("payload"), 0, framingPayloadLimit(config.framing), 64);
    config.randomPayload = parser.isSet(QStringLiteral("random"));
    readMessageOptions(parser, options, config);
    QString why;
    if (parser.isSet(QStringLiteral("match"))) {
        if (const auto match = parseReplyMatch(parser.value(QStringLiteral("match")), &why))
            config.match = *match;
        else
            options.fail(QStringLiteral("--match: ") + why);
    }
    if (!readOpeningExchangeOptions(arguments, config, &why))
        options.fail(why);
    readTlsClientOptions(parser, options, config.tls);
    config.wb1Type = quint8(options.integer(QStringLiteral("wb1-type"), 0, 255, config.wb1Type));
    config.wb1Flags = quint16(options.integer(QStringLiteral("wb1-flags"), 0, 0xffff, config.wb1Flags));
    config.connectRate = options.number(QStringLiteral("ramp"), 0.001, 1e9, 0.0);
    config.reconnect = parser.isSet(QStringLiteral("reconnect"));
    if (parser.isSet(QStringLiteral("source"))) {
        if (const auto sources = SourceAddresses::parse(parser.value(QStringLiteral("source")), &why))
            config.sourceAddresses = *sources;
        else
            options.fail(QStringLiteral("--source: ") + why);
    }
    if (parser.isSet(QStringLiteral("duration")) && parser.isSet(QStringLiteral("count")))
        options.fail(QStringLiteral("--duration and --count exclude each other"));
    const double duration = options.number(QStringLiteral("duration"), 0.001, 1e7, 0.0);
    const double warmup = options.number(QStringLiteral("warmup"), 0.001, 1e7, 0.0);
    config.messageLimit = options.integer(QStringLiteral("count"), 1, std::numeric_limits<qint64>::max(), 0);
    config.connectTimeoutMs = int(options.integer(QStringLiteral("connect-timeout"), 1, 3'600'000, config.connectTimeoutMs));
    config.replyTimeoutMs = int(options.integer(QStringLiteral("reply-timeout"), 1, 3'600'000, config.replyTimeoutMs));
    const int threads = int(options.integer(QStringLiteral("threads"), 1, 256, 0));
    const bool json = parser.isSet(QStringLiteral("json"));
    const ShardSettings shard = readShardOptions(parser, options);
    if (options.ok() && shard.count > 1) {
        if (const auto part = fleetShard(config, shard.index, shard.count, &why))
            config = *part;
        else
            options.fail(QStringLiteral("--shard %1/%2: %3").arg(shard.index).arg(shard.count).arg(why));
    }
    config.startAtMsSinceEpoch = shard.startAtMsSinceEpoch;
    const int processes = int(options.integer(QStringLiteral("processes"), 1, 1024, 1));
    if (processes > 1) {
        for (const char *alone : {"shard", "shard-count", "hlog"}) {
            if (parser.isSet(QLatin1String(alone)))
                options.fail(QStringLiteral("--processes makes its own shards and logs: not with --%1").arg(QLatin1String(alone)));
        }
        if (options.ok() && !fleetShard(config, 0, processes, &why))
            options.fail(QStringLiteral("--processes %1: %2").arg(processes).arg(why));
    }
    if (!options.ok()) {
        err << "wirebench load: " << options.error() << '\n';
        return ExitBadInput;
    }
    if (processes > 1) {
        // The agents get this command line, without --processes, and each its --shard and --hlog.
        const QStringList agentArguments = withoutOption(arguments.mid(1), QStringLiteral("processes"));
        return runLoadAgents(agentArguments, processes, config.connections, json);
    }
    // With --start-at: connect now, send from then on; the duration and warm-up count from then.
    const qint64 nowMs = QDateTime::currentMSecsSinceEpoch();
    const qint64 holdMs = std::max<qint64>(shard.startAtMsSinceEpoch - nowMs, 0);
    if (shard.startAtMsSinceEpoch > 0 && holdMs == 0)
        err << "wirebench load: --start-at was " << QString::number(double(nowMs - shard.startAtMsSinceEpoch) / 1000.0, 'f', 3)
            << " s ago: starting at once\n";
    const qint64 baseMs = nowMs + holdMs; // where the interval log's timestamps count from

    IntervalLogRecorder intervalLog;
    if (parser.isSet(QStringLiteral("hlog"))
        && !intervalLog.open(parser.value(QStringLiteral("hlog")), QDateTime::fromMSecsSinceEpoch(baseMs, Qt::UTC),
                             QStringLiteral("Wirebench %1, load %2:%3, shard %4/%5")
                                 .arg(QCoreApplication::applicationVersion(), config.host)
                                 .arg(config.port)
                                 .arg(shard.index)
                                 .arg(shard.count),
                             &why)) {
        err << "wirebench load: " << why << '\n';
        return ExitRuntimeFailure;
    }

    ResourceLimits::raiseFileDescriptorLimit();
    IoThreadPool pool(threads);
    ClientFleet fleet(pool);
    SignalWatcher watcher;
    ProgressLine progress;
    qint64 leadNs = 0; // set as the fleet starts
    QElapsedTimer sending;
    qint64 sendingNs = -1;
    std::optional<FleetSnapshot> warmupEnd;
    int exitCode = ExitSuccess;

    auto stopSending = [&] {
        if (sendingNs < 0)
            sendingNs = sending.nsecsElapsed();
        fleet.stop();
    };
    QObject::connect(&fleet, &ClientFleet::failed, [&](const QString &message) {
        err << "wirebench load: " << message << '\n';
        err.flush();
        QCoreApplication::exit(ExitBadInput);
    });
    QObject::connect(&fleet, &ClientFleet::connectionsSettled, [&](int opened, int failed) {
        if (opened == 0) {
            progress.finish();
            err << "wirebench load: " << fleet.firstError() << '\n';
            err.flush();
            exitCode = ExitRuntimeFailure;
            stopSending();
        } else if (failed > 0) {
            progress.finish();
            err << "wirebench load: " << failed << " of " << (opened + failed)
                << " connections failed; first: " << fleet.firstError() << '\n';
            err.flush();
        }
    });
    QObject::connect(&fleet, &ClientFleet::budgetSpent, stopSending);
    QObject::connect(&watcher, &SignalWatcher::terminationRequested, stopSending);
    QObject::connect(&fleet, &ClientFleet::snapshotReady, [&](const FleetSnapshot &snapshot) {
        progress.update(fleetProgressText(snapshot));
        if (intervalLog.isOpen()) {
            // Connecting before --start-at and the warm-up are phases of their own that reports leave out.
            const qint64 endNs = snapshot.elapsedNs - leadNs;
            const bool connecting = endNs - snapshot.intervalNs / 2 < 0; // mostly before the start (timers fire a few ms late)
            const bool warming = !connecting && warmup > 0 && !warmupEnd;
            const char *phase = connecting ? "connect" : warming ? "warmup" : holdMs > 0 || warmup > 0 ? "measure" : "";
            intervalLog.add(QStringLiteral("load"), QString::fromLatin1(phase), !connecting && !warming, endNs, snapshot);
        }
        // Without --reconnect a fleet whose every connection has closed can send no more:
        // it stops rather than wait for a budget it cannot spend.
        if (!config.reconnect && sendingNs < 0
            // (a connection the server closed as it said it would is reopened: its new start counts)
            && snapshot.total.connectsStarted >= quint64(config.connections) + snapshot.total.serverCloses
            && snapshot.total.connectionsOpen() == 0 && snapshot.total.closed + snapshot.total.connectFailures > 0
            && fleet.connectSettledNs() >= 0) {
            progress.finish();
            err << "wirebench load: every connection has closed (the server hung up); --reconnect reopens them\n";
            if (!fleet.firstError().isEmpty())
                err << "wirebench load: first: " << fleet.firstError() << '\n';
            err.flush();
            stopSending();
        }
    });
    QObject::connect(&fleet, &ClientFleet::finished, [&] {
        progress.finish();
        if (exitCode == ExitRuntimeFailure) {
            QCoreApplication::exit(exitCode); // the reason is printed; there are no figures
            return;
        }
        FleetSnapshot last = fleet.lastSnapshot();
        const quint64 receivedTotal = last.total.received; // warm-up included
        qint64 measuredNs = std::max<qint64>(sendingNs - leadNs, 0);
        if (warmupEnd) {
            last = last.since(*warmupEnd);
            measuredNs = sendingNs - warmupEnd->elapsedNs;
        }
        QTextStream out(stdout);
        const QString payloadText = !config.messages.isEmpty()
            ? MessageTemplate::list(config.messages).describe()
            : QStringLiteral("%1-byte %2payloads").arg(config.payloadSize).arg(config.randomPayload ? "random " : "");
        // Before any figure: a run whose replies mostly went wrong has no throughput to speak of.
        QStringList warnings = replyWarnings(last.total, config.framing);
        if (last.total.tlsErrorTotal() > 0 && last.total.received == 0) {
            // Nothing answered, and TLS says why: that reason before any guess about the framing.
            warnings.prepend(QStringLiteral("TLS failed: %1").arg(tlsErrorsText(last)));
        }
        if (json) {
            QJsonObject summary = fleetSummaryJson(last, measuredNs);
            summary.insert(QStringLiteral("warnings"), QJsonArray::fromStringList(warnings));
            summary.insert(QStringLiteral("received_total"), double(receivedTotal));
            // From the fleet's start until its last connection had opened or failed (null if the run ended first).
            const qint64 connectNs = fleet.connectSettledNs();
            summary.insert(QStringLiteral("connect_s"),
                           connectNs < 0 ? QJsonValue() : QJsonValue(std::round(double(connectNs) / 1e6) / 1e3));
            out << QJsonDocument(summary).toJson(QJsonDocument::Compact) << '\n';
        } else {
            out << "wirebench load: " << config.host << ':' << config.port << ", " << config.connections
                << (config.connections == 1 ? " connection" : " connections")
                << (shard.count > 1 ? QStringLiteral(" (shard %1/%2)").arg(shard.index).arg(shard.count) : QString()) << ", "
                << framingName(config.framing)
                << (config.replyFraming ? QStringLiteral(" (replies %1)").arg(framingName(*config.replyFraming)) : QString())
                << (config.match ? QStringLiteral(", match %1").arg(replyMatchName(*config.match)) : QString())
                << (config.tls.enabled ? QStringLiteral(" over TLS%1").arg(config.tls.insecure ? QStringLiteral(" (not verified)") : QString())
                                       : QString())
                << (config.hello.isEmpty() ? QString() : QStringLiteral(", %1 hello").arg(config.hello.size()))
                << ", " << payloadText << ", "
                << (config.schedule == FleetConfig::Schedule::ClosedLoop
                        ? QStringLiteral("window %1").arg(config.window)
                        : QStringLiteral("%1/s%2").arg(config.rate).arg(config.poisson ? QStringLiteral(" Poisson") : QString()))
                << '\n';
            for (const QString &warning : warnings)
                out << "  warning: " << warning << '\n';
            out << fleetSummaryText(last, measuredNs);
        }
        out.flush();
        if (!intervalLog.error().isEmpty()) {
            err << "wirebench load: " << intervalLog.error() << '\n';
            exitCode = ExitRuntimeFailure;
        }
        QCoreApplication::exit(exitCode);
    });

    sending.start();
    fleet.start(config);
    // From the fleet's clock to the log's base: the hold, to the millisecond the fleet began.
    leadNs = (baseMs - fleet.startedMsSinceEpoch()) * 1'000'000;
    const qint64 leadMs = std::max<qint64>(leadNs / 1'000'000, 0); // the warm-up and the duration count from the start instant
    if (warmup > 0) {
        // The summary counts from the first snapshot after the warm-up.
        QTimer::singleShot(leadMs + qint64(warmup * 1000.0), &fleet, [&] {
            QObject::connect(&fleet, &ClientFleet::snapshotReady, &fleet, [&](const FleetSnapshot &snapshot) {
                if (!warmupEnd)
                    warmupEnd = snapshot;
            });
        });
    }
    if (duration > 0)
        QTimer::singleShot(leadMs + qint64((warmup + duration) * 1000.0), &fleet, stopSending);
    return QCoreApplication::exec();
}
