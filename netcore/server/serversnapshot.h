// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "server/servercounters.h"

#include <QMetaType>

namespace NetCore {

/** One published state of a test server: totals since start and the last interval. */
struct ServerSnapshot {
    qint64 elapsedNs = 0;   // since the server started
    qint64 intervalNs = 0;  // length of the interval `interval` covers
    ServerCounters total;
    ServerCounters interval;

    double framesInPerSecond() const { return intervalNs > 0 ? double(interval.framesIn) * 1e9 / double(intervalNs) : 0.0; }
};

} // namespace NetCore

Q_DECLARE_METATYPE(NetCore::ServerSnapshot)
