// SPDX-License-Identifier: GPL-3.0-or-later
#include "metrics/latencyhistogram.h"

#include <QRandomGenerator>
#include <QTest>

#include <algorithm>
#include <cmath>

using namespace NetCore;

namespace {

constexpr qint64 Us = 1000;
constexpr qint64 Ms = 1000 * Us;
constexpr qint64 S = 1000 * Ms;

// The exact percentile of a sample, by the same rank rule (ceil, at least the first).
qint64 exactPercentile(QList<qint64> values, double percentile)
{
    std::sort(values.begin(), values.end());
    const auto rank = std::clamp<qsizetype>(qsizetype(std::ceil(percentile / 100.0 * double(values.size()))), 1,
                                            values.size());
    return values[rank - 1];
}

} // namespace

class tst_LatencyHistogram : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void percentilesOfKnownDistributions_data();
    void percentilesOfKnownDistributions();
    void precisionHoldsAcrossTheRange();
    void meanAndStddev();
    void recordWithCount();
    void mergingEqualsRecordingIntoOne();
    void mergingDifferentRangesClampsTheExcess();
    void outOfRangeValuesAreClampedAndCounted();
    void percentileDistributionSteps();
    void resetEmpties();
    void reusedAfterResetMatchesAFreshOne_data();
    void reusedAfterResetMatchesAFreshOne();
    void subtractingAnEarlierCopyLeavesWhatCameSince();
};

void tst_LatencyHistogram::percentilesOfKnownDistributions_data()
{
    QTest::addColumn<QList<qint64>>("values");

    QTest::newRow("single value 1 ms x1000") << QList<qint64>(1000, 1 * Ms);
    QTest::newRow("single value 1 us") << QList<qint64>{1 * Us};

    QList<qint64> uniform;
    for (qint64 i = 1; i <= 10000; ++i)
        uniform.append(i * Us);
    QTest::newRow("uniform 1 us .. 10 ms") << uniform;

    QList<qint64> bimodal(900, 100 * Us);
    bimodal.append(QList<qint64>(100, 10 * Ms));
    QTest::newRow("bimodal 100 us / 10 ms") << bimodal;

    QList<qint64> outliers(9990, 50 * Us);
    outliers.append(QList<qint64>(10, 30 * S));
    QTest::newRow("heavy outliers 50 us / 30 s") << outliers;

    QList<qint64> exponential;
    QRandomGenerator random(7);
    for (int i = 0; i < 50000; ++i)
        exponential.append(qint64(-std::log(1.0 - random.generateDouble()) * double(200 * Us)) + 2 * Us);
    QTest::newRow("exponential mean 200 us") << exponential;

    QList<qint64> small;
    for (qint64 i = 0; i < 2048; ++i)
        small.append(i);
    QTest::newRow("0 .. 2047 ns kept exactly") << small;
}

void tst_LatencyHistogram::percentilesOfKnownDistributions()
{
    QFETCH(QList<qint64>, values);
    LatencyHistogram histogram;
    for (qint64 value : values)
        histogram.record(value);

    QCOMPARE(histogram.totalCount(), quint64(values.size()));
    QCOMPARE(histogram.min(), *std::min_element(values.begin(), values.end()));
    QCOMPARE(histogram.max(), *std::max_element(values.begin(), values.end()));
    QCOMPARE(histogram.clampedCount(), quint64(0));

    const QList<double> percentiles{0.0, 1.0, 10.0, 50.0, 89.9, 90.0, 90.1, 99.0, 99.9, 99.95, 99.99, 100.0};
    const QList<qint64> reported = histogram.valuesAtPercentiles(percentiles);
    for (qsizetype i = 0; i < percentiles.size(); ++i) {
        const double p = percentiles[i];
        const qint64 exact = p == 0.0 ? histogram.min() : exactPercentile(values, p);
        // Never below the true value, at most one part in 1024 above it.
        QVERIFY2(reported[i] >= exact && double(reported[i]) <= double(exact) * (1.0 + 1.0 / 1024.0),
                 qPrintable(QStringLiteral("p%1: reported %2, exact %3").arg(p).arg(reported[i]).arg(exact)));
        QCOMPARE(histogram.valueAtPercentile(p), reported[i]);
    }
}

