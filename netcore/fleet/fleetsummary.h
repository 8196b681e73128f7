// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QJsonObject>
#include <QString>

namespace NetCore {

struct FleetCounters;
struct FleetSnapshot;

/**
 * The end-of-run figures of a fleet, as the command line and reports give them:
 * `sent`, `received`, `errors`, `timeouts`, `connections`, `duration_s`,
 * `throughput_per_s`, and `latency_us` / `latency_uncorrected_us` with p50, p90,
 * p99, p999, max and mean in microseconds. `durationNs` is the sending period.
 */
QJsonObject fleetSummaryJson(const FleetSnapshot &snapshot, qint64 durationNs);

/** The same figures as a few aligned lines of text for people. */
QString fleetSummaryText(const FleetSnapshot &snapshot, qint64 durationNs);

/**
 * The server's own answers, apart from errors, for people: "2xx 980 3xx 0 4xx 20 5xx 0,
 * 3 error replies, closed by the server 2 times (5 requests sent again)"; empty when
 * there were none (the summary and the window's fleets table).
 */
QString serverAnswersText(const FleetCounters &counters);

/**
 * TLS as the run saw it: handshakes full and resumed, what was agreed (version, cipher,
 * ALPN), `insecure`, and `errors` by kind with each kind's count and first reason.
 */
QJsonObject tlsSummaryJson(const FleetSnapshot &snapshot);

/**
 * What the first handshake agreed, and full against resumed handshakes
 * ("TLSv1.3, TLS_AES_128_GCM_SHA256: 4 full handshakes, 0 resumed"); empty without TLS.
 */
QString tlsAgreementText(const FleetSnapshot &snapshot);

/** TLS failures for people: "verification 3 (first: certificate verification failed: ...)"; empty: none. */
QString tlsErrorsText(const FleetSnapshot &snapshot);

/** "41.2 µs", "3.05 ms", "1.20 s": three significant digits in a fitting unit. */
QString formatDuration(qint64 nanoseconds);

} // namespace NetCore
