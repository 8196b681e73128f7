// SPDX-License-Identifier: GPL-3.0-or-later
#include "fleet/fleetcounters.h"

#include <QString>

#include <numeric>

namespace NetCore {

namespace {

// One list of the scalar fields, so adding, subtracting and naming cannot drift apart.
constexpr std::array<std::pair<const char *, quint64 FleetCounters::*>, 26> scalarFields{{
    {"sent", &FleetCounters::sent},
    {"received", &FleetCounters::received},
    {"timeouts", &FleetCounters::timeouts},
    {"bytes_out", &FleetCounters::bytesOut},
    {"bytes_in", &FleetCounters::bytesIn},
    {"connects_started", &FleetCounters::connectsStarted},
    {"connects_succeeded", &FleetCounters::connectsSucceeded},
    {"connect_failures", &FleetCounters::connectFailures},
    {"disconnects", &FleetCounters::disconnects},
    {"closed", &FleetCounters::closed},
    {"error_frames", &FleetCounters::errorFrames},
    {"unmatched", &FleetCounters::unmatched},
    {"lost", &FleetCounters::lost},
    {"unsent", &FleetCounters::unsent},
    {"backlog_overflows", &FleetCounters::backlogOverflows},
    {"reconnects", &FleetCounters::reconnects},
    {"server_errors", &FleetCounters::serverErrors},
    {"server_closes", &FleetCounters::serverCloses},
    {"resent", &FleetCounters::resent},
    {"status_2xx", &FleetCounters::status2xx},
    {"status_3xx", &FleetCounters::status3xx},
    {"status_4xx", &FleetCounters::status4xx},
    {"status_5xx", &FleetCounters::status5xx},
    {"tls_full_handshakes", &FleetCounters::tlsFull},
    {"tls_resumed_handshakes", &FleetCounters::tlsResumed},
    {"reply_differences", &FleetCounters::replyDifferences},
}};

} // namespace

quint64 FleetCounters::errorTotal() const
{
    // Unmatched replies are shown apart, not counted here: with replies paired by an id
    // they are the server's business (a late duplicate, a push); a run where many
    // replies match nothing is warned about instead (replyWarnings()).
    return std::accumulate(decodeErrors.begin(), decodeErrors.end(), quint64(0)) + connectFailures + disconnects
        + errorFrames + lost + unsent + backlogOverflows + replyDifferences;
}

quint64 FleetCounters::tlsErrorTotal() const
{
    return std::accumulate(tlsErrors.begin(), tlsErrors.end(), quint64(0));
}

void FleetCounters::countStatus(int status)
{
    switch (status / 100) {
    case 2: ++status2xx; break;
    case 3: ++status3xx; break;
    case 4: ++status4xx; break;
    case 5: ++status5xx; break;
    default: break;
    }
}

FleetCounters &FleetCounters::operator+=(const FleetCounters &other)
{
    for (const auto &[name, field] : scalarFields)
        this->*field += other.*field;
    for (size_t i = 0; i < decodeErrors.size(); ++i)
        decodeErrors[i] += other.decodeErrors[i];
    for (size_t i = 0; i < tlsErrors.size(); ++i)
        tlsErrors[i] += other.tlsErrors[i];
    return *this;
}

FleetCounters FleetCounters::since(const FleetCounters &earlier) const
{
    FleetCounters delta = *this;
    for (const auto &[name, field] : scalarFields)
        delta.*field -= earlier.*field;
    for (size_t i = 0; i < decodeErrors.size(); ++i)
        delta.decodeErrors[i] -= earlier.decodeErrors[i];
    for (size_t i = 0; i < tlsErrors.size(); ++i)
        delta.tlsErrors[i] -= earlier.tlsErrors[i];
    return delta;
}

QJsonObject FleetCounters::toJson() const
{
    QJsonObject object;
    for (const auto &[name, field] : scalarFields)
        object.insert(QLatin1String(name), double(this->*field));
    QJsonObject byCode;
    for (size_t i = 1; i < decodeErrors.size(); ++i) {
        if (decodeErrors[i] > 0)
            byCode.insert(QString::fromLatin1(frameErrorCode(FrameError(i))), double(decodeErrors[i]));
    }
    object.insert(QStringLiteral("decode_errors"), byCode);
    QJsonObject tlsByKind;
    for (size_t i = 1; i < tlsErrors.size(); ++i) {
        if (tlsErrors[i] > 0)
            tlsByKind.insert(tlsErrorName(TlsError(i)), double(tlsErrors[i]));
    }
    object.insert(QStringLiteral("tls_errors"), tlsByKind);
    return object;
}

FleetCounters FleetCounters::fromJson(const QJsonObject &object)
{
    auto count = [](const QJsonValue &value) { return value.isDouble() && value.toDouble() > 0 ? quint64(value.toDouble()) : 0; };
    FleetCounters counters;
    for (const auto &[name, field] : scalarFields)
        counters.*field = count(object.value(QLatin1String(name)));
    const QJsonObject byCode = object.value(QStringLiteral("decode_errors")).toObject();
    for (size_t i = 1; i < counters.decodeErrors.size(); ++i)
        counters.decodeErrors[i] = count(byCode.value(QString::fromLatin1(frameErrorCode(FrameError(i)))));
    const QJsonObject tlsByKind = object.value(QStringLiteral("tls_errors")).toObject();
    for (size_t i = 1; i < counters.tlsErrors.size(); ++i)
        counters.tlsErrors[i] = count(tlsByKind.value(tlsErrorName(TlsError(i))));
    return counters;
}

} // namespace NetCore
