// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "metrics/latencysummary.h"

#include "proxy/proxycounters.h"

#include <QMetaType>

namespace NetCore {

/** One published state of a proxy: totals since start and the last interval. */
struct ProxySnapshot {
    qint64 elapsedNs = 0;
    qint64 intervalNs = 0;
    ProxyCounters total;
    ProxyCounters interval;
    // With a framing (ReplyTimes): the last interval's, and since the start.
    bool framed = false;
    LatencySummary serverTime;
    LatencySummary clientSeen;
    LatencySummary injected;
    LatencySummary serverTimeTotal;
    LatencySummary clientSeenTotal;
    LatencySummary injectedTotal;
};

} // namespace NetCore

Q_DECLARE_METATYPE(NetCore::ProxySnapshot)
