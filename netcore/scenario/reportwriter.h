// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "scenario/runrecord.h"
#include "scenario/scenarioresult.h"

#include <QString>

namespace NetCore {

/**
 * Writes a run's reports, each atomically (writeFileAtomically): a file is whole or not there.
 *
 * CSV files are plain RFC 4180: a header row, then data; '.' as the decimal
 * separator whatever the locale; text quoted when it needs it. They carry no comment
 * lines (many CSV readers choke on them): the run's start time, session file and
 * Wirebench version are in the JSON summary.
 */
class ReportWriter
{
public:
    struct RunInfo {
        QString sessionFile;
        QString version;
    };

    /** One row per snapshot interval and fleet. */
    static bool writeTimeSeries(const RunRecord &record, const QString &path, QString *error);
    /** One row per fleet and phase, then one per fleet for the whole run (phase "all"). */
    static bool writeSummary(const RunRecord &record, const QString &path, QString *error);
    /**
     * The full percentile distribution (HdrHistogram's .hgrm layout, microseconds):
     * `path` for the first fleet's whole run, and beside it STEM-FLEET.hgrm and
     * STEM-FLEET-PHASE.hgrm for every fleet and reported phase.
     */
    static bool writeHgrm(const RunRecord &record, const QString &path, QString *error, QStringList *written = nullptr);
    static bool writeJson(const RunRecord &record, const ScenarioResult &result, const RunInfo &info,
                          const QString &path, QString *error);

    /** The summary CSV's header, for readers and tests. */
    static QStringList summaryColumns();
    static QStringList timeSeriesColumns();
    /** RFC 4180: quoted when it holds a comma, a quote or a line break. */
    static QString csvField(const QString &text);
};

} // namespace NetCore
