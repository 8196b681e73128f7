// SPDX-License-Identifier: GPL-3.0-or-later
#include "metrics/hgrmformat.h"

#include "metrics/latencyhistogram.h"

#include <cstdio>

namespace NetCore {

namespace {

// snprintf is locale-dependent only through LC_NUMERIC, which Qt leaves at "C".
void appendFormatted(QByteArray &out, const char *format, auto... values)
{
    char line[160];
    const int length = std::snprintf(line, sizeof line, format, values...);
    if (length > 0)
        out.append(line, qMin<qsizetype>(length, qsizetype(sizeof line) - 1));
}

} // namespace

QByteArray formatHgrm(const LatencyHistogram &histogram, double nanosecondsPerUnit, int ticksPerHalfDistance)
{
    const double scale = nanosecondsPerUnit > 0.0 ? nanosecondsPerUnit : 1.0;
    QByteArray out;
    appendFormatted(out, "%12s %14s %10s %14s\n\n", "Value", "Percentile", "TotalCount", "1/(1-Percentile)");
    for (const auto &row : histogram.percentileDistribution(ticksPerHalfDistance)) {
        const double value = double(row.value) / scale;
        const auto count = static_cast<unsigned long long>(row.totalCount);
        if (row.quantile < 1.0)
            appendFormatted(out, "%12.3f %2.12f %10llu %14.2f\n", value, row.quantile, count, 1.0 / (1.0 - row.quantile));
        else
            appendFormatted(out, "%12.3f %2.12f %10llu\n", value, row.quantile, count);
    }
    appendFormatted(out, "#[Mean    = %12.3f, StdDeviation   = %12.3f]\n", histogram.mean() / scale,
                    histogram.stddev() / scale);
    appendFormatted(out, "#[Max     = %12.3f, Total count    = %12llu]\n", double(histogram.max()) / scale,
                    static_cast<unsigned long long>(histogram.totalCount()));
    appendFormatted(out, "#[Buckets = %12d, SubBuckets     = %12d]\n", histogram.bucketCount(),
                    LatencyHistogram::subBucketCount());
    return out;
}

} // namespace NetCore
