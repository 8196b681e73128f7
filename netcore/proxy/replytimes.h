// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "metrics/latencyhistogram.h"
#include "metrics/latencysummary.h"

#include <QJsonObject>

namespace NetCore {

/**
 * A framed proxy's request timings, what was injected beside what was observed:
 * each request to its reply from the server (the server's own time), to that reply's
 * delivery to the client (what the client saw, faults included), and the difference
 * (what the faults added).
 */
struct ReplyTimes {
    LatencyHistogram serverTime;
    LatencyHistogram clientSeen;
    LatencyHistogram injected;

    void record(qint64 serverNs, qint64 clientNs)
    {
        serverTime.record(std::max<qint64>(serverNs, 0));
        clientSeen.record(std::max<qint64>(clientNs, 0));
        injected.record(std::max<qint64>(clientNs - serverNs, 0));
    }
    void merge(const ReplyTimes &other)
    {
        serverTime.merge(other.serverTime);
        clientSeen.merge(other.clientSeen);
        injected.merge(other.injected);
    }
    /** {"server_time_us": {...}, "client_seen_us": {...}, "injected_us": {...}}: percentiles in µs. */
    QJsonObject toJson() const
    {
        return QJsonObject{{QStringLiteral("server_time_us"), LatencySummary::of(serverTime).toJsonMicroseconds()},
                           {QStringLiteral("client_seen_us"), LatencySummary::of(clientSeen).toJsonMicroseconds()},
                           {QStringLiteral("injected_us"), LatencySummary::of(injected).toJsonMicroseconds()}};
    }
};

} // namespace NetCore
