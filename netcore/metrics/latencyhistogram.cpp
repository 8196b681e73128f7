// SPDX-License-Identifier: GPL-3.0-or-later
#include "metrics/latencyhistogram.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>

namespace NetCore {

// Layout: bucket b >= 1 holds values [2048 << (b-1), 2048 << b) in 1,024 sub-buckets
// of width 2^b; bucket 0 holds 0..2047 exactly. Index = b * 1024 + (v >> b), which
// for bucket 0 is simply v: one count array, no gaps.

qint64 LatencyHistogram::valueAtIndex(qsizetype index)
{
    if (index < 2 * SubBucketHalfCount)
        return index;
    const int bucket = int(index >> SubBucketHalfCountMagnitude) - 1;
    const qint64 subBucket = (index & (SubBucketHalfCount - 1)) + SubBucketHalfCount;
    return subBucket << bucket;
}

qint64 LatencyHistogram::bucketWidthAtIndex(qsizetype index)
{
    if (index < 2 * SubBucketHalfCount)
        return 1;
    return qint64(1) << (int(index >> SubBucketHalfCountMagnitude) - 1);
}

qint64 LatencyHistogram::lowestEquivalent(qint64 valueNs)
{
    return valueAtIndex(indexOf(std::max<qint64>(valueNs, 0)));
}

qint64 LatencyHistogram::highestEquivalent(qint64 valueNs)
{
    const qsizetype index = indexOf(std::max<qint64>(valueNs, 0));
    return valueAtIndex(index) + bucketWidthAtIndex(index) - 1;
}

LatencyHistogram::LatencyHistogram(qint64 highestTrackableNs)
    : m_highestTrackable(std::clamp<qint64>(highestTrackableNs, 2 * SubBucketHalfCount,
                                            std::numeric_limits<qint64>::max() / 4))
    , m_counts(size_t(indexOf(m_highestTrackable) + 1), 0)
{
}

void LatencyHistogram::merge(const LatencyHistogram &other)
{
    if (other.m_totalCount == 0)
        return;
    // The bucket layout does not depend on the range, only the array's length does:
    // shared indexes add up, and whatever lies beyond this range is clamped.
    const size_t first = other.firstOccupied();
    const size_t end = std::min(other.lastOccupied() + 1, other.m_counts.size());
    const size_t sharedEnd = std::min(end, m_counts.size());
    for (size_t i = first; i < sharedEnd; ++i)
        m_counts[i] += other.m_counts[i];
    quint64 beyond = 0;
    for (size_t i = std::max(first, sharedEnd); i < end; ++i)
        beyond += other.m_counts[i];
    if (beyond > 0) {
        m_counts.back() += beyond;
        m_clampedCount += beyond;
    }

    const qint64 otherMin = std::min(other.m_min, m_highestTrackable);
    const qint64 otherMax = std::min(other.m_max, m_highestTrackable);
    m_min = m_totalCount == 0 ? otherMin : std::min(m_min, otherMin);
    m_max = m_totalCount == 0 ? otherMax : std::max(m_max, otherMax);
    m_totalCount += other.m_totalCount;
    m_clampedCount += other.m_clampedCount;
    m_sum += other.m_sum;
    m_sumOfSquares += other.m_sumOfSquares;
}

void LatencyHistogram::subtract(const LatencyHistogram &earlier)
{
    if (m_totalCount == 0)
        return;
    const size_t shared = std::min(m_counts.size(), earlier.m_counts.size());
    if (earlier.m_totalCount > 0) {
        const size_t end = std::min(earlier.lastOccupied() + 1, shared);
        for (size_t i = earlier.firstOccupied(); i < end; ++i)
            m_counts[i] -= std::min(m_counts[i], earlier.m_counts[i]);
    }
    m_totalCount -= std::min(m_totalCount, earlier.m_totalCount);
    m_clampedCount -= std::min(m_clampedCount, earlier.m_clampedCount);
    m_sum -= earlier.m_sum;
    m_sumOfSquares -= earlier.m_sumOfSquares;
    const auto spanBegin = m_counts.begin() + qsizetype(firstOccupied());
    const auto spanEnd = m_counts.begin() + qsizetype(lastOccupied()) + 1;
    if (m_totalCount == 0) {
        std::fill(spanBegin, spanEnd, 0); // whatever a mismatched `earlier` left
        reset();
        return;
    }
    const auto isUsed = [](quint64 count) { return count > 0; };
    const auto first = std::find_if(spanBegin, spanEnd, isUsed);
    const auto last = std::find_if(std::make_reverse_iterator(spanEnd), std::make_reverse_iterator(spanBegin), isUsed);
    // Bucket bounds, kept within the exact extremes seen before.
    m_min = std::max(valueAtIndex(qsizetype(first - m_counts.begin())), m_min);
    const qsizetype lastIndex = qsizetype(last.base() - m_counts.begin()) - 1;
    m_max = std::min(valueAtIndex(lastIndex) + bucketWidthAtIndex(lastIndex) - 1, m_max);
}

void LatencyHistogram::recordBucket(qint64 lowNs, qint64 highNs, quint64 count)
{
    if (count == 0)
        return;
    lowNs = std::clamp<qint64>(lowNs, 0, m_highestTrackable);
    highNs = std::clamp<qint64>(highNs, lowNs, m_highestTrackable);
    const bool wasEmpty = m_totalCount == 0;
    const qint64 middle = lowNs + (highNs - lowNs) / 2;
    record(middle, count);
    // The bounds of the bucket the values went to: [lowNs, highNs] itself when the layouts
    // agree, and within the occupied buckets when the bucket was wider than ours.
    const qint64 bottom = lowestEquivalent(middle);
    const qint64 top = std::min(highestEquivalent(middle), m_highestTrackable);
    m_min = wasEmpty ? bottom : std::min(m_min, bottom);
    m_max = wasEmpty ? top : std::max(m_max, top);
}

void LatencyHistogram::reset()
{
    if (m_totalCount > 0)
        std::fill(m_counts.begin() + qsizetype(firstOccupied()), m_counts.begin() + qsizetype(lastOccupied()) + 1, 0);
    m_totalCount = 0;
    m_clampedCount = 0;
    m_min = 0;
    m_max = 0;
    m_sum = 0.0;
    m_sumOfSquares = 0.0;
}

qint64 LatencyHistogram::min() const
{
    return m_min;
}

qint64 LatencyHistogram::max() const
{
    return m_max;
}

qint64 LatencyHistogram::highestInBucket(qsizetype index) const
{
    return std::min(valueAtIndex(index) + bucketWidthAtIndex(index) - 1, m_max);
}

double LatencyHistogram::mean() const
{
    return m_totalCount == 0 ? 0.0 : m_sum / double(m_totalCount);
}

double LatencyHistogram::stddev() const
{
    if (m_totalCount == 0)
        return 0.0;
    const double average = mean();
    // Rounding can take a zero variance a hair below zero.
    return std::sqrt(std::max(m_sumOfSquares / double(m_totalCount) - average * average, 0.0));
}

qint64 LatencyHistogram::valueAtPercentile(double percentile) const
{
    return valuesAtPercentiles({percentile}).constFirst();
}

QList<qint64> LatencyHistogram::valuesAtPercentiles(const QList<double> &percentiles) const
{
    QList<qint64> values(percentiles.size(), 0);
    if (m_totalCount == 0)
        return values;
    qsizetype next = 0;
    quint64 cumulative = 0;
    const size_t end = lastOccupied() + 1;
    for (size_t i = firstOccupied(); i < end && next < percentiles.size(); ++i) {
        cumulative += m_counts[i];
        while (next < percentiles.size()) {
            const double wanted = std::clamp(percentiles[next], 0.0, 100.0);
            // At least one value, and never more than there are.
            const auto rank = std::clamp<quint64>(quint64(std::ceil(wanted / 100.0 * double(m_totalCount))), 1,
                                                  m_totalCount);
            if (cumulative < rank)
                break;
            values[next++] = wanted == 0.0 ? m_min : highestInBucket(qsizetype(i));
        }
    }
    while (next < percentiles.size())
        values[next++] = m_max;
    return values;
}

QList<LatencyHistogram::PercentileRow> LatencyHistogram::percentileDistribution(int ticksPerHalfDistance) const
{
    QList<PercentileRow> rows;
    if (m_totalCount == 0)
        return rows;
    ticksPerHalfDistance = std::max(ticksPerHalfDistance, 1);

    double quantile = 0.0;
    quint64 cumulative = 0;
    const size_t end = lastOccupied() + 1;
    for (size_t i = firstOccupied(); i < end; ++i) {
        if (m_counts[i] == 0)
            continue;
        cumulative += m_counts[i];
        const qint64 value = highestInBucket(qsizetype(i));
        const bool last = cumulative == m_totalCount;
        // Emit every step this bucket reaches; in the last bucket, stop before the
        // steps crowd together (they never reach 1) and close with the maximum.
        while (double(cumulative) >= quantile * double(m_totalCount)) {
            rows.append({value, quantile, cumulative});
            const double remaining = 1.0 - quantile;
            const int halvings = int(std::floor(std::log2(1.0 / remaining)));
            const double step = 1.0 / (double(ticksPerHalfDistance) * std::ldexp(2.0, halvings));
            quantile += step;
            if (last && (1.0 - quantile) * double(m_totalCount) < 1.0)
                break;
            if (quantile >= 1.0)
                break;
        }
        if (last)
            break;
    }
    rows.append({m_max, 1.0, m_totalCount});
    return rows;
}

int LatencyHistogram::bucketCount() const
{
    return int(indexOf(m_highestTrackable) >> SubBucketHalfCountMagnitude);
}

bool LatencyHistogram::operator==(const LatencyHistogram &other) const
{
    return m_highestTrackable == other.m_highestTrackable && m_totalCount == other.m_totalCount
        && m_clampedCount == other.m_clampedCount && m_min == other.m_min && m_max == other.m_max
        && m_counts == other.m_counts;
}

} // namespace NetCore