void tst_LatencyHistogram::precisionHoldsAcrossTheRange()
{
    QRandomGenerator random(11);
    for (int i = 0; i < 100000; ++i) {
        // Log-uniform from 1 us to 1 h.
        const auto value = qint64(std::exp(random.bounded(std::log(double(LatencyHistogram::OneHourNs) / Us)))
                                  * double(Us));
        const qint64 low = LatencyHistogram::lowestEquivalent(value);
        const qint64 high = LatencyHistogram::highestEquivalent(value);
        QVERIFY(low <= value && value <= high);
        QVERIFY2(double(high - low + 1) <= double(value) / 1024.0 + 1.0, qPrintable(QString::number(value)));
    }
    LatencyHistogram histogram;
    histogram.record(LatencyHistogram::OneHourNs);
    QCOMPARE(histogram.clampedCount(), quint64(0));
    QCOMPARE(histogram.valueAtPercentile(100), LatencyHistogram::OneHourNs);
}

void tst_LatencyHistogram::meanAndStddev()
{
    LatencyHistogram histogram;
    QList<qint64> values;
    for (qint64 i = 1; i <= 10000; ++i)
        values.append(i * Us);
    for (qint64 value : values)
        histogram.record(value);
    double sum = 0;
    for (qint64 value : values)
        sum += double(value);
    const double mean = sum / double(values.size());
    double squares = 0;
    for (qint64 value : values)
        squares += (double(value) - mean) * (double(value) - mean);
    const double stddev = std::sqrt(squares / double(values.size()));
    QVERIFY2(std::abs(histogram.mean() - mean) / mean < 1.0 / 1024, qPrintable(QString::number(histogram.mean())));
    QVERIFY2(std::abs(histogram.stddev() - stddev) / stddev < 1.0 / 1024,
             qPrintable(QString::number(histogram.stddev())));

    LatencyHistogram constant;
    constant.record(1500, 10);
    QCOMPARE(constant.mean(), 1500.0);
    QCOMPARE(constant.stddev(), 0.0);
    QCOMPARE(LatencyHistogram().mean(), 0.0);
}

void tst_LatencyHistogram::recordWithCount()
{
    LatencyHistogram once;
    LatencyHistogram many;
    once.record(123 * Us, 5000);
    for (int i = 0; i < 5000; ++i)
        many.record(123 * Us);
    QVERIFY(once == many);
    once.record(1, 0);
    QVERIFY(once == many);
}

void tst_LatencyHistogram::mergingEqualsRecordingIntoOne()
{
    QRandomGenerator random(3);
    LatencyHistogram all;
    QList<LatencyHistogram> perThread(4);
    for (int i = 0; i < 40000; ++i) {
        const auto value = qint64(random.bounded(std::log(10.0 * S)));
        const qint64 ns = qint64(std::exp(double(value) + random.generateDouble()));
        all.record(ns);
        perThread[i % 4].record(ns);
    }
    LatencyHistogram merged;
    for (const auto &part : perThread)
        merged.merge(part);
    QVERIFY(merged == all);
    QCOMPARE(merged.valueAtPercentile(99.9), all.valueAtPercentile(99.9));

    // Merging an empty histogram changes nothing; merging into an empty one copies.
    merged.merge(LatencyHistogram());
    QVERIFY(merged == all);
}

void tst_LatencyHistogram::mergingDifferentRangesClampsTheExcess()
{
    LatencyHistogram wide(LatencyHistogram::OneHourNs);
    wide.record(5 * Ms, 10);
    wide.record(30 * S, 2);
    LatencyHistogram narrow(10 * S);
    narrow.record(1 * Ms);
    narrow.merge(wide);
    QCOMPARE(narrow.totalCount(), quint64(13));
    QCOMPARE(narrow.clampedCount(), quint64(2));
    QCOMPARE(narrow.max(), 10 * S);
    QCOMPARE(narrow.min(), 1 * Ms);
    QVERIFY(narrow.valueAtPercentile(50) >= 5 * Ms);
}

void tst_LatencyHistogram::outOfRangeValuesAreClampedAndCounted()
{
    LatencyHistogram histogram(60 * S);
    histogram.record(-5);
    histogram.record(2 * 3600 * S, 3);
    histogram.record(1 * Ms);
    QCOMPARE(histogram.totalCount(), quint64(5));
    QCOMPARE(histogram.clampedCount(), quint64(4));
    QCOMPARE(histogram.min(), qint64(0));
    QCOMPARE(histogram.max(), 60 * S);
    QCOMPARE(histogram.valueAtPercentile(100), 60 * S);
}

