// SPDX-License-Identifier: GPL-3.0-or-later
#include "histogramtestsupport.h"
#include "intervallogtestsupport.h"
#include "scenario/intervallogfollower.h"
#include "scenario/liveintervalmerge.h"

#include <QFile>
#include <QSignalSpy>
#include <QTest>

using namespace NetCore;
using HistogramTestSupport::sameBuckets;
using namespace IntervalLogTestSupport;

namespace {

QByteArray readAll(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(path));
    return file.readAll();
}

/** Where each whole interval of a log ends (after its counters line), in bytes. */
QList<qsizetype> intervalEnds(const QByteArray &log)
{
    QList<qsizetype> ends;
    qsizetype at = 0;
    while ((at = log.indexOf("#[Wirebench-Interval", at)) >= 0) {
        at = log.indexOf('\n', at) + 1;
        ends << at;
    }
    return ends;
}

} // namespace

class tst_LiveIntervalMerge : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void growingLogsMergeAsTheWholeLogsDo_data();
    void growingLogsMergeAsTheWholeLogsDo();
    void aSlotWaitsForEveryPart();
    void aFinishedPartHoldsNothingBack();
    void textThatIsNoLogIsRefusedAndBounded();
    void theFollowerReadsLogsAsTheyAreWritten();
};

void tst_LiveIntervalMerge::growingLogsMergeAsTheWholeLogsDo_data()
{
    QTest::addColumn<int>("pieceBytes");
    QTest::newRow("a byte at a time") << 1;
    QTest::newRow("odd pieces") << 97;
    QTest::newRow("whole logs") << (1 << 24);
}

void tst_LiveIntervalMerge::growingLogsMergeAsTheWholeLogsDo()
{
    QFETCH(int, pieceBytes);
    QTemporaryDir dir;
    Whole whole;
    const QStringList paths = writeShards(dir, 0.04, &whole);
    QList<QByteArray> logs;
    for (const QString &path : paths)
        logs << readAll(path);

    // The parts grow in turns, in pieces cut anywhere (mid-line, mid-interval).
    LiveIntervalMerge live(Shards);
    QList<IntervalLogMerge::MergedInterval> merged;
    QList<qsizetype> offsets(Shards, 0);
    for (bool more = true; more;) {
        more = false;
        for (int part = 0; part < Shards; ++part) {
            const QByteArray piece = logs[part].mid(offsets[part], pieceBytes);
            offsets[part] += piece.size();
            more = more || offsets[part] < logs[part].size();
            QString error;
            QVERIFY2(live.addText(part, piece, &error), qPrintable(error));
        }
        merged += live.takeReady();
    }
    for (int part = 0; part < Shards; ++part) {
        QCOMPARE(live.pendingBytes(part), 0);
        live.finishPart(part);
    }
    merged += live.takeReady();

    // One row per interval, in time order, each counted once; the last carries the whole run.
    QCOMPARE(merged.size(), Intervals);
    quint64 sent = 0;
    for (int i = 0; i < Intervals; ++i) {
        QCOMPARE(merged[i].snapshot.elapsedNs, (i + 1) * IntervalNs);
        QCOMPARE(merged[i].snapshot.intervalCorrected->totalCount(), whole.perInterval[i]);
        QCOMPARE(merged[i].phase, i < WarmupIntervals ? QStringLiteral("warm up") : QStringLiteral("steady"));
        // Every row carries the counters so far, as a live fleet's snapshot does.
        sent += merged[i].snapshot.interval.sent;
        QCOMPARE(merged[i].snapshot.total.sent, sent);
    }
    // The last row handed out carries the histograms so far.
    QVERIFY(merged.constLast().snapshot.totalCorrected);
    LatencyHistogram everything = whole.warmup;
    everything.merge(whole.measured);
    QVERIFY(sameBuckets(*merged.constLast().snapshot.totalCorrected, everything));
}

