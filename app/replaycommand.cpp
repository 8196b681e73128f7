// SPDX-License-Identifier: GPL-3.0-or-later
#include "replaycommand.h"

#include "exitcodes.h"
#include "optionreader.h"
#include "signalwatcher.h"

#include "capture/capturefile.h"
#include "io/hostaddress.h"
#include "fleet/fleetsummary.h"
#include "metrics/latencysummary.h"
#include "replay/capturereplayer.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QJsonDocument>
#include <QTextStream>

using namespace NetCore;

int runReplayCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Plays a capture (wirebench proxy --record) from many clients: each connection plays one recorded "
                       "conversation's client side, and where the replies differ from the recording is reported.\n"
                       "Exit status 0: no difference; 1: differences; 2: bad options; 3: the replay could not run."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("load"), QStringLiteral("The command."));
    parser.addOptions({
        {QStringLiteral("replay"), QStringLiteral("The capture to play (docs/capture-format.md)."), QStringLiteral("FILE")},
        {QStringLiteral("target"), QStringLiteral("The server to play it to (default: the capture's upstream)."), QStringLiteral("HOST:PORT")},
        {QStringLiteral("connections"), QStringLiteral("Connections, each playing one recorded conversation in turn (default 1)."),
         QStringLiteral("N")},
        {QStringLiteral("replay-speed"),
         QStringLiteral("Send at the recorded times divided by this (2: twice as fast) instead of each request once the "
                        "previous reply arrived."),
         QStringLiteral("X")},
        {QStringLiteral("timeout"), QStringLiteral("A reply not whole within this is a difference (default 5000)."), QStringLiteral("MS")},
        {QStringLiteral("json"), QStringLiteral("Print the result as JSON.")},
    });
    QTextStream err(stderr);
    QTextStream out(stdout);
    if (!parser.parse(arguments)) {
        err << "wirebench load: " << parser.errorText() << '\n';
        return ExitBadInput;
    }
    if (parser.isSet(QStringLiteral("help")))
        parser.showHelp(ExitSuccess);
    QString why;
    const auto capture = CaptureFile::load(parser.value(QStringLiteral("replay")), &why);
    if (!capture) {
        err << "wirebench load: --replay " << why << '\n';
        return ExitBadInput;
    }
    OptionReader options(parser);
    ReplayConfig config;
    if (parser.isSet(QStringLiteral("target"))) {
        options.target(QStringLiteral("target"), &config.host, &config.port);
    } else if (const auto split = splitHostPort(capture->upstream)) {
        config.host = split->host;
        config.port = split->port;
    } else {
        options.fail(QStringLiteral("--target HOST:PORT is needed: the capture names no upstream"));
    }
    config.connections = int(options.integer(QStringLiteral("connections"), 1, 100'000, 1));
    config.speed = options.number(QStringLiteral("replay-speed"), 0.001, 1e6, 0.0);
    config.replyTimeoutMs = int(options.integer(QStringLiteral("timeout"), 1, 3'600'000, config.replyTimeoutMs));
    if (!options.ok()) {
        err << "wirebench load: " << options.error() << '\n';
        return ExitBadInput;
    }
    CaptureReplayer replayer(*capture, config);
    if (!replayer.start(&why)) {
        err << "wirebench load: " << why << '\n';
        return ExitBadInput;
    }
    SignalWatcher watcher;
    QObject::connect(&watcher, &SignalWatcher::terminationRequested, &replayer, &CaptureReplayer::stop);
    QObject::connect(&replayer, &CaptureReplayer::finished, &replayer, [] { QCoreApplication::exit(0); });
    QCoreApplication::exec();
    const ReplayResult &result = replayer.result();
    if (parser.isSet(QStringLiteral("json"))) {
        out << QJsonDocument(result.toJson()).toJson(QJsonDocument::Compact) << '\n';
    } else {
        const LatencySummary latency = LatencySummary::of(result.latency);
        out << "replayed " << capture->conversations.size() << " recorded conversations from " << config.connections
            << " connections to " << config.host << ':' << config.port << " in " << QString::number(double(result.elapsedNs) / 1e9, 'f', 2)
            << " s\n"
            << "requests " << result.requests << ", replies compared " << result.replies << ", differences " << result.differences << '\n';
        if (result.latency.totalCount() > 0)
            out << "reply latency p50 " << formatDuration(latency.p50) << " p99 " << formatDuration(latency.p99) << " max "
                << formatDuration(latency.max) << '\n';
        for (const QString &difference : result.firstDifferences)
            out << "  " << difference << '\n';
        if (result.differences > quint64(result.firstDifferences.size()))
            out << "  ... and " << (result.differences - quint64(result.firstDifferences.size())) << " more\n";
        if (result.connectionsFailed > 0)
            out << "connections failed: " << result.connectionsFailed << " (first: " << result.firstError << ")\n";
    }
    if (result.connectionsFailed > 0 && result.replies == 0)
        return ExitRuntimeFailure;
    return result.differences > 0 || result.connectionsFailed > 0 ? ExitCheckFailed : ExitSuccess;
}
