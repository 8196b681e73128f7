// SPDX-License-Identifier: GPL-3.0-or-later
#include "runcommand.h"

#include "exitcodes.h"
#include "optionreader.h"
#include "progressline.h"
#include "runreports.h"
#include "shardoptions.h"
#include "signalwatcher.h"

#include "fleet/fleetshard.h"
#include "fleet/fleetsummary.h"
#include "io/resourcelimits.h"
#include "scenario/reportwriter.h"
#include "scenario/scenariorunner.h"
#include "scenario/sessionengine.h"
#include "session/sessionfile.h"
#include "storage/relativepath.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QTextStream>

using namespace NetCore;

namespace {

QString progressText(const ScenarioRunner::Progress &p)
{
    return QStringLiteral("step %1/%2 %3  %4/%5 s  %6/s  p50 %7  p99 %8  errors %9")
        .arg(std::min(p.step + 1, p.stepCount))
        .arg(p.stepCount)
        .arg(p.description)
        .arg(QString::number(double(p.elapsedNs) / 1e9, 'f', 1), QString::number(double(p.expectedTotalNs) / 1e9, 'f', 1))
        .arg(QString::number(p.throughputPerSecond, 'f', 0))
        .arg(formatDuration(p.p50Ns), formatDuration(p.p99Ns))
        .arg(p.errors);
}

} // namespace

int runRunCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Runs a session's scenario without a window. Exit code 0 when every check passed, 1 when a check failed, "
        "2 for a bad file or flags, 3 for a runtime failure (could not bind, connect or write a report)."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("run"), QStringLiteral("The command."));
    parser.addPositionalArgument(QStringLiteral("SESSION.json"), QStringLiteral("The session file."));
    parser.addOptions(runReportOptions());
    parser.addOptions(shardOptions());
    parser.addOptions({
        {QStringLiteral("hlog"), QStringLiteral("Write HdrHistogram's interval log as the run goes (wirebench merge reads it)."),
         QStringLiteral("FILE.hlog")},
        {QStringLiteral("output-dir"),
         QStringLiteral("Write reports here: the session's report steps and the files above, when their paths are relative "
                        "(default: the working folder; made if missing)."),
         QStringLiteral("DIR")},
        {QStringLiteral("duration-scale"), QStringLiteral("Multiply every hold (and divide every ramp) by X; 0.1 is ten times shorter."), QStringLiteral("X")},
    });
    QTextStream err(stderr);
    if (!parser.parse(arguments)) {
        err << "wirebench run: " << parser.errorText() << '\n';
        return ExitBadInput;
    }
    if (parser.isSet(QStringLiteral("help")))
        parser.showHelp(ExitSuccess);
    OptionReader options(parser);
    ScenarioRunner::Options runOptions;
    runOptions.durationScale = options.number(QStringLiteral("duration-scale"), 0.0001, 1000, 1.0);
    runOptions.outputDirectory = parser.value(QStringLiteral("output-dir"));
    runOptions.intervalLogPath = parser.value(QStringLiteral("hlog"));
    const ShardSettings shard = readShardOptions(parser, options);
    runOptions.startAtMsSinceEpoch = shard.startAtMsSinceEpoch;
    const QStringList files = parser.positionalArguments().mid(1);
    if (files.size() != 1)
        options.fail(QStringLiteral("expected one session file, got %1").arg(files.size()));
    if (!options.ok()) {
        err << "wirebench run: " << options.error() << '\n';
        return ExitBadInput;
    }
    QStringList errors;
    auto session = SessionFile::load(files.first(), &errors);
    if (!session) {
        for (const QString &error : std::as_const(errors))
            err << error << '\n';
        return ExitBadInput;
    }
    runOptions.sessionFile = files.first();
    for (FleetDefinition &fleet : session->fleets) {
        if (shard.count > 1) {
            QString why;
            const std::optional<FleetConfig> part = fleetShard(fleet.config, shard.index, shard.count, &why);
            if (!part) {
                err << "wirebench run: fleet " << fleet.name << ", --shard " << shard.index << '/' << shard.count << ": " << why << '\n';
                return ExitBadInput;
            }
            fleet.config = *part;
        }
        // Fleets the opening steps start connect at once and send from the start instant.
        fleet.config.startAtMsSinceEpoch = shard.startAtMsSinceEpoch;
    }
    if (!runOptions.outputDirectory.isEmpty() && !QDir().mkpath(runOptions.outputDirectory)) {
        err << "wirebench run: cannot make the output folder " << runOptions.outputDirectory << '\n';
        return ExitRuntimeFailure;
    }

    ResourceLimits::raiseFileDescriptorLimit();
    SessionEngine engine;
    engine.setSession(*session);
    ScenarioRunner runner(engine, runOptions);
    ProgressLine progress;
    SignalWatcher watcher;
    QTextStream out(stdout);
    int exitCode = ExitSuccess;

    QObject::connect(&runner, &ScenarioRunner::progress, [&](const ScenarioRunner::Progress &p) { progress.update(progressText(p)); });
    QObject::connect(&runner, &ScenarioRunner::notice, [&](const QString &text) {
        progress.finish();
        err << "wirebench run: " << text << '\n';
        err.flush();
    });
    QObject::connect(&runner, &ScenarioRunner::checkEvaluated, [&](const CheckResult &check) {
        progress.finish();
        out << "check " << check.describe() << '\n';
        out.flush();
    });
    QObject::connect(&watcher, &SignalWatcher::terminationRequested, &runner, &ScenarioRunner::cancel);
    QObject::connect(&runner, &ScenarioRunner::finished, [&](const ScenarioResult &finalResult) {
        progress.finish();
        ScenarioResult result = finalResult;
        // The reports named on the command line, at the very end; a failure to write
        // one is an error of its own, and the result is printed all the same.
        const ReportWriter::RunInfo info{runOptions.sessionFile, QCoreApplication::applicationVersion()};
        writeRunReports(parser, runner.record(), result, info, runOptions.outputDirectory, QStringLiteral("run"), err);
        printFleetTotals(out, runner.record(), result);
        int failedChecks = 0;
        for (const CheckResult &check : std::as_const(result.checks))
            failedChecks += check.passed ? 0 : 1;
        for (const CheckResult &check : std::as_const(result.checks)) {
            if (!check.passed)
                out << "FAILED: " << check.describe() << '\n';
        }
        out.flush();
        if (!result.failure.isEmpty())
            err << "wirebench run: " << result.failure << '\n';
        for (const QString &reportError : std::as_const(result.reportErrors))
            err << "wirebench run: " << reportError << '\n';
        if (result.cancelled)
            err << "wirebench run: cancelled\n";
        err << "wirebench run: " << result.checks.size() << " checks, " << failedChecks << " failed; "
            << (result.completed ? "completed" : "did not complete") << " in "
            << QString::number(double(result.elapsedNs) / 1e9, 'f', 1) << " s\n";
        err.flush();
        exitCode = result.exitCode();
        QCoreApplication::exit(exitCode);
    });
    runner.start();
    QCoreApplication::exec();
    return exitCode;
}
