// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "scenario/reportwriter.h"

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QList>
#include <QTextStream>

/** --report, --summary, --hgrm and --json: the reports `wirebench run` and `wirebench merge` write. */
QList<QCommandLineOption> runReportOptions();

/**
 * Writes the reports the command line asked for (relative paths go into
 * `outputDirectory`), saying each on `err`; a report that cannot be written joins
 * result.reportErrors (the exit code then says so).
 */
void writeRunReports(const QCommandLineParser &parser, const NetCore::RunRecord &record, NetCore::ScenarioResult &result,
                     const NetCore::ReportWriter::RunInfo &info, const QString &outputDirectory, const QString &command,
                     QTextStream &err);

/** Per fleet, its warnings, then one line: sent, received, errors, timeouts, replies/s, p50, p99. */
void printFleetTotals(QTextStream &out, const NetCore::RunRecord &record, const NetCore::ScenarioResult &result);

/**
 * The end of a run, as `wirebench run` says it: each failed check, the runtime
 * failure and unwritten reports, then one line of checks and time. Returns the exit code.
 */
int printRunOutcome(QTextStream &out, QTextStream &err, const NetCore::ScenarioResult &result);
