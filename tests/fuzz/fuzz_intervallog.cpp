// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target for what `wirebench merge` and File > Open results read from other
// machines, and what the parent of --processes reads from its agents as they write.
// Input layout:
//   byte 0 % 4 == 0: the rest is an interval log's text (IntervalLogReader), merged
//                    (IntervalLogMerge: the Wirebench-Interval lines, the slots);
//   byte 0 % 4 == 2: byte 1 cuts the rest into two agents' logs (0: where a second
//                    StartTime line begins; else in proportion), fed to LiveIntervalMerge
//                    in pieces whose sizes come from the text itself;
//   odd:             the rest is one encoded histogram (HdrHistogramEncoding::decode),
//                    so the binary decoder is reached without base64 in the way.
// Properties checked, besides ASan/UBSan finding nothing: a histogram that decodes
// encodes again and decodes to the same buckets; live merging hands out each reply of
// logs that read whole exactly once, as merging the whole logs counts them.

#include "metrics/hdrhistogramencoding.h"
#include "metrics/intervallogreader.h"
#include "scenario/intervallogmerge.h"
#include "scenario/liveintervalmerge.h"

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

quint64 receivedIn(const RunRecord &record)
{
    quint64 received = 0;
    for (const RunRecord::Row &row : record.rows())
        received += row.interval.received;
    return received;
}

void mergeWhole(QByteArrayView text)
{
    QString error;
    const std::optional<IntervalLog> log = IntervalLogReader::read(text, &error);
    if (!log) {
        if (error.isEmpty())
            fail("a log that does not read gives no reason");
        return;
    }
    for (const IntervalLogEntry &entry : log->entries)
        checkRoundTrip(entry.histogram());
    IntervalLogMerge merge;
    if (merge.add(*log, QStringLiteral("fallback"), &error))
        (void)merge.record();
    else if (error.isEmpty())
        fail("a log that does not merge gives no reason");
}

void mergeLive(QByteArrayView text, uint8_t cut)
{
    // 0: where a second log begins (its StartTime line), as two agents' logs would be; else in proportion.
    const qsizetype second = text.indexOf(QByteArrayView("#[StartTime"), 1);
    const qsizetype at = cut == 0 && second > 0 ? second : text.size() * cut / 255;
    const QByteArrayView parts[2] = {text.first(at), text.sliced(at)};
    LiveIntervalMerge live(2);
    quint64 handedOut = 0;
    bool wholeAndClean = true;
    for (int part = 0; part < 2; ++part) {
        // Pieces as a writer's flushes would cut them: sizes from the bytes themselves.
        qsizetype offset = 0;
        while (offset < parts[part].size()) {
            const qsizetype length = std::min<qsizetype>(1 + uchar(parts[part][offset]) % 97, parts[part].size() - offset);
            QString error;
            if (!live.addText(part, parts[part].sliced(offset, length), &error))
                wholeAndClean = false;
            offset += length;
            for (const IntervalLogMerge::MergedInterval &interval : live.takeReady())
                handedOut += interval.snapshot.interval.received;
        }
        wholeAndClean = wholeAndClean && live.pendingBytes(part) == 0;
    }
    live.finishPart(0);
    live.finishPart(1);
    for (const IntervalLogMerge::MergedInterval &interval : live.takeReady())
        handedOut += interval.snapshot.interval.received;
    if (!wholeAndClean)
        return;
    // Both logs read whole: the live hand-outs count what merging the whole logs counts.
    IntervalLogMerge whole;
    for (const QByteArrayView &part : parts) {
        QString error;
        const std::optional<IntervalLog> log = IntervalLogReader::read(part, &error);
        if (!log || !whole.add(*log, QString(), &error))
            return; // a piece read alone where the whole does not (a header line cut in two)
    }
    if (receivedIn(whole.record()) != handedOut)
        fail("live merging hands out other replies than merging the whole logs");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const QByteArrayView rest(reinterpret_cast<const char *>(data + 1), qsizetype(size - 1));
    QString error;
    if (data[0] % 4 == 0) {
        mergeWhole(rest);
        return 0;
    }
    if (data[0] % 4 == 2) {
        if (!rest.isEmpty())
            mergeLive(rest.sliced(1), uint8_t(rest[0]));
        return 0;
    }
    const std::optional<LatencyHistogram> histogram = HdrHistogramEncoding::decode(rest, &error);
    if (!histogram && error.isEmpty())
        fail("a histogram that does not decode gives no reason");
    if (histogram)
        checkRoundTrip(*histogram);
    return 0;
}
