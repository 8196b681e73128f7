// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "fleet/fleetcounters.h"
#include "metrics/latencyhistogram.h"

#include <QString>

#include <optional>

namespace NetCore {

/** What one fleet did during one phase (or several merged): counts, time, and both latencies. */
struct PhaseRecord {
    FleetCounters counters;         // the phase's share: sums of interval counters
    qint64 durationNs = 0;
    LatencyHistogram corrected;     // from when each message was due
    LatencyHistogram uncorrected;   // from when it was sent
    LatencyHistogram hello;         // opening exchanges' round trips (connections opened in the phase)
    LatencyHistogram connect;       // TCP connects done in the phase
    LatencyHistogram handshake;     // TLS handshakes done in the phase

    PhaseRecord &operator+=(const PhaseRecord &other);
    double throughputPerSecond() const;
    /** Errors and timeouts over messages sent (0 when nothing was sent). */
    double errorRate() const;
    /** A check metric by its session-file name (see ScenarioStep::metricNames), or nullopt if unknown. */
    std::optional<double> metric(const QString &name) const;
};

} // namespace NetCore
