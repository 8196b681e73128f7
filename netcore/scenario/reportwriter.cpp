// SPDX-License-Identifier: GPL-3.0-or-later
#include "scenario/reportwriter.h"

#include "codec/frameerror.h"
#include "metrics/hgrmformat.h"
#include "storage/atomicfile.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace NetCore {

namespace {

QString number(double value)
{
    // QString::number never uses the user's locale: '.' always.
    return QString::number(value, 'f', 3);
}

QString micros(qint64 ns)
{
    return number(double(ns) / 1e3);
}

// Error kinds as summary columns: errors_bad_magic, errors_bad_checksum, ...
QStringList errorColumns()
{
    QStringList columns;
    for (int code = 1; code < FleetCounters::ErrorKinds; ++code) {
        const QByteArrayView name = frameErrorCode(FrameError(code));
        columns << QStringLiteral("errors_") + QString::fromLatin1(name.toByteArray()).replace(QLatin1Char('-'), QLatin1Char('_'));
    }
    return columns;
}

QString line(const QStringList &fields)
{
    return fields.join(QLatin1Char(',')) + QStringLiteral("\r\n");
}

/** count, p50, p99, max of one kind of timing; the three empty when there was none. */
void appendCountAndPercentiles(QStringList &fields, const LatencyHistogram &h)
{
    const bool any = h.totalCount() > 0;
    fields << QString::number(h.totalCount()) << (any ? micros(h.valueAtPercentile(50)) : QString())
           << (any ? micros(h.valueAtPercentile(99)) : QString()) << (any ? micros(h.max()) : QString());
}

QStringList summaryFields(const QString &fleet, const QString &phase, bool reported, const PhaseRecord &r)
{
    const LatencyHistogram &h = r.corrected;
    QStringList fields{ReportWriter::csvField(fleet), ReportWriter::csvField(phase), reported ? "yes" : "no",
                       number(double(r.durationNs) / 1e9), QString::number(r.counters.sent),
                       QString::number(r.counters.received), QString::number(h.totalCount()),
                       number(h.mean() / 1e3), number(h.stddev() / 1e3), micros(h.min()),
                       micros(h.valueAtPercentile(50)), micros(h.valueAtPercentile(90)),
                       micros(h.valueAtPercentile(99)), micros(h.valueAtPercentile(99.9)),
                       micros(h.valueAtPercentile(99.99)), micros(h.max()),
                       micros(r.uncorrected.valueAtPercentile(50)), micros(r.uncorrected.valueAtPercentile(99)),
                       number(r.throughputPerSecond()), QString::number(r.counters.timeouts),
                       QString::number(r.counters.errorTotal()), QString::number(r.counters.errorFrames),
                       QString::number(r.counters.lost), QString::number(r.counters.unmatched),
                       QString::number(r.counters.connectFailures), QString::number(r.counters.disconnects)};
    for (int code = 1; code < FleetCounters::ErrorKinds; ++code)
        fields << QString::number(r.counters.decodeErrors[size_t(code)]);
    // Opening exchanges (hello), when the fleet has one; empty otherwise.
    appendCountAndPercentiles(fields, r.hello);
    fields << QString::number(r.counters.serverErrors) << QString::number(r.counters.serverCloses)
           << QString::number(r.counters.status2xx) << QString::number(r.counters.status3xx)
           << QString::number(r.counters.status4xx) << QString::number(r.counters.status5xx);
    // TCP connects and TLS handshakes apart (as curl's time_connect and time_appconnect).
    appendCountAndPercentiles(fields, r.connect);
    appendCountAndPercentiles(fields, r.handshake);
    fields << QString::number(r.counters.tlsFull) << QString::number(r.counters.tlsResumed)
           << QString::number(r.counters.tlsErrorTotal());
    return fields;
}

QString fileSafe(QString name)
{
    for (QChar &c : name) {
        if (!c.isLetterOrNumber() && c != QLatin1Char('-') && c != QLatin1Char('_') && c != QLatin1Char('.'))
            c = QLatin1Char('_');
    }
    return name;
}

} // namespace