void tst_LiveIntervalMerge::aSlotWaitsForEveryPart()
{
    QTemporaryDir dir;
    Whole whole;
    const QStringList paths = writeShards(dir, 0.0, &whole);
    const QByteArray first = readAll(paths[0]);
    const QByteArray second = readAll(paths[1]);
    LiveIntervalMerge live(2);
    QString error;
    // Part 0 has written everything, part 1 nothing yet: nothing is whole.
    QVERIFY(live.addText(0, first, &error));
    QVERIFY(live.takeReady().isEmpty());
    // Part 1 has written three intervals: only the first is whole for certain (its third
    // may still be filling, and another fleet's second may come after it).
    const QList<qsizetype> ends = intervalEnds(second);
    QCOMPARE(ends.size(), Intervals);
    QVERIFY(live.addText(1, second.left(ends[2]), &error));
    const QList<IntervalLogMerge::MergedInterval> ready = live.takeReady();
    QCOMPARE(ready.size(), 1);
    QCOMPARE(ready[0].snapshot.elapsedNs, IntervalNs);
    QVERIFY(live.takeReady().isEmpty()); // handed out once
    QVERIFY(live.addText(1, second.mid(ends[2]), &error));
    live.finishPart(1);
    QCOMPARE(live.takeReady().size(), 3); // part 0 still runs: its last two slots wait
    live.finishPart(0);
    QCOMPARE(live.takeReady().size(), 2);
}

void tst_LiveIntervalMerge::aFinishedPartHoldsNothingBack()
{
    QTemporaryDir dir;
    Whole whole;
    const QStringList paths = writeShards(dir, 0.0, &whole);
    LiveIntervalMerge live(2);
    QString error;
    QVERIFY(live.addText(0, readAll(paths[0]), &error));
    live.finishPart(1); // an agent that ended before writing anything
    live.finishPart(0);
    QCOMPARE(live.takeReady().size(), Intervals);
}

void tst_LiveIntervalMerge::textThatIsNoLogIsRefusedAndBounded()
{
    LiveIntervalMerge live(2);
    QString error;
    QVERIFY(!live.addText(0, "#[Wirebench-Interval: Tag=web/steady,0.000,1.000,{]\n", &error));
    QVERIFY2(error.contains(QStringLiteral("Wirebench-Interval")), qPrintable(error));
    // A writer that never ends an interval is cut off at the bound, not buffered forever.
    const QByteArray noise(1024 * 1024, 'x');
    bool refused = false;
    for (int i = 0; i < 20 && !refused; ++i)
        refused = !live.addText(1, noise, &error);
    QVERIFY(refused);
    QVERIFY2(error.contains(QStringLiteral("no whole interval")), qPrintable(error));
    QCOMPARE(live.pendingBytes(1), 0);
    // Broken parts are left out: they hold nothing back.
    QVERIFY(live.takeReady().isEmpty());
}

void tst_LiveIntervalMerge::theFollowerReadsLogsAsTheyAreWritten()
{
    QTemporaryDir source;
    Whole whole;
    const QStringList written = writeShards(source, 0.0, &whole);
    // The agents' logs, appended to as they go (the first does not exist yet).
    QTemporaryDir dir;
    QStringList paths;
    for (int part = 0; part < Shards; ++part)
        paths << dir.filePath(QStringLiteral("agent-%1.hlog").arg(part));
    IntervalLogFollower follower(paths);
    QList<IntervalLogMerge::MergedInterval> merged;
    connect(&follower, &IntervalLogFollower::merged, this,
            [&merged](const QList<IntervalLogMerge::MergedInterval> &intervals) { merged += intervals; });
    QSignalSpy unreadable(&follower, &IntervalLogFollower::unreadable);
    follower.start(10);
    std::vector<std::unique_ptr<QFile>> files;
    QList<QByteArray> logs;
    for (int part = 0; part < Shards; ++part) {
        logs << readAll(written[part]);
        files.push_back(std::make_unique<QFile>(paths[part]));
    }
    // Half of every log, then the rest.
    for (int part = 0; part < Shards; ++part) {
        QVERIFY(files[part]->open(QIODevice::WriteOnly | QIODevice::Unbuffered));
        files[part]->write(logs[part].left(intervalEnds(logs[part])[Intervals / 2 - 1]));
    }
    QTRY_COMPARE(merged.size(), Intervals / 2 - 2);
    for (int part = 0; part < Shards; ++part) {
        files[part]->write(logs[part].mid(intervalEnds(logs[part])[Intervals / 2 - 1]));
        follower.finishPart(part);
    }
    QCOMPARE(merged.size(), Intervals);
    QCOMPARE(merged.constLast().snapshot.total.received, whole.perInterval.constLast() + [&] {
        quint64 before = 0;
        for (int i = 0; i + 1 < Intervals; ++i)
            before += whole.perInterval[i];
        return before;
    }());
    QCOMPARE(unreadable.size(), 0);
}

QTEST_GUILESS_MAIN(tst_LiveIntervalMerge)
#include "tst_liveintervalmerge.moc"