void tst_LatencyHistogram::percentileDistributionSteps()
{
    LatencyHistogram histogram;
    for (qint64 i = 1; i <= 100000; ++i)
        histogram.record(i * Us);
    const auto rows = histogram.percentileDistribution(5);
    QVERIFY(rows.size() > 50);
    QCOMPARE(rows.first().quantile, 0.0);
    QCOMPARE(rows.last().quantile, 1.0);
    QCOMPARE(rows.last().value, histogram.max());
    QCOMPARE(rows.last().totalCount, histogram.totalCount());
    // The first steps: 0, 0.1 ... 0.5 by tenths, then 0.55 ... by twentieths.
    QCOMPARE(rows[1].quantile, 0.1);
    QVERIFY(std::abs(rows[6].quantile - 0.55) < 1e-12);
    for (qsizetype i = 1; i < rows.size(); ++i) {
        QVERIFY(rows[i].quantile > rows[i - 1].quantile);
        QVERIFY(rows[i].value >= rows[i - 1].value);
        QVERIFY(rows[i].totalCount >= rows[i - 1].totalCount);
    }
    // Each row's value is the histogram's own percentile at that step.
    for (const auto &row : rows)
        QCOMPARE(row.value, histogram.valueAtPercentile(row.quantile * 100.0));

    QVERIFY(LatencyHistogram().percentileDistribution().isEmpty());
    LatencyHistogram single;
    single.record(42 * Us);
    const auto singleRows = single.percentileDistribution();
    QCOMPARE(singleRows.last().value, 42 * Us);
    QCOMPARE(singleRows.first().value, 42 * Us);
}

void tst_LatencyHistogram::resetEmpties()
{
    LatencyHistogram histogram;
    histogram.record(-1);
    histogram.record(5 * Ms);
    histogram.record(LatencyHistogram::OneHourNs); // the last counter
    histogram.reset();
    QVERIFY(histogram == LatencyHistogram());
    QVERIFY(histogram.isEmpty());
    QCOMPARE(histogram.valueAtPercentile(99), qint64(0));
}

void tst_LatencyHistogram::reusedAfterResetMatchesAFreshOne_data()
{
    // What a worker does every interval: record, hand over (merge), reset, record again.
    QTest::addColumn<QList<qint64>>("before");
    QTest::addColumn<QList<qint64>>("after");
    QTest::newRow("wide, then narrow") << QList<qint64>{0, 1 * Us, 30 * S, LatencyHistogram::OneHourNs}
                                       << QList<qint64>{50 * Us, 51 * Us};
    QTest::newRow("narrow, then wide") << QList<qint64>{2 * Ms} << QList<qint64>{1, 10 * Ms, 20 * S};
    QTest::newRow("then nothing") << QList<qint64>{7 * Us, 9 * Ms} << QList<qint64>{};
}

void tst_LatencyHistogram::reusedAfterResetMatchesAFreshOne()
{
    QFETCH(QList<qint64>, before);
    QFETCH(QList<qint64>, after);
    LatencyHistogram reused;
    LatencyHistogram total;
    for (qint64 value : before)
        reused.record(value);
    total.merge(reused);
    reused.reset();
    LatencyHistogram fresh;
    for (qint64 value : after) {
        reused.record(value);
        fresh.record(value);
    }
    QVERIFY(reused == fresh);
    QCOMPARE(reused.valuesAtPercentiles({50, 99, 100}), fresh.valuesAtPercentiles({50, 99, 100}));
    total.merge(reused);
    LatencyHistogram allAtOnce;
    for (qint64 value : before + after)
        allAtOnce.record(value);
    QVERIFY(total == allAtOnce);
    QCOMPARE(total.percentileDistribution().size(), allAtOnce.percentileDistribution().size());
}

void tst_LatencyHistogram::subtractingAnEarlierCopyLeavesWhatCameSince()
{
    LatencyHistogram cumulative;
    cumulative.record(5 * S, 10); // a warm-up with outliers
    cumulative.record(1 * Us, 100);
    const LatencyHistogram atWarmupEnd = cumulative;
    LatencyHistogram since;
    for (qint64 i = 1; i <= 1000; ++i) {
        cumulative.record(i * 10 * Us);
        since.record(i * 10 * Us);
    }
    cumulative.subtract(atWarmupEnd);
    QCOMPARE(cumulative.totalCount(), quint64(1000));
    QCOMPARE(cumulative.valueAtPercentile(50), since.valueAtPercentile(50));
    // The exact max is gone, so the top reads as its bucket's upper edge.
    QCOMPARE(cumulative.valueAtPercentile(99.9), LatencyHistogram::highestEquivalent(since.valueAtPercentile(99.9)));
    QVERIFY(std::abs(cumulative.mean() - since.mean()) < 1e-3 * since.mean());
    QCOMPARE(cumulative.min(), LatencyHistogram::lowestEquivalent(10 * Us));
    QCOMPARE(cumulative.max(), LatencyHistogram::highestEquivalent(10 * Ms));

    cumulative.subtract(cumulative);
    QVERIFY(cumulative.isEmpty());
}

QTEST_GUILESS_MAIN(tst_LatencyHistogram)
#include "tst_latencyhistogram.moc"
