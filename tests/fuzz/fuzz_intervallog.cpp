// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target for what `wirebench merge` and File > Open results read from other
// machines. Input layout:
//   byte 0: even, the rest is an interval log's text (IntervalLogReader);
//           odd, the rest is one encoded histogram (HdrHistogramEncoding::decode),
//           so the binary decoder is reached without base64 in the way.
// Properties checked, besides ASan/UBSan finding nothing: a histogram that decodes
// encodes again and decodes to the same buckets.

#include "metrics/hdrhistogramencoding.h"
#include "metrics/intervallogreader.h"

#include <cstdio>
#include <cstdlib>

using namespace NetCore;

namespace {

[[noreturn]] void fail(const char *what)
{
    std::fprintf(stderr, "fuzz property violated: %s\n", what);
    std::abort();
}

void checkRoundTrip(const LatencyHistogram &histogram)
{
    QString error;
    const auto again = HdrHistogramEncoding::decode(HdrHistogramEncoding::encodeCompressed(histogram), &error);
    if (!again)
        fail("a decoded histogram does not decode once encoded again");
    if (again->totalCount() != histogram.totalCount() || again->countsLimit() != histogram.countsLimit())
        fail("a histogram encoded again has other counts");
    for (qsizetype i = 0; i < histogram.countsLimit(); ++i) {
        if (again->countAtIndex(i) != histogram.countAtIndex(i))
            fail("a histogram encoded again has other buckets");
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const QByteArrayView rest(reinterpret_cast<const char *>(data + 1), qsizetype(size - 1));
    QString error;
    if (data[0] % 2 == 0) {
        const std::optional<IntervalLog> log = IntervalLogReader::read(rest, &error);
        if (!log && error.isEmpty())
            fail("a log that does not read gives no reason");
        if (log) {
            for (const IntervalLogEntry &entry : log->entries)
                checkRoundTrip(entry.histogram());
        }
        return 0;
    }
    const std::optional<LatencyHistogram> histogram = HdrHistogramEncoding::decode(rest, &error);
    if (!histogram && error.isEmpty())
        fail("a histogram that does not decode gives no reason");
    if (histogram)
        checkRoundTrip(*histogram);
    return 0;
}
