// SPDX-License-Identifier: GPL-3.0-or-later
#include "runreports.h"

#include "fleet/fleetsummary.h"
#include "storage/relativepath.h"

using namespace NetCore;

QList<QCommandLineOption> runReportOptions()
{
    return {
        {QStringLiteral("report"), QStringLiteral("Write the time series (one row per interval and fleet) as CSV."), QStringLiteral("FILE.csv")},
        {QStringLiteral("summary"), QStringLiteral("Write the summary (one row per fleet and phase) as CSV."), QStringLiteral("FILE.csv")},
        {QStringLiteral("hgrm"), QStringLiteral("Write the percentile distributions (.hgrm; one per fleet and phase beside it)."), QStringLiteral("FILE.hgrm")},
        {QStringLiteral("json"), QStringLiteral("Write the result and per-phase figures as JSON."), QStringLiteral("FILE.json")},
    };
}

void writeRunReports(const QCommandLineParser &parser, const RunRecord &record, ScenarioResult &result,
                     const ReportWriter::RunInfo &info, const QString &outputDirectory, const QString &command,
                     QTextStream &err)
{
    QString error;
    auto write = [&](const char *flag, auto writer) {
        const QString path = resolveRelativePath(parser.value(QLatin1String(flag)), outputDirectory);
        if (path.isEmpty())
            return;
        if (writer(path))
            err << "wirebench " << command << ": report written: " << path << '\n';
        else
            result.reportErrors << error;
    };
    write("report", [&](const QString &path) { return ReportWriter::writeTimeSeries(record, path, &error); });
    write("summary", [&](const QString &path) { return ReportWriter::writeSummary(record, path, &error); });
    write("hgrm", [&](const QString &path) { return ReportWriter::writeHgrm(record, path, &error); });
    write("json", [&](const QString &path) { return ReportWriter::writeJson(record, result, info, path, &error); });
    err.flush();
}

void printFleetTotals(QTextStream &out, const RunRecord &record, const ScenarioResult &result)
{
    for (const QString &fleet : record.fleets()) {
        for (const QString &warning : result.warnings.value(fleet))
            out << "fleet " << fleet << ": warning: " << warning << '\n';
        const PhaseRecord all = record.aggregate(fleet);
        out << "fleet " << fleet << ": sent " << all.counters.sent << ", received " << all.counters.received
            << ", errors " << all.counters.errorTotal() << ", timeouts " << all.counters.timeouts << ", "
            << QString::number(all.throughputPerSecond(), 'f', 1) << " replies/s, p50 "
            << formatDuration(all.corrected.valueAtPercentile(50)) << ", p99 "
            << formatDuration(all.corrected.valueAtPercentile(99)) << '\n';
    }
    for (const auto &[name, replay] : record.replays()) {
        // Where replies differed from the recording: the first few in words.
        out << "fleet " << name << ": replayed " << replay.requests << " requests, " << replay.replies << " replies compared, "
            << replay.differences << " differ from the recording";
        if (replay.connectionsFailed > 0)
            out << "; " << replay.connectionsFailed << " connections failed, first: " << replay.firstError;
        out << '\n';
        for (const QString &difference : replay.firstDifferences.mid(0, 3))
            out << "  " << difference << '\n';
    }
    for (const auto &[name, proxy] : record.proxies()) {
        out << "proxy " << name << ": " << proxy.counters.connectionsAccepted << " connections, " << proxy.counters.bytesUpstream
            << " bytes to the server, " << proxy.counters.bytesDownstream << " to clients";
        if (proxy.times && proxy.times->serverTime.totalCount() > 0) {
            // The server's own time beside what the clients saw: what the faults injected.
            auto p = [](const LatencyHistogram &h, double percentile) { return formatDuration(h.valueAtPercentile(percentile)); };
            out << "; " << proxy.counters.repliesTimed << " requests timed: the server p50 " << p(proxy.times->serverTime, 50)
                << " p99 " << p(proxy.times->serverTime, 99) << ", clients saw p50 " << p(proxy.times->clientSeen, 50) << " p99 "
                << p(proxy.times->clientSeen, 99) << ", injected p50 " << p(proxy.times->injected, 50);
        }
        out << '\n';
    }
    out.flush();
}

int printRunOutcome(QTextStream &out, QTextStream &err, const ScenarioResult &result)
{
    int failedChecks = 0;
    for (const CheckResult &check : result.checks) {
        if (!check.passed) {
            ++failedChecks;
            out << "FAILED: " << check.describe() << '\n';
        }
    }
    out.flush();
    if (!result.failure.isEmpty())
        err << "wirebench run: " << result.failure << '\n';
    for (const QString &reportError : result.reportErrors)
        err << "wirebench run: " << reportError << '\n';
    if (result.cancelled)
        err << "wirebench run: cancelled\n";
    err << "wirebench run: " << result.checks.size() << " checks, " << failedChecks << " failed; "
        << (result.completed ? "completed" : "did not complete") << " in "
        << QString::number(double(result.elapsedNs) / 1e9, 'f', 1) << " s\n";
    err.flush();
    return result.exitCode();
}
