// SPDX-License-Identifier: GPL-3.0-or-later
#include "fleet/fleetsummary.h"

#include "fleet/fleetsnapshot.h"

#include <QStringList>

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
    // As curl's time_connect and time_appconnect: TCP and TLS apart.
    if (snapshot.connectLatency.count > 0)
        summary.insert(QStringLiteral("connect_us"), snapshot.connectLatency.toJsonMicroseconds());
    if (snapshot.handshakeLatency.count > 0)
        summary.insert(QStringLiteral("handshake_us"), snapshot.handshakeLatency.toJsonMicroseconds());
    if (!snapshot.tls.isEmpty() || total.tlsErrorTotal() > 0 || snapshot.tlsInsecure)
        summary.insert(QStringLiteral("tls"), tlsSummaryJson(snapshot));
    return summary;
}

QJsonObject tlsSummaryJson(const FleetSnapshot &snapshot)
{
    const FleetCounters &total = snapshot.total;
    QJsonObject tls{
        {QStringLiteral("full_handshakes"), double(total.tlsFull)},
        {QStringLiteral("resumed_handshakes"), double(total.tlsResumed)},
        {QStringLiteral("insecure"), snapshot.tlsInsecure},
    };
    if (!snapshot.tls.isEmpty()) {
        tls.insert(QStringLiteral("version"), snapshot.tls.version);
        tls.insert(QStringLiteral("cipher"), snapshot.tls.cipher);
        tls.insert(QStringLiteral("alpn"), QString::fromLatin1(snapshot.tls.alpn));
    }
    QJsonObject errors;
    for (int kind = 1; kind < TlsErrorKinds; ++kind) {
        if (total.tlsErrors[kind] == 0)
            continue;
        errors.insert(tlsErrorName(TlsError(kind)),
                      QJsonObject{{QStringLiteral("count"), double(total.tlsErrors[kind])},
                                  {QStringLiteral("first"), snapshot.tlsErrorReasons[kind]}});
    }
    tls.insert(QStringLiteral("errors"), errors);
    return tls;
}

QString tlsAgreementText(const FleetSnapshot &snapshot)
{
    if (snapshot.tls.isEmpty())
        return {};
    const QString alpn = snapshot.tls.alpn.isEmpty() ? QString() : QStringLiteral(", ALPN %1").arg(QString::fromLatin1(snapshot.tls.alpn));
    return QStringLiteral("%1, %2%3: %4 full handshakes, %5 resumed%6")
        .arg(snapshot.tls.version, snapshot.tls.cipher, alpn)
        .arg(snapshot.total.tlsFull)
        .arg(snapshot.total.tlsResumed)
        .arg(snapshot.tlsInsecure ? QStringLiteral(" (INSECURE: the server's certificate was not verified)") : QString());
}

QString tlsErrorsText(const FleetSnapshot &snapshot)
{
    QStringList parts;
    for (int kind = 1; kind < TlsErrorKinds; ++kind) {
        if (snapshot.total.tlsErrors[kind] > 0)
            parts << QStringLiteral("%1 %2 (first: %3)")
                         .arg(tlsErrorName(TlsError(kind)))
                         .arg(snapshot.total.tlsErrors[kind])
                         .arg(snapshot.tlsErrorReasons[kind]);
    }
    return parts.join(QStringLiteral("; "));
}

QString serverAnswersText(const FleetCounters &counters)
{
    QStringList parts;
    if (counters.status2xx + counters.status3xx + counters.status4xx + counters.status5xx > 0)
        parts << QStringLiteral("2xx %1 3xx %2 4xx %3 5xx %4")
                     .arg(counters.status2xx)
                     .arg(counters.status3xx)
                     .arg(counters.status4xx)
                     .arg(counters.status5xx);
    if (counters.serverErrors > 0)
        parts << QStringLiteral("%1 error replies").arg(counters.serverErrors);
    if (counters.serverCloses > 0)
        parts << QStringLiteral("closed by the server %1 times (%2 requests sent again)")
                     .arg(counters.serverCloses)
                     .arg(counters.resent);
    return parts.join(QStringLiteral(", "));
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
    if (const QString answers = serverAnswersText(total); !answers.isEmpty())
        text += QStringLiteral("  server's answers: %1\n").arg(answers);
    text += QStringLiteral("  throughput %1 replies/s over %2\n")
                .arg(QString::number(throughput(snapshot, durationNs), 'f', 1), formatDuration(durationNs));
    text += latencyLine("latency from due  ", snapshot.totalLatency);
    text += latencyLine("latency from send ", snapshot.totalUncorrectedLatency);
    if (snapshot.helloLatency.count > 0)
        text += latencyLine("hello round trip  ", snapshot.helloLatency);
    if (snapshot.connectLatency.count > 0)
        text += latencyLine("TCP connect       ", snapshot.connectLatency);
    if (snapshot.handshakeLatency.count > 0)
        text += latencyLine("TLS handshake     ", snapshot.handshakeLatency);
    if (!snapshot.tls.isEmpty())
        text += QStringLiteral("  TLS %1\n").arg(tlsAgreementText(snapshot));
    if (const QString errors = tlsErrorsText(snapshot); !errors.isEmpty())
        text += QStringLiteral("  TLS errors: %1\n").arg(errors);
    return text;
}

} // namespace NetCore
