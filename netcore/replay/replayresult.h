// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "metrics/latencyhistogram.h"

#include <QJsonObject>
#include <QStringList>

namespace NetCore {

/** What a replay found: how much went, how much came back, and where replies differ from the recording. */
struct ReplayResult {
    quint64 requests = 0;          // recorded requests sent
    quint64 replies = 0;           // recorded replies compared (paced: a connection's stream counts all it holds)
    quint64 differences = 0;       // comparisons that differ (paced: one per differing stream)
    QStringList firstDifferences;  // the first few, in words: which connection and message, sizes, first differing byte
    quint64 connectionsFailed = 0; // could not connect, or closed early
    QString firstError;
    LatencyHistogram latency;      // request to its whole reply (step by step replays)
    qint64 elapsedNs = 0;

    QJsonObject toJson() const;
};

} // namespace NetCore
