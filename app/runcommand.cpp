// SPDX-License-Identifier: GPL-3.0-or-later
#include "runcommand.h"

#include "exitcodes.h"
#include "optionreader.h"
#include "progressline.h"
#include "runagents.h"
#include "runreports.h"
#include "shardoptions.h"
#include "signalwatcher.h"

#include "agents/agentprocesses.h"
#include "fleet/fleetsummary.h"
#include "io/resourcelimits.h"
#include "scenario/reportwriter.h"
#include "scenario/scenariorunner.h"
#include "scenario/sessionengine.h"
#include "session/sessionfile.h"
#include "session/sessionshard.h"
#include "storage/relativepath.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QSocketNotifier>
#include <QTextStream>

#include <unistd.h>

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
        {QStringLiteral("processes"),
         QStringLiteral("Run the session in N agent processes, each with its share of every fleet and the servers on shared "
                        "ports (SO_REUSEPORT); their figures are merged exactly and judged as one run."),
         QStringLiteral("N")},
    });
    QCommandLineOption agentOption(QStringLiteral("agent"), QStringLiteral("An agent of --processes (its parent judges the checks)."));
    agentOption.setFlags(QCommandLineOption::HiddenFromHelp);
    parser.addOption(agentOption);
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
    const int processes = int(options.integer(QStringLiteral("processes"), 1, 1024, 1));
    const bool agent = parser.isSet(agentOption);
    if (processes > 1) {
        for (const char *alone : {"shard", "shard-count", "hlog"}) {
            if (parser.isSet(QLatin1String(alone)))
                options.fail(QStringLiteral("--processes makes its own shards and logs: not with --%1").arg(QLatin1String(alone)));
        }
    }
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
    if (!runOptions.outputDirectory.isEmpty() && !QDir().mkpath(runOptions.outputDirectory)) {
        err << "wirebench run: cannot make the output folder " << runOptions.outputDirectory << '\n';
        return ExitRuntimeFailure;
    }
    if (processes > 1) {
        QString why;
        if (!sessionShard(*session, 0, processes, &why)) {
            err << "wirebench run: --processes " << processes << ": " << why << '\n';
            return ExitBadInput;
        }
        for (const ServerDefinition &server : std::as_const(session->servers)) {
            if (server.config.tls.enabled && server.config.tls.selfSigned()) {
                err << "wirebench run: server " << server.name << ": --processes with a made-up TLS certificate: each process "
                    << "would make its own; give the server a certificate file\n";
                return ExitBadInput;
            }
        }
        if (session->fleets.isEmpty()) {
            err << "wirebench run: --processes shares out a session's fleets, and this one has none\n";
            return ExitBadInput;
        }
        RunAgentsPlan plan;
        // The agents: this command line without --processes and what the parent writes itself.
        plan.arguments = arguments.mid(1);
        for (const char *parentOnly : {"processes", "output-dir", "report", "summary", "hgrm", "json"})
            plan.arguments = withoutOption(plan.arguments, QLatin1String(parentOnly));
        plan.processes = processes;
        plan.session = *session;
        plan.sessionFile = files.first();
        plan.outputDirectory = runOptions.outputDirectory;
        return runRunAgents(parser, plan);
    }
    if (agent) {
        // The other agents serve the same ports: the kernel shares their connections out.
        // Each serves its servers itself: the run's processes already spread them.
        for (ServerDefinition &server : session->servers) {
            server.config.sharePort = true;
            server.processes = 1;
        }
        // The parent writes the reports from the merged run (a part's own would land on its
        // paths first, and stay there if the merge failed).
        session->scenario.removeIf([](const ScenarioStep &step) { return step.kind == ScenarioStep::Kind::Report; });
    }
    if (shard.count > 1) {
        QString why;
        std::optional<Session> part = sessionShard(*session, shard.index, shard.count, &why);
        if (!part) {
            err << "wirebench run: --shard " << shard.index << '/' << shard.count << ": " << why << '\n';
            return ExitBadInput;
        }
        session = std::move(part);
    }
    // Fleets the opening steps start connect at once and send from the start instant.
    for (FleetDefinition &fleet : session->fleets)
        fleet.config.startAtMsSinceEpoch = shard.startAtMsSinceEpoch;

    ResourceLimits::raiseFileDescriptorLimit();
    SessionEngine engine;
    engine.setSession(*session);
    ScenarioRunner runner(engine, runOptions);
    ProgressLine progress;
    SignalWatcher watcher;
    QTextStream out(stdout);
    int exitCode = ExitSuccess;

    QSocketNotifier parentSays(STDIN_FILENO, QSocketNotifier::Read);
    parentSays.setEnabled(agent);
    if (agent) {
        // Other agents' fleets may be talking to this agent's servers (shared ports): they
        // stop when the parent says every agent's fleets have stopped, or when it is gone.
        engine.holdServersAtStop(true);
        QObject::connect(&engine, &SessionEngine::serversHeld, [&] {
            out << AgentProcesses::FleetsStoppedLine << '\n';
            out.flush();
        });
        QObject::connect(&parentSays, &QSocketNotifier::activated, [&] {
            char buffer[256];
            const ssize_t n = ::read(STDIN_FILENO, buffer, sizeof buffer);
            if (n <= 0 || QByteArray(buffer, int(n)).contains(AgentProcesses::ReleaseServersLine)) {
                parentSays.setEnabled(false);
                engine.holdServersAtStop(false);
            }
        });
    }
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
        exitCode = printRunOutcome(out, err, result);
        // An agent of --processes: its parent judges the checks on the merged figures,
        // and a stop it asked for (SIGTERM) ends a whole part whose log merges.
        const bool stoppedByParent = result.cancelled && result.failure.isEmpty() && result.reportErrors.isEmpty();
        if (agent && (exitCode == ExitCheckFailed || stoppedByParent))
            exitCode = ExitSuccess;
        QCoreApplication::exit(exitCode);
    });
    runner.start();
    QCoreApplication::exec();
    return exitCode;
}
