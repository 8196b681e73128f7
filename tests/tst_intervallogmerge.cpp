// SPDX-License-Identifier: GPL-3.0-or-later
#include "histogramtestsupport.h"
#include "intervallogtestsupport.h"
#include "filesizelimit.h"
#include "fleet/fleetsnapshot.h"
#include "metrics/intervallogreader.h"
#include "metrics/intervallogwriter.h"
#include "scenario/intervallogmerge.h"
#include "scenario/intervallogrecorder.h"

#include <QFileInfo>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

using namespace NetCore;
using HistogramTestSupport::sameBuckets;
using namespace IntervalLogTestSupport;

namespace {

RunRecord mergeFiles(const QStringList &paths)
{
    IntervalLogMerge merge;
    for (const QString &path : paths) {
        QString error;
        const std::optional<IntervalLog> log = IntervalLogReader::readFile(path, &error);
        if (!log || !merge.add(*log, QStringLiteral("fallback"), &error))
            qFatal("%s", qPrintable(error));
    }
    return merge.record();
}

} // namespace

class tst_IntervalLogMerge : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void shardsMergeIntoOneRunsHistogram_data();
    void shardsMergeIntoOneRunsHistogram();
    void oneLogReadsBackAsItsRun();
    void partsStartedAtOneInstantMeetOnTheGrid();
    void anotherToolsLogMergesAsLatency();
    void aBrokenCountersLineIsNamed();
    void aFullDiskStopsTheLogAndSaysWhere();
};

void tst_IntervalLogMerge::shardsMergeIntoOneRunsHistogram_data()
{
    QTest::addColumn<double>("skewSec");
    QTest::addColumn<double>("lateSec");
    QTest::newRow("started together") << 0.0 << 0.0;
    QTest::newRow("clocks 40 ms apart") << 0.04 << 0.0;
    // Half a step off the grid, timers a little late and early by turns: rounding each
    // start alone would put two of a shard's intervals in one slot and none in the next.
    QTest::newRow("shards up to half a step apart, timers late") << 0.24 << 0.03;
}

void tst_IntervalLogMerge::shardsMergeIntoOneRunsHistogram()
{
    QFETCH(double, skewSec);
    QFETCH(double, lateSec);
    QTemporaryDir dir;
    Whole whole;
    const RunRecord record = mergeFiles(writeShards(dir, skewSec, &whole, lateSec));

    QCOMPARE(record.fleets(), QStringList{QStringLiteral("web a/b")});
    QCOMPARE(record.rows().size(), Intervals); // interval by interval, not one row per shard
    for (int i = 0; i < Intervals; ++i)
        QCOMPARE(record.rows().at(i).corrected.count, whole.perInterval.at(i));
    QCOMPARE(record.rows().constLast().activeConnections, qint64(whole.open));

    // The reported phase: bucket for bucket what one process recording everything holds.
    const PhaseRecord all = record.aggregate(QStringLiteral("web a/b"));
    QCOMPARE(all.corrected.totalCount(), whole.measured.totalCount());
    QCOMPARE(all.corrected.countsLimit(), whole.measured.countsLimit());
    QVERIFY(sameBuckets(all.corrected, whole.measured));
    QVERIFY(sameBuckets(all.uncorrected, whole.uncorrected));
    QCOMPARE(all.counters.sent, whole.sent);
    QCOMPARE(all.counters.timeouts, quint64(Shards * (Intervals - WarmupIntervals)));
    QCOMPARE(all.durationNs, (Intervals - WarmupIntervals) * IntervalNs);
    for (double percentile : {50.0, 99.0, 99.9})
        QCOMPARE(all.corrected.valueAtPercentile(percentile), LatencyHistogram::highestEquivalent(whole.measured.valueAtPercentile(percentile)));
    // The warm-up is a phase of its own, left out of the run's figures.
    QCOMPARE(record.phases().size(), 2);
    QCOMPARE(record.phases().constFirst().name, QStringLiteral("warm up"));
    QVERIFY(!record.phases().constFirst().reported);
    QVERIFY(sameBuckets(record.aggregate(QStringLiteral("web a/b"), QStringLiteral("warm up")).corrected, whole.warmup));
}

void tst_IntervalLogMerge::oneLogReadsBackAsItsRun()
{
    QTemporaryDir dir;
    Whole whole;
    const QStringList paths = writeShards(dir, 0.0, &whole);
    const RunRecord record = mergeFiles(paths.first(1));
    QCOMPARE(record.rows().size(), Intervals);
    QCOMPARE(record.rows().at(2).elapsedNs, 3 * IntervalNs);
    QCOMPARE(record.rows().at(2).intervalNs, IntervalNs);
    QCOMPARE(record.rows().at(2).phase, QStringLiteral("steady"));
}

