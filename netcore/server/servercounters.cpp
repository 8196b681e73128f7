// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/servercounters.h"

#include <QJsonValue>
#include <QString>

#include <numeric>

namespace NetCore {

namespace {

// One list of the scalar fields, so adding, subtracting and naming cannot drift apart.
constexpr std::array<std::pair<const char *, quint64 ServerCounters::*>, 20> scalarFields{{
    {"connections_accepted", &ServerCounters::connectionsAccepted},
    {"connections_refused", &ServerCounters::connectionsRefused},
    {"accept_errors", &ServerCounters::acceptErrors},
    {"connections_closed", &ServerCounters::connectionsClosed},
    {"frames_in", &ServerCounters::framesIn},
    {"frames_out", &ServerCounters::framesOut},
    {"bytes_in", &ServerCounters::bytesIn},
    {"bytes_out", &ServerCounters::bytesOut},
    {"unsolicited", &ServerCounters::unsolicited},
    {"idle_timeouts", &ServerCounters::idleTimeouts},
    {"frame_deadline_timeouts", &ServerCounters::frameDeadlineTimeouts},
    {"backpressure_pauses", &ServerCounters::backpressurePauses},
    {"replies_dropped", &ServerCounters::repliesDropped},
    {"replies_corrupted", &ServerCounters::repliesCorrupted},
    {"fault_closes", &ServerCounters::faultCloses},
    {"stalls", &ServerCounters::stalls},
    {"fault_refusals", &ServerCounters::faultRefusals},
    {"tls_aborts", &ServerCounters::tlsAborts},
    {"tls_full_handshakes", &ServerCounters::tlsFull},
    {"tls_resumed_handshakes", &ServerCounters::tlsResumed},
}};

} // namespace

quint64 ServerCounters::errorTotal() const
{
    return std::accumulate(errors.begin(), errors.end(), quint64(0))
        + std::accumulate(tlsErrors.begin(), tlsErrors.end(), quint64(0));
}

ServerCounters &ServerCounters::operator+=(const ServerCounters &other)
{
    for (const auto &[name, field] : scalarFields)
        this->*field += other.*field;
    for (size_t i = 0; i < errors.size(); ++i)
        errors[i] += other.errors[i];
    for (size_t i = 0; i < tlsErrors.size(); ++i)
        tlsErrors[i] += other.tlsErrors[i];
    return *this;
}

ServerCounters ServerCounters::since(const ServerCounters &earlier) const
{
    ServerCounters delta = *this;
    for (const auto &[name, field] : scalarFields)
        delta.*field -= earlier.*field;
    for (size_t i = 0; i < errors.size(); ++i)
        delta.errors[i] -= earlier.errors[i];
    for (size_t i = 0; i < tlsErrors.size(); ++i)
        delta.tlsErrors[i] -= earlier.tlsErrors[i];
    return delta;
}

QJsonObject ServerCounters::toJson() const
{
    QJsonObject object;
    for (const auto &[name, field] : scalarFields)
        object.insert(QLatin1String(name), double(this->*field));
    object.insert(QStringLiteral("connections_open"), double(connectionsOpen()));
    QJsonObject byCode;
    for (size_t i = 1; i < errors.size(); ++i) {
        if (errors[i] > 0)
            byCode.insert(QString::fromLatin1(frameErrorCode(FrameError(i))), double(errors[i]));
    }
    object.insert(QStringLiteral("errors"), byCode);
    QJsonObject tlsByKind;
    for (size_t i = 1; i < tlsErrors.size(); ++i) {
        if (tlsErrors[i] > 0)
            tlsByKind.insert(tlsErrorName(TlsError(i)), double(tlsErrors[i]));
    }
    object.insert(QStringLiteral("tls_errors"), tlsByKind);
    return object;
}

ServerCounters ServerCounters::fromJson(const QJsonObject &object)
{
    auto count = [](const QJsonValue &value) { return value.isDouble() && value.toDouble() > 0 ? quint64(value.toDouble()) : 0; };
    ServerCounters counters;
    for (const auto &[name, field] : scalarFields)
        counters.*field = count(object.value(QLatin1String(name)));
    const QJsonObject byCode = object.value(QStringLiteral("errors")).toObject();
    for (size_t i = 1; i < counters.errors.size(); ++i)
        counters.errors[i] = count(byCode.value(QString::fromLatin1(frameErrorCode(FrameError(i)))));
    const QJsonObject tlsByKind = object.value(QStringLiteral("tls_errors")).toObject();
    for (size_t i = 1; i < counters.tlsErrors.size(); ++i)
        counters.tlsErrors[i] = count(tlsByKind.value(tlsErrorName(TlsError(i))));
    return counters;
}

} // namespace NetCore
