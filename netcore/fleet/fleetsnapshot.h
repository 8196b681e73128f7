// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "fleet/fleetcounters.h"
#include "metrics/latencysummary.h"
#include "metrics/latencyhistogram.h"
#include "tls/tlsagreement.h"
#include "tls/tlserror.h"

#include <QMetaType>

#include <memory>

namespace NetCore {

/**
 * One published state of a client fleet: counters and latency for the last interval
 * and since the start. Immutable once published: the histograms are shared, never
 * copied per consumer. Latency is "corrected" (from when each message was due) and
 * "uncorrected" (from when it was actually sent); sendLag is how late the sender was.
 */
struct FleetSnapshot {
    qint64 elapsedNs = 0;
    qint64 intervalNs = 0;
    FleetCounters total;
    FleetCounters interval;

    std::shared_ptr<const LatencyHistogram> intervalCorrected;
    std::shared_ptr<const LatencyHistogram> intervalUncorrected;
    std::shared_ptr<const LatencyHistogram> totalCorrected;
    std::shared_ptr<const LatencyHistogram> totalUncorrected;
    std::shared_ptr<const LatencyHistogram> totalSendLag;
    std::shared_ptr<const LatencyHistogram> intervalHello; // opening exchanges done in the interval
    std::shared_ptr<const LatencyHistogram> intervalConnect;   // TCP connects done in the interval
    std::shared_ptr<const LatencyHistogram> intervalHandshake; // TLS handshakes done in the interval

    LatencySummary intervalLatency;          // corrected
    LatencySummary totalLatency;             // corrected
    LatencySummary totalUncorrectedLatency;
    LatencySummary helloLatency;             // opening exchanges since the start (none: count 0)
    LatencySummary connectLatency;           // TCP connects since the start (connection counters: kept by since())
    LatencySummary handshakeLatency;         // TLS handshakes since the start (none: count 0)
    TlsAgreement tls;                        // what the first handshake agreed on (empty: no TLS)
    TlsErrorReasons tlsErrorReasons;         // the first reason of each kind of TLS failure
    bool tlsInsecure = false;                // the fleet verifies nothing (said in the summary)

    /**
     * What happened after `baseline` (an earlier snapshot of the same run): traffic
     * counters and latency since then; connection counters stay as they are now.
     */
    FleetSnapshot since(const FleetSnapshot &baseline) const;

    double receivedPerSecond() const
    {
        return intervalNs > 0 ? double(interval.received) * 1e9 / double(intervalNs) : 0.0;
    }
};

} // namespace NetCore

Q_DECLARE_METATYPE(NetCore::FleetSnapshot)
