// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "fleet/fleetsnapshot.h"
#include "metrics/latencyhistogram.h"
#include "scenario/intervallogrecorder.h"

#include <QDateTime>
#include <QList>
#include <QRandomGenerator>
#include <QStringList>
#include <QTemporaryDir>

#include <cmath>
#include <memory>

// For tests of what merges interval logs: shards of one run, written as agents write them.
namespace IntervalLogTestSupport {

using namespace NetCore;

constexpr int Shards = 3;
constexpr int Intervals = 6;
constexpr int WarmupIntervals = 2;
constexpr qint64 IntervalNs = 1'000'000'000;

/** What the shards recorded between them, as one process would have. */
struct Whole {
    LatencyHistogram measured;   // the reported phase, corrected
    LatencyHistogram uncorrected;
    LatencyHistogram warmup;
    QList<quint64> perInterval = QList<quint64>(Intervals, 0);
    quint64 sent = 0;
    quint64 open = 0;
};

/**
 * Writes `Shards` interval logs of one fleet "web a/b" (a name that needs encoding),
 * each interval of each shard with its own random latencies and counters, the shards'
 * clocks `skewSec` apart, each interval ending up to `lateSec` late or early (as timers
 * fire), by turns. Returns the paths.
 */
inline QStringList writeShards(const QTemporaryDir &dir, double skewSec, Whole *whole, double lateSec = 0.0)
{
    QRandomGenerator random(42);
    QStringList paths;
    const QDateTime start = QDateTime::fromMSecsSinceEpoch(1'800'000'000'000LL, Qt::UTC);
    for (int shard = 0; shard < Shards; ++shard) {
        IntervalLogRecorder recorder;
        const QString path = dir.filePath(QStringLiteral("shard-%1.hlog").arg(shard));
        QString error;
        if (!recorder.open(path, start.addMSecs(qint64(shard * skewSec * 1000)), QStringLiteral("shard"), &error))
            qFatal("%s", qPrintable(error));
        for (int i = 0; i < Intervals; ++i) {
            FleetSnapshot snapshot;
            snapshot.intervalNs = IntervalNs;
            auto corrected = std::make_shared<LatencyHistogram>();
            auto uncorrected = std::make_shared<LatencyHistogram>();
            const int values = 500 + int(random.bounded(500));
            for (int v = 0; v < values; ++v) {
                const auto value = qint64(std::exp(std::log(2e4) + random.generateDouble() * std::log(1e4)));
                corrected->record(value);
                uncorrected->record(value / 2);
            }
            snapshot.intervalCorrected = corrected;
            snapshot.intervalUncorrected = uncorrected;
            snapshot.interval.sent = quint64(values) + 3;
            snapshot.interval.received = quint64(values);
            snapshot.interval.timeouts = 1;
            snapshot.total.connectsSucceeded = 10 + quint64(shard);
            const bool warming = i < WarmupIntervals;
            recorder.add(QStringLiteral("web a/b"), warming ? QStringLiteral("warm up") : QStringLiteral("steady"), !warming,
                         (i + 1) * IntervalNs + qint64((i % 2 ? lateSec : -lateSec) * 1e9), snapshot);
            if (warming) {
                whole->warmup.merge(*corrected);
            } else {
                whole->measured.merge(*corrected);
                whole->uncorrected.merge(*uncorrected);
                whole->sent += snapshot.interval.sent;
            }
            whole->perInterval[i] += quint64(values);
            if (i == Intervals - 1)
                whole->open += snapshot.total.connectsSucceeded;
        }
        if (!recorder.error().isEmpty())
            qFatal("%s", qPrintable(recorder.error()));
        paths << path;
    }
    return paths;
}

} // namespace IntervalLogTestSupport