QString ReportWriter::csvField(const QString &text)
{
    if (!text.contains(QLatin1Char(',')) && !text.contains(QLatin1Char('"')) && !text.contains(QLatin1Char('\n'))
        && !text.contains(QLatin1Char('\r')))
        return text;
    QString quoted = text;
    quoted.replace(QLatin1String("\""), QLatin1String("\"\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}

QStringList ReportWriter::timeSeriesColumns()
{
    return {"elapsed_s", "phase", "fleet", "interval_s", "sent", "received", "errors", "timeouts",
            "active_connections", "throughput_per_s", "p50_us", "p90_us", "p99_us", "p999_us", "max_us",
            "p50_raw_us", "p99_raw_us"};
}

QStringList ReportWriter::summaryColumns()
{
    return QStringList{"fleet", "phase", "reported", "duration_s", "sent", "received", "count", "mean_us",
                       "stddev_us", "min_us", "p50_us", "p90_us", "p99_us", "p999_us", "p9999_us", "max_us",
                       "p50_raw_us", "p99_raw_us", "throughput_per_s", "timeouts", "errors", "error_frames",
                       "lost", "unmatched", "connect_failures", "disconnects"}
        + errorColumns() + QStringList{"hello_count", "hello_p50_us", "hello_p99_us", "hello_max_us", "server_errors",
                                         "server_closes", "status_2xx", "status_3xx", "status_4xx", "status_5xx",
                                         "connect_count", "connect_p50_us", "connect_p99_us", "connect_max_us",
                                         "handshake_count", "handshake_p50_us", "handshake_p99_us", "handshake_max_us",
                                         "tls_full_handshakes", "tls_resumed_handshakes", "tls_errors"};
}

bool ReportWriter::writeTimeSeries(const RunRecord &record, const QString &path, QString *error)
{
    QString text = line(timeSeriesColumns());
    for (const RunRecord::Row &row : record.rows()) {
        const double seconds = double(row.intervalNs) / 1e9;
        text += line({number(double(row.elapsedNs) / 1e9), csvField(row.phase), csvField(row.fleet), number(seconds),
                      QString::number(row.interval.sent), QString::number(row.interval.received),
                      QString::number(row.interval.errorTotal()), QString::number(row.interval.timeouts),
                      QString::number(row.activeConnections),
                      number(seconds > 0 ? double(row.interval.received) / seconds : 0.0), micros(row.corrected.p50),
                      micros(row.corrected.p90), micros(row.corrected.p99), micros(row.corrected.p999),
                      micros(row.corrected.max), micros(row.uncorrected.p50), micros(row.uncorrected.p99)});
    }
    return writeFileAtomically(path, text.toUtf8(), error);
}

bool ReportWriter::writeSummary(const RunRecord &record, const QString &path, QString *error)
{
    QString text = line(summaryColumns());
    for (const QString &fleet : record.fleets()) {
        QStringList done;
        for (const RunRecord::PhaseInfo &phase : record.phases()) {
            if (done.contains(phase.name))
                continue;
            done << phase.name;
            text += line(summaryFields(fleet, phase.name, phase.reported, record.aggregate(fleet, phase.name)));
        }
        text += line(summaryFields(fleet, QStringLiteral("all"), true, record.aggregate(fleet)));
    }
    return writeFileAtomically(path, text.toUtf8(), error);
}

bool ReportWriter::writeHgrm(const RunRecord &record, const QString &path, QString *error, QStringList *written)
{
    const QStringList fleets = record.fleets();
    if (fleets.isEmpty()) {
        if (error)
            *error = QStringLiteral("cannot write %1: no fleet has measured anything").arg(path);
        return false;
    }
    const QFileInfo info(path);
    const QString stem = info.path() + QLatin1Char('/') + info.completeBaseName();
    QList<std::pair<QString, PhaseRecord>> files{{path, record.aggregate(fleets.first())}};
    for (const QString &fleet : fleets) {
        files.append({stem + QLatin1Char('-') + fileSafe(fleet) + QStringLiteral(".hgrm"), record.aggregate(fleet)});
        QStringList done;
        for (const RunRecord::PhaseInfo &phase : record.phases()) {
            if (!phase.reported || done.contains(phase.name))
                continue;
            done << phase.name;
            files.append({stem + QLatin1Char('-') + fileSafe(fleet) + QLatin1Char('-') + fileSafe(phase.name)
                              + QStringLiteral(".hgrm"),
                          record.aggregate(fleet, phase.name)});
        }
    }
    for (const auto &[file, phaseRecord] : files) {
        if (!writeFileAtomically(file, formatHgrm(phaseRecord.corrected), error))
            return false;
        if (written)
            written->append(file);
    }
    return true;
}

bool ReportWriter::writeJson(const RunRecord &record, const ScenarioResult &result, const RunInfo &info,
                             const QString &path, QString *error)
{
    QJsonArray checks;
    for (const CheckResult &check : result.checks) {
        checks.append(QJsonObject{{"step", check.step}, {"fleet", check.fleet}, {"phase", check.phase},
                                  {"metric", check.metric}, {"op", check.op}, {"bound", check.bound},
                                  {"measured", check.measured}, {"passed", check.passed}});
    }
    QJsonArray proxies;
    for (const auto &[name, proxy] : record.proxies()) {
        QJsonObject one{{"proxy", name}, {"counters", proxy.counters.toJson()}};
        if (proxy.times) {
            // What the faults injected beside what was observed: the server's time, the clients', the difference.
            const QJsonObject times = proxy.times->toJson();
            for (auto it = times.begin(); it != times.end(); ++it)
                one.insert(it.key(), it.value());
        }
        proxies.append(one);
    }
    QJsonArray replays;
    for (const auto &[name, replay] : record.replays()) {
        QJsonObject one = replay.toJson();
        one.insert(QStringLiteral("fleet"), name);
        replays.append(one);
    }
    QJsonArray fleets;
    for (const QString &fleet : record.fleets()) {
        QJsonArray phases;
        auto phaseJson = [](const QString &name, const PhaseRecord &r) {
            const LatencyHistogram &h = r.corrected;
            QJsonObject one{{"phase", name},
                               {"duration_s", double(r.durationNs) / 1e9},
                               {"sent", double(r.counters.sent)},
                               {"received", double(r.counters.received)},
                               {"errors", double(r.counters.errorTotal())},
                               {"timeouts", double(r.counters.timeouts)},
                               {"throughput_per_s", r.throughputPerSecond()},
                               {"latency_us", QJsonObject{{"p50", double(h.valueAtPercentile(50)) / 1e3},
                                                          {"p90", double(h.valueAtPercentile(90)) / 1e3},
                                                          {"p99", double(h.valueAtPercentile(99)) / 1e3},
                                                          {"p999", double(h.valueAtPercentile(99.9)) / 1e3},
                                                          {"max", double(h.max()) / 1e3},
                                                          {"mean", h.mean() / 1e3}}},
                               {"counters", r.counters.toJson()}};
            // The opening exchanges of the phase, when the fleet has them.
            if (r.hello.totalCount() > 0)
                one.insert(QStringLiteral("hello_us"), LatencySummary::of(r.hello).toJsonMicroseconds());
            if (r.connect.totalCount() > 0)
                one.insert(QStringLiteral("connect_us"), LatencySummary::of(r.connect).toJsonMicroseconds());
            if (r.handshake.totalCount() > 0)
                one.insert(QStringLiteral("handshake_us"), LatencySummary::of(r.handshake).toJsonMicroseconds());
            return one;
        };
        QStringList done;
        for (const RunRecord::PhaseInfo &phase : record.phases()) {
            if (done.contains(phase.name))
                continue;
            done << phase.name;
            QJsonObject one = phaseJson(phase.name, record.aggregate(fleet, phase.name));
            one.insert(QStringLiteral("reported"), phase.reported);
            phases.append(one);
        }
        fleets.append(QJsonObject{{"fleet", fleet}, {"all", phaseJson(QStringLiteral("all"), record.aggregate(fleet))},
                                  {"warnings", QJsonArray::fromStringList(result.warnings.value(fleet))},
                                  {"phases", phases}});
    }
    QJsonArray servers;
    for (const StartedServer &server : result.servers) {
        QJsonObject one{{"server", server.name}, {"host", server.host}, {"port", server.port},
                        {"tls", !server.tlsFingerprint.isEmpty()}};
        if (!server.tlsFingerprint.isEmpty()) {
            one.insert(QStringLiteral("tls_fingerprint_sha256"), server.tlsFingerprint);
            one.insert(QStringLiteral("tls_certificate_pem"), QString::fromLatin1(server.tlsCertificatePem));
        }
        servers.append(one);
    }
    const QJsonObject root{{"wirebench_version", info.version},
                           {"session_file", info.sessionFile},
                           {"started_utc", result.startedUtc.toString(Qt::ISODateWithMs)},
                           {"elapsed_s", double(result.elapsedNs) / 1e9},
                           {"completed", result.completed},
                           {"cancelled", result.cancelled},
                           {"failure", result.failure},
                           {"checks_passed", result.checksPassed()},
                           {"exit_code", result.exitCode()},
                           {"checks", checks},
                           {"servers", servers},
                           {"proxies", proxies},
                           {"replays", replays},
                           {"fleets", fleets}};
    return writeFileAtomically(path, QJsonDocument(root).toJson(QJsonDocument::Indented), error);
}

} // namespace NetCore
