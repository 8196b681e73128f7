// SPDX-License-Identifier: GPL-3.0-or-later
#include "scenario/phaserecord.h"

namespace NetCore {

PhaseRecord &PhaseRecord::operator+=(const PhaseRecord &other)
{
    counters += other.counters;
    durationNs += other.durationNs;
    corrected.merge(other.corrected);
    uncorrected.merge(other.uncorrected);
    hello.merge(other.hello);
    connect.merge(other.connect);
    handshake.merge(other.handshake);
    return *this;
}

double PhaseRecord::throughputPerSecond() const
{
    return durationNs > 0 ? double(counters.received) * 1e9 / double(durationNs) : 0.0;
}

double PhaseRecord::errorRate() const
{
    return counters.sent > 0 ? double(counters.errorTotal() + counters.timeouts) / double(counters.sent) : 0.0;
}

std::optional<double> PhaseRecord::metric(const QString &name) const
{
    auto micros = [](qint64 ns) { return double(ns) / 1e3; };
    auto corr = [&](double percentile) { return micros(corrected.valueAtPercentile(percentile)); };
    if (name == QLatin1String("p50_us")) return corr(50);
    if (name == QLatin1String("p90_us")) return corr(90);
    if (name == QLatin1String("p99_us")) return corr(99);
    if (name == QLatin1String("p999_us")) return corr(99.9);
    if (name == QLatin1String("max_us")) return micros(corrected.max());
    if (name == QLatin1String("mean_us")) return corrected.mean() / 1e3;
    if (name == QLatin1String("p50_raw_us")) return micros(uncorrected.valueAtPercentile(50));
    if (name == QLatin1String("p99_raw_us")) return micros(uncorrected.valueAtPercentile(99));
    if (name == QLatin1String("error_rate")) return errorRate();
    if (name == QLatin1String("throughput_per_s")) return throughputPerSecond();
    if (name == QLatin1String("timeouts")) return double(counters.timeouts);
    if (name == QLatin1String("errors")) return double(counters.errorTotal());
    if (name == QLatin1String("received")) return double(counters.received);
    if (name == QLatin1String("sent")) return double(counters.sent);
    if (name == QLatin1String("server_errors")) return double(counters.serverErrors);
    if (name == QLatin1String("server_closes")) return double(counters.serverCloses);
    if (name == QLatin1String("differences")) return double(counters.replyDifferences);
    if (name == QLatin1String("connect_p50_us")) return micros(connect.valueAtPercentile(50));
    if (name == QLatin1String("connect_p99_us")) return micros(connect.valueAtPercentile(99));
    if (name == QLatin1String("handshake_p50_us")) return micros(handshake.valueAtPercentile(50));
    if (name == QLatin1String("handshake_p99_us")) return micros(handshake.valueAtPercentile(99));
    if (name == QLatin1String("tls_full_handshakes")) return double(counters.tlsFull);
    if (name == QLatin1String("tls_resumed_handshakes")) return double(counters.tlsResumed);
    if (name == QLatin1String("tls_errors")) return double(counters.tlsErrorTotal());
    if (name == QLatin1String("status_2xx")) return double(counters.status2xx);
    if (name == QLatin1String("status_3xx")) return double(counters.status3xx);
    if (name == QLatin1String("status_4xx")) return double(counters.status4xx);
    if (name == QLatin1String("status_5xx")) return double(counters.status5xx);
    return std::nullopt;
}

} // namespace NetCore
