// SPDX-License-Identifier: GPL-3.0-or-later
#include "mergecommand.h"

#include "exitcodes.h"
#include "runreports.h"

#include "scenario/intervallogmerge.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QTextStream>

using namespace NetCore;

int runMergeCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Merges HdrHistogram interval logs (--hlog of wirebench load or run; the shards of one run) interval by "
        "interval into the reports of one run: histograms are added bucket by bucket, counters summed, percentiles "
        "computed from the merged histograms. Exit code 0 when merged, 2 when a log does not read, 3 when a report "
        "cannot be written."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("merge"), QStringLiteral("The command."));
    parser.addPositionalArgument(QStringLiteral("LOG.hlog"), QStringLiteral("Interval logs, one per shard."), QStringLiteral("LOG.hlog..."));
    parser.addOptions(runReportOptions());
    QTextStream err(stderr);
    QTextStream out(stdout);
    if (!parser.parse(arguments)) {
        err << "wirebench merge: " << parser.errorText() << '\n';
        return ExitBadInput;
    }
    if (parser.isSet(QStringLiteral("help")))
        parser.showHelp(ExitSuccess);
    const QStringList files = parser.positionalArguments().mid(1);
    if (files.isEmpty()) {
        err << "wirebench merge: no interval logs given\n";
        return ExitBadInput;
    }

    // Every log is read before anything is written: a bad shard leaves no report that looks whole.
    QString error;
    const std::optional<IntervalLogMerge> merge = IntervalLogMerge::fromFiles(files, &error);
    if (!merge) {
        err << "wirebench merge: " << error << '\n';
        return ExitBadInput;
    }
    const RunRecord record = merge->record();
    ScenarioResult result;
    result.startedUtc = merge->start();
    result.completed = true;
    for (const RunRecord::Row &row : record.rows())
        result.elapsedNs = std::max(result.elapsedNs, row.elapsedNs);
    const ReportWriter::RunInfo info{files.join(QLatin1Char(' ')), QCoreApplication::applicationVersion()};
    writeRunReports(parser, record, result, info, QString(), QStringLiteral("merge"), err);
    out << "wirebench merge: " << files.size() << (files.size() == 1 ? " log, " : " logs, ") << record.fleets().size()
        << (record.fleets().size() == 1 ? " fleet, " : " fleets, ") << record.rows().size() << " intervals, from "
        << result.startedUtc.toString(Qt::ISODateWithMs) << '\n';
    printFleetTotals(out, record, result);
    for (const QString &reportError : std::as_const(result.reportErrors))
        err << "wirebench merge: " << reportError << '\n';
    return result.reportErrors.isEmpty() ? ExitSuccess : ExitRuntimeFailure;
}