void tst_IntervalLogMerge::partsStartedAtOneInstantMeetOnTheGrid()
{
    // --start-at: each part connects first (its intervals off the grid, at its own
    // times), then a short piece up to the start instant, then intervals on the grid.
    QTemporaryDir dir;
    const QDateTime start = QDateTime::fromMSecsSinceEpoch(1'800'000'000'000LL, Qt::UTC);
    IntervalLogMerge merge;
    for (const double connectedAtSec : {-2.3, -2.6}) {
        IntervalLogRecorder recorder;
        const QString path = dir.filePath(QStringLiteral("part%1.hlog").arg(connectedAtSec));
        QString error;
        QVERIFY2(recorder.open(path, start, QString(), &error), qPrintable(error));
        auto add = [&](double fromSec, double toSec, const char *phase, qint64 replies) {
            FleetSnapshot snapshot;
            snapshot.intervalNs = qint64(std::llround((toSec - fromSec) * 1e9));
            auto histogram = std::make_shared<LatencyHistogram>();
            histogram->record(1'000'000, replies);
            snapshot.intervalCorrected = histogram;
            snapshot.intervalUncorrected = histogram;
            snapshot.interval.sent = quint64(replies);
            snapshot.interval.received = quint64(replies);
            recorder.add(QStringLiteral("web"), QLatin1String(phase), QLatin1String(phase) == QLatin1String("steady"),
                         qint64(std::llround(toSec * 1e9)), snapshot);
        };
        double at = connectedAtSec;
        for (; at + 1.0 < 0.0; at += 1.0)
            add(at, at + 1.0, "connect", 0);
        add(at, 0.0, "connect", 0); // cut at the start instant
        for (int i = 0; i < 3; ++i)
            add(i, i + 1, "steady", 100 + i);
        const std::optional<IntervalLog> log = IntervalLogReader::readFile(path, &error);
        QVERIFY2(log && merge.add(*log, QString(), &error), qPrintable(error));
    }
    const RunRecord record = merge.record();
    QList<quint64> steady;
    for (const RunRecord::Row &row : record.rows()) {
        if (row.phase == QLatin1String("steady"))
            steady << row.interval.received;
    }
    // Interval by interval, both parts' same second together.
    QCOMPARE(steady, (QList<quint64>{200, 202, 204}));
}

void tst_IntervalLogMerge::anotherToolsLogMergesAsLatency()
{
    // A log no Wirebench wrote (HdrHistogram's layout, one untagged and one tagged line).
    LatencyHistogram histogram;
    histogram.record(1'000'000, 40);
    const QByteArray text = IntervalLogWriter::header(QDateTime::fromMSecsSinceEpoch(1'700'000'000'000LL, Qt::UTC), QString())
        + IntervalLogWriter::intervalLine(QString(), 0.0, 1.0, histogram)
        + IntervalLogWriter::intervalLine(QStringLiteral("gc-pauses"), 0.0, 1.0, histogram)
        + IntervalLogWriter::intervalLine(QString(), 1.0, 1.0, histogram);
    QString error;
    const std::optional<IntervalLog> log = IntervalLogReader::read(text, &error);
    QVERIFY2(log, qPrintable(error));
    IntervalLogMerge merge;
    QVERIFY(merge.add(*log, QStringLiteral("jhiccup"), &error));
    const RunRecord record = merge.record();
    QCOMPARE(record.fleets(), (QStringList{QStringLiteral("jhiccup"), QStringLiteral("gc-pauses")}));
    const PhaseRecord all = record.aggregate(QStringLiteral("jhiccup"));
    QCOMPARE(all.counters.received, quint64(80));
    QCOMPARE(all.corrected.totalCount(), quint64(80));
    QCOMPARE(merge.start(), QDateTime::fromMSecsSinceEpoch(1'700'000'000'000LL, Qt::UTC));
}

void tst_IntervalLogMerge::aBrokenCountersLineIsNamed()
{
    IntervalLog log;
    log.comments << QStringLiteral("[Wirebench-Interval: Tag=web/steady,0.000,1.000,{\"counters\":]");
    IntervalLogMerge merge;
    QString error;
    QVERIFY(!merge.add(log, QString(), &error));
    QVERIFY2(error.contains(QStringLiteral("Wirebench-Interval line does not read")), qPrintable(error));
    log.comments = {QStringLiteral("[Wirebench-Interval: Tag=web/steady,0.000]")};
    QVERIFY(!merge.add(log, QString(), &error));
    QVERIFY2(error.contains(QStringLiteral("cut short")), qPrintable(error));
}

void tst_IntervalLogMerge::aFullDiskStopsTheLogAndSaysWhere()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("full.hlog"));
    IntervalLogRecorder recorder;
    QString error;
    QVERIFY2(recorder.open(path, QDateTime::currentDateTimeUtc(), QString(), &error), qPrintable(error));
    FleetSnapshot snapshot;
    snapshot.intervalNs = IntervalNs;
    auto histogram = std::make_shared<LatencyHistogram>();
    histogram->record(123'456);
    snapshot.intervalCorrected = histogram;
    snapshot.intervalUncorrected = histogram;
    recorder.add(QStringLiteral("web"), QString(), true, IntervalNs, snapshot);
    QVERIFY(recorder.error().isEmpty());
    {
        // As a full disk: the file may grow by a few bytes, not a whole interval.
        FileSizeLimit limit(rlim_t(QFileInfo(path).size() + 40));
        QVERIFY(limit.isActive());
        recorder.add(QStringLiteral("web"), QString(), true, 2 * IntervalNs, snapshot);
    }
    QVERIFY2(recorder.error().startsWith(QStringLiteral("cannot write the interval log %1: ").arg(path)), qPrintable(recorder.error()));
    QVERIFY2(recorder.error().endsWith(QStringLiteral("it ends before 1.000 s")), qPrintable(recorder.error()));
    QVERIFY(!recorder.isOpen());
    // What was written before still reads: one whole interval.
    const std::optional<IntervalLog> log = IntervalLogReader::readFile(path, &error);
    QVERIFY2(log, qPrintable(error));
    QCOMPARE(log->entries.size(), 2); // corrected and uncorrected of the first interval
}

QTEST_GUILESS_MAIN(tst_IntervalLogMerge)
#include "tst_intervallogmerge.moc"
