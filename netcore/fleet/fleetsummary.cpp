// SPDX-License-Identifier: GPL-3.0-or-later
#include "fleet/fleetsummary.h"

#include "fleet/fleetsnapshot.h"

#include <cmath>

namespace NetCore {

namespace {

double throughput(const FleetSnapshot &snapshot, qint64 durationNs)
{
    return durationNs > 0 ? double(snapshot.total.received) * 1e9 / double(durationNs) : 0.0;
}

QString latencyLine(const char *label, const LatencySummary &latency)
{
    return QStringLiteral("  %1  p50 %2  p90 %3  p99 %4  p99.9 %5  max %6  mean %7\n")
        .arg(QLatin1String(label))
        .arg(formatDuration(latency.p50), formatDuration(latency.p90), formatDuration(latency.p99),
             formatDuration(latency.p999), formatDuration(latency.max), formatDuration(qint64(latency.mean)));
}

} // namespace

QString formatDuration(qint64 nanoseconds)
{
    const double ns = double(nanoseconds);
    auto significant = [](double value, const char *unit) {
        const int decimals = value >= 100 ? 0 : value >= 10 ? 1 : 2;
        return QString::number(value, 'f', decimals) + QLatin1Char(' ') + QString::fromUtf8(unit);
    };
    if (ns < 1e3)
        return QString::number(nanoseconds) + QStringLiteral(" ns");
    if (ns < 1e6)
        return significant(ns / 1e3, "µs");
    if (ns < 1e9)
        return significant(ns / 1e6, "ms");
    return significant(ns / 1e9, "s");
}

QJsonObject fleetSummaryJson(const FleetSnapshot &snapshot, qint64 durationNs)
{
    const FleetCounters &total = snapshot.total;
    QJsonObject summary{
        {QStringLiteral("sent"), double(total.sent)},
        {QStringLiteral("received"), double(total.received)},
        {QStringLiteral("errors"), double(total.errorTotal())},
        {QStringLiteral("timeouts"), double(total.timeouts)},
        {QStringLiteral("connections"), double(total.connectsSucceeded)},
        {QStringLiteral("connect_failures"), double(total.connectFailures)},
        {QStringLiteral("duration_s"), std::round(double(durationNs) / 1e6) / 1e3},
        {QStringLiteral("throughput_per_s"), std::round(throughput(snapshot, durationNs) * 10.0) / 10.0},
        {QStringLiteral("latency_us"), snapshot.totalLatency.toJsonMicroseconds()},
        {QStringLiteral("latency_uncorrected_us"), snapshot.totalUncorrectedLatency.toJsonMicroseconds()},
        {QStringLiteral("counters"), total.toJson()},
    };
    // Opening exchanges, when the fleet has one: p50, p99 and max among the figures.
    if (snapshot.helloLatency.count > 0)
        summary.insert(QStringLiteral("hello_us"), snapshot.helloLatency.toJsonMicroseconds());
    return summary;
}

QString fleetSummaryText(const FleetSnapshot &snapshot, qint64 durationNs)
{
    const FleetCounters &total = snapshot.total;
    QString text;
    text += QStringLiteral("  sent %1  received %2  errors %3  timeouts %4  connections %5 (%6 failed)\n")
                .arg(total.sent)
                .arg(total.received)
                .arg(total.errorTotal())
                .arg(total.timeouts)
                .arg(total.connectsSucceeded)
                .arg(total.connectFailures);
    if (total.status2xx + total.status3xx + total.status4xx + total.status5xx > 0)
        text += QStringLiteral("  status 2xx %1  3xx %2  4xx %3  5xx %4\n")
                    .arg(total.status2xx)
                    .arg(total.status3xx)
                    .arg(total.status4xx)
                    .arg(total.status5xx);
    if (total.serverErrors > 0)
        text += QStringLiteral("  server error replies %1\n").arg(total.serverErrors);
    if (total.serverCloses > 0)
        text += QStringLiteral("  closed by the server as it said %1 (reopened at once; %2 unanswered requests sent again)\n")
                    .arg(total.serverCloses)
                    .arg(total.resent);
    text += QStringLiteral("  throughput %1 replies/s over %2\n")
                .arg(QString::number(throughput(snapshot, durationNs), 'f', 1), formatDuration(durationNs));
    text += latencyLine("latency from due  ", snapshot.totalLatency);
    text += latencyLine("latency from send ", snapshot.totalUncorrectedLatency);
    if (snapshot.helloLatency.count > 0)
        text += latencyLine("hello round trip  ", snapshot.helloLatency);
    return text;
}

} // namespace NetCore
