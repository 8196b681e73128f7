// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QtGlobal>

#include <algorithm>
#include <bit>
#include <vector>

namespace NetCore {

/**
 * A high-dynamic-range latency histogram in nanoseconds: log-linear buckets with
 * 1,024 sub-buckets per power of two, so every value is kept to 3 significant
 * digits (relative error below 1/1024; values under 2,048 ns are exact), from 0 up
 * to highestTrackable() (default one hour). Counts are exact 64-bit integers.
 *
 * record() is constant time and allocation-free. Values outside [0, highest] are
 * clamped to the nearest end and counted in clampedCount(), never dropped. Histograms
 * with the same highest trackable value merge by adding counters.
 *
 * Percentiles report the highest value equivalent to the bucket they fall in,
 * capped at the exact maximum recorded: never below the true value, at most
 * 1/1024 above it. Not thread-safe: one per thread, merged into snapshots.
 */
class LatencyHistogram
{
public:
    static constexpr qint64 OneHourNs = 3'600'000'000'000LL;

    /** One row of the percentile distribution (see percentileDistribution()). */
    struct PercentileRow {
        qint64 value = 0;        // ns
        double quantile = 0.0;   // 0 .. 1
        quint64 totalCount = 0;  // values recorded at or below `value`
    };

    LatencyHistogram()
        : LatencyHistogram(OneHourNs)
    {
    }
    explicit LatencyHistogram(qint64 highestTrackableNs);

    void record(qint64 valueNs, quint64 count = 1);
    /** Adds `other`'s counts; `other` may have any highest trackable value. */
    void merge(const LatencyHistogram &other);
    void reset();
    /**
     * Removes `earlier`'s counts, which must have been recorded into this histogram
     * (a cumulative histogram minus an earlier copy of it: what came since). Min and
     * max become those of the remaining buckets, so they are no longer exact.
     */
    void subtract(const LatencyHistogram &earlier);

    qint64 highestTrackable() const { return m_highestTrackable; }
    quint64 totalCount() const { return m_totalCount; }
    quint64 clampedCount() const { return m_clampedCount; }
    bool isEmpty() const { return m_totalCount == 0; }

    /** Exact smallest and largest value recorded (after clamping); 0 when empty. */
    qint64 min() const;
    qint64 max() const;
    /** Mean and (population) standard deviation of the values recorded, after clamping. */
    double mean() const;
    double stddev() const;

    /** The value below which `percentile` % (0..100) of the values fall; 0 when empty. */
    qint64 valueAtPercentile(double percentile) const;
    /** Several percentiles in one pass; `percentiles` must be ascending. */
    QList<qint64> valuesAtPercentiles(const QList<double> &percentiles) const;

    /**
     * The distribution at the percentile steps HdrHistogram reports: `ticksPerHalfDistance`
     * rows in each halving of the remaining distance to 100 % (0, 10, ... 50, 55, ...
     * 75, 77.5, ...), ending with the maximum at quantile 1.
     */
    QList<PercentileRow> percentileDistribution(int ticksPerHalfDistance = 5) const;

    /** Smallest and largest values that share `valueNs`'s bucket. */
    static qint64 lowestEquivalent(qint64 valueNs);
    static qint64 highestEquivalent(qint64 valueNs);

    /**
     * Adds `count` values known only by their bucket [lowNs, highNs] (a histogram read
     * back from its encoding): counted at the bucket's middle, min and max widened to
     * the bounds of the bucket that holds it here, as HdrHistogram reports them.
     */
    void recordBucket(qint64 lowNs, qint64 highNs, quint64 count);

    /** The counters by index (HdrHistogram's layout for lowest 1 and 3 digits), up to the maximum's. */
    qsizetype countsLimit() const { return m_totalCount == 0 ? 0 : qsizetype(lastOccupied()) + 1; }
    quint64 countAtIndex(qsizetype index) const { return m_counts[size_t(index)]; }

    /** Number of log buckets and of sub-buckets, as the .hgrm footer states them. */
    int bucketCount() const;
    static constexpr int subBucketCount() { return 2 * SubBucketHalfCount; }

    /** Same range, same counts, same extremes. */
    bool operator==(const LatencyHistogram &other) const;

private:
    static constexpr int SubBucketHalfCountMagnitude = 10;
    static constexpr int SubBucketHalfCount = 1 << SubBucketHalfCountMagnitude;

    static qsizetype indexOf(qint64 valueNs)
    {
        const auto value = quint64(valueNs);
        const int bucket = 53 - std::countl_zero(value | quint64(2 * SubBucketHalfCount - 1));
        return (qsizetype(bucket) << SubBucketHalfCountMagnitude) + qsizetype(value >> bucket);
    }
    static qint64 valueAtIndex(qsizetype index);
    static qint64 bucketWidthAtIndex(qsizetype index);
    qint64 highestInBucket(qsizetype index) const;
    // Every count lies between the buckets of min and max: the loops over the
    // counters (merge, reset, percentiles) walk only that span, not all 33.8k.
    size_t firstOccupied() const { return size_t(indexOf(m_min)); }
    size_t lastOccupied() const { return size_t(indexOf(m_max)); }

    qint64 m_highestTrackable;
    std::vector<quint64> m_counts;
    quint64 m_totalCount = 0;
    quint64 m_clampedCount = 0;
    qint64 m_min = 0;
    qint64 m_max = 0;
    // Exact moments for mean and stddev; doubles, so they are left out of operator==
    // (summing in another order may round differently).
    double m_sum = 0.0;
    double m_sumOfSquares = 0.0;
};

// Inline: it runs three times per reply on the fleet's I/O threads.
inline void LatencyHistogram::record(qint64 valueNs, quint64 count)
{
    if (count == 0)
        return;
    if (valueNs < 0 || valueNs > m_highestTrackable) [[unlikely]] {
        valueNs = valueNs < 0 ? 0 : m_highestTrackable;
        m_clampedCount += count;
    }
    m_counts[size_t(indexOf(valueNs))] += count;
    if (m_totalCount == 0) {
        m_min = valueNs;
        m_max = valueNs;
    } else {
        m_min = std::min(m_min, valueNs);
        m_max = std::max(m_max, valueNs);
    }
    m_totalCount += count;
    const double value = double(valueNs);
    const double weight = double(count);
    m_sum += value * weight;
    m_sumOfSquares += value * value * weight;
}

} // namespace NetCore
