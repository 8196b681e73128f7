// SPDX-License-Identifier: GPL-3.0-or-later
#include "metrics/hdrhistogramencoding.h"

#include <QtEndian>

#include <zlib.h>

#include <bit>
#include <cmath>
#include <cstring>
#include <limits>

namespace NetCore {

namespace {

constexpr int HeaderBytes = 40;
constexpr int CompressedHeaderBytes = 8;
// Cookies of the encodings before V2 (their counts are fixed-width words): named in the error.
constexpr quint32 V0Cookie = 0x1c849308;
constexpr quint32 V0CompressedCookie = 0x1c849309;
constexpr quint32 V1Cookie = 0x1c849301;
constexpr quint32 V1CompressedCookie = 0x1c849302;

void putZigZag(QByteArray &out, qint64 signedValue)
{
    // ZigZag, then LEB128 cut at 9 bytes: eight 7-bit groups, the ninth byte takes the last 8 bits.
    quint64 value = (quint64(signedValue) << 1) ^ quint64(signedValue >> 63);
    for (int i = 0; i < 8; ++i) {
        if (value < 0x80) {
            out.append(char(value));
            return;
        }
        out.append(char((value & 0x7f) | 0x80));
        value >>= 7;
    }
    out.append(char(value));
}

bool takeZigZag(const uchar *&cursor, const uchar *end, qint64 *result)
{
    quint64 value = 0;
    for (int i = 0; i < 9; ++i) {
        if (cursor == end)
            return false;
        const quint64 byte = *cursor++;
        if (i == 8) {
            value |= byte << 56;
            break;
        }
        value |= (byte & 0x7f) << (7 * i);
        if ((byte & 0x80) == 0)
            break;
    }
    *result = qint64(value >> 1) ^ -qint64(value & 1);
    return true;
}

template <typename T>
void putBigEndian(QByteArray &out, T value)
{
    char bytes[sizeof(T)];
    qToBigEndian(value, bytes);
    out.append(bytes, sizeof(T));
}

bool failWith(QString *error, const QString &message)
{
    if (error)
        *error = message;
    return false;
}

// HdrHistogram's bucket layout for a lowest discernible value and a number of significant digits.
struct Layout {
    int unitMagnitude = 0;
    int subBucketHalfCountMagnitude = 0;
    qint64 subBucketHalfCount = 0;
    qsizetype countsLength = 0;

    // In unsigned arithmetic, capped at the largest qint64: a hostile header may put the
    // last bucket's top past 2^63.
    static qint64 capped(quint64 value) { return qint64(std::min<quint64>(value, quint64(std::numeric_limits<qint64>::max()))); }
    qint64 lowestAt(qsizetype index) const
    {
        qint64 bucket = (index >> subBucketHalfCountMagnitude) - 1;
        quint64 subBucket = quint64(index & (subBucketHalfCount - 1)) + quint64(subBucketHalfCount);
        if (bucket < 0) {
            subBucket -= quint64(subBucketHalfCount);
            bucket = 0;
        }
        const int shift = int(bucket) + unitMagnitude;
        return shift >= 64 || (subBucket >> (63 - std::min(shift, 63))) > 1 ? capped(~quint64(0)) : capped(subBucket << shift);
    }
    qint64 highestAt(qsizetype index) const
    {
        const int shift = int(std::max<qint64>((index >> subBucketHalfCountMagnitude) - 1, 0)) + unitMagnitude;
        const quint64 widthLessOne = shift >= 63 ? quint64(std::numeric_limits<qint64>::max()) : (quint64(1) << shift) - 1;
        return capped(quint64(lowestAt(index)) + widthLessOne);
    }
};

bool layoutFor(qint64 lowest, int digits, qint64 highest, Layout *layout, QString *error)
{
    if (digits < 0 || digits > 5)
        return failWith(error, QStringLiteral("%1 significant digits (HdrHistogram allows 0 to 5)").arg(digits));
    if (lowest < 1)
        return failWith(error, QStringLiteral("lowest discernible value %1 (must be at least 1)").arg(lowest));
    if (lowest > highest / 2)
        return failWith(error, QStringLiteral("highest trackable value %1 below twice the lowest (%2)").arg(highest).arg(lowest));
    const qint64 largestWithUnitResolution = 2 * qint64(std::pow(10, digits));
    layout->unitMagnitude = int(std::bit_width(quint64(lowest))) - 1;
    const int subBucketCountMagnitude = int(std::bit_width(quint64(largestWithUnitResolution - 1)));
    layout->subBucketHalfCountMagnitude = std::max(subBucketCountMagnitude, 1) - 1;
    if (layout->unitMagnitude + layout->subBucketHalfCountMagnitude + 1 > 62)
        return failWith(error, QStringLiteral("lowest value %1 with %2 digits overflows 64 bits").arg(lowest).arg(digits));
    layout->subBucketHalfCount = qint64(1) << layout->subBucketHalfCountMagnitude;
    // As many power-of-two buckets as it takes to hold `highest`.
    qint64 smallestUntrackable = (2 * layout->subBucketHalfCount) << layout->unitMagnitude;
    qsizetype buckets = 1;
    while (smallestUntrackable <= highest) {
        if (smallestUntrackable > std::numeric_limits<qint64>::max() / 2) {
            ++buckets;
            break;
        }
        smallestUntrackable <<= 1;
        ++buckets;
    }
    layout->countsLength = (buckets + 1) * qsizetype(layout->subBucketHalfCount);
    return true;
}

std::optional<QByteArray> inflateBounded(QByteArrayView compressed, QString *error)
{
    QByteArray out(HdrHistogramEncoding::MaxDecodedBytes, Qt::Uninitialized);
    z_stream stream{};
    if (inflateInit(&stream) != Z_OK) {
        failWith(error, QStringLiteral("zlib could not start"));
        return std::nullopt;
    }
    stream.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(compressed.data()));
    stream.avail_in = uInt(compressed.size());
    stream.next_out = reinterpret_cast<Bytef *>(out.data());
    stream.avail_out = uInt(out.size());
    const int status = inflate(&stream, Z_FINISH);
    const qsizetype produced = qsizetype(stream.total_out);
    inflateEnd(&stream);
    if (status == Z_STREAM_END) {
        out.truncate(produced);
        return out;
    }
    if (stream.avail_out == 0)
        failWith(error, QStringLiteral("the compressed histogram expands past %1 bytes").arg(HdrHistogramEncoding::MaxDecodedBytes));
    else
        failWith(error, QStringLiteral("the compressed histogram is not a whole zlib stream (%1)")
                            .arg(QString::fromLatin1(stream.msg ? stream.msg : "truncated")));
    return std::nullopt;
}

} // namespace

QByteArray HdrHistogramEncoding::encode(const LatencyHistogram &histogram)
{
    QByteArray out;
    putBigEndian<quint32>(out, Cookie);
    putBigEndian<qint32>(out, 0); // the payload's length, filled in below
    putBigEndian<qint32>(out, 0); // normalizing index offset: never shifted
    putBigEndian<qint32>(out, 3); // significant digits: 1,024 sub-buckets per half
    putBigEndian<qint64>(out, 1); // lowest discernible value (ns)
    putBigEndian<qint64>(out, histogram.highestTrackable());
    quint64 ratioBits;
    const double ratio = 1.0;
    std::memcpy(&ratioBits, &ratio, sizeof ratioBits);
    putBigEndian<quint64>(out, ratioBits);

    const qsizetype limit = histogram.countsLimit();
    for (qsizetype index = 0; index < limit;) {
        const quint64 count = histogram.countAtIndex(index++);
        if (count != 0) {
            putZigZag(out, qint64(std::min<quint64>(count, quint64(std::numeric_limits<qint64>::max()))));
            continue;
        }
        qint64 zeros = 1;
        while (index < limit && histogram.countAtIndex(index) == 0) {
            ++zeros;
            ++index;
        }
        putZigZag(out, zeros > 1 ? -zeros : 0);
    }
    qToBigEndian<qint32>(qint32(out.size() - HeaderBytes), out.data() + 4);
    return out;
}

QByteArray HdrHistogramEncoding::encodeCompressed(const LatencyHistogram &histogram)
{
    const QByteArray plain = encode(histogram);
    uLongf compressedSize = compressBound(uLong(plain.size()));
    QByteArray out(CompressedHeaderBytes + qsizetype(compressedSize), Qt::Uninitialized);
    const int status = compress2(reinterpret_cast<Bytef *>(out.data() + CompressedHeaderBytes), &compressedSize,
                                 reinterpret_cast<const Bytef *>(plain.constData()), uLong(plain.size()),
                                 Z_BEST_COMPRESSION); // as HdrHistogram's log writer: histograms are small
    Q_ASSERT(status == Z_OK); // the buffer is compressBound() large: nothing else can fail
    Q_UNUSED(status);
    out.truncate(CompressedHeaderBytes + qsizetype(compressedSize));
    qToBigEndian<quint32>(CompressedCookie, out.data());
    qToBigEndian<qint32>(qint32(compressedSize), out.data() + 4);
    return out;
}

std::optional<LatencyHistogram> HdrHistogramEncoding::decode(QByteArrayView bytes, QString *error)
{
    if (bytes.size() < CompressedHeaderBytes) {
        failWith(error, QStringLiteral("histogram too short (%1 bytes)").arg(bytes.size()));
        return std::nullopt;
    }
    const quint32 cookie = qFromBigEndian<quint32>(bytes.data());
    if (cookie == CompressedCookie) {
        const qint32 length = qFromBigEndian<qint32>(bytes.data() + 4);
        if (length < 0 || length > bytes.size() - CompressedHeaderBytes) {
            failWith(error, QStringLiteral("compressed length %1 but %2 bytes follow").arg(length).arg(bytes.size() - CompressedHeaderBytes));
            return std::nullopt;
        }
        const std::optional<QByteArray> plain = inflateBounded(bytes.sliced(CompressedHeaderBytes, length), error);
        if (!plain)
            return std::nullopt;
        if (plain->size() >= 4 && qFromBigEndian<quint32>(plain->constData()) == CompressedCookie) {
            failWith(error, QStringLiteral("a compressed histogram inside a compressed histogram"));
            return std::nullopt;
        }
        return decode(*plain, error);
    }
    if (cookie != Cookie) {
        const bool older = cookie == V0Cookie || cookie == V0CompressedCookie || cookie == V1Cookie || cookie == V1CompressedCookie;
        failWith(error, older ? QStringLiteral("an HdrHistogram encoding older than V2 (cookie 0x%1): not supported").arg(cookie, 8, 16, QLatin1Char('0'))
                              : QStringLiteral("not an HdrHistogram V2 histogram (cookie 0x%1)").arg(cookie, 8, 16, QLatin1Char('0')));
        return std::nullopt;
    }
    if (bytes.size() < HeaderBytes) {
        failWith(error, QStringLiteral("histogram header cut short (%1 of %2 bytes)").arg(bytes.size()).arg(HeaderBytes));
        return std::nullopt;
    }
    const qint32 payloadLength = qFromBigEndian<qint32>(bytes.data() + 4);
    const qint32 normalizingOffset = qFromBigEndian<qint32>(bytes.data() + 8);
    const qint32 digits = qFromBigEndian<qint32>(bytes.data() + 12);
    const qint64 lowest = qFromBigEndian<qint64>(bytes.data() + 16);
    const qint64 highest = qFromBigEndian<qint64>(bytes.data() + 24);
    if (payloadLength < 0 || payloadLength > bytes.size() - HeaderBytes) {
        failWith(error, QStringLiteral("payload length %1 but %2 bytes follow the header").arg(payloadLength).arg(bytes.size() - HeaderBytes));
        return std::nullopt;
    }
    if (normalizingOffset != 0) {
        failWith(error, QStringLiteral("a shifted histogram (normalizing index offset %1): not supported").arg(normalizingOffset));
        return std::nullopt;
    }
    Layout layout;
    QString layoutError;
    if (!layoutFor(lowest, digits, highest, &layout, &layoutError)) {
        failWith(error, QStringLiteral("histogram header: %1").arg(layoutError));
        return std::nullopt;
    }

    LatencyHistogram histogram(highest);
    const auto *cursor = reinterpret_cast<const uchar *>(bytes.data()) + HeaderBytes;
    const uchar *const end = cursor + payloadLength;
    qsizetype index = 0;
    while (cursor < end) {
        qint64 value = 0;
        if (!takeZigZag(cursor, end, &value)) {
            failWith(error, QStringLiteral("histogram payload ends inside a count"));
            return std::nullopt;
        }
        // A run of empty buckets, or one bucket's count; either must stay within the layout.
        const qint64 step = value == std::numeric_limits<qint64>::min() ? std::numeric_limits<qint64>::max()
            : value < 0                                               ? -value
                                                                      : 1;
        if (step > qint64(layout.countsLength - index)) {
            failWith(error, QStringLiteral("histogram payload runs past its %1 buckets").arg(layout.countsLength));
            return std::nullopt;
        }
        if (value > 0) {
            // Counts are 63-bit in the encoding: a total past that could not be written back.
            if (quint64(value) > quint64(std::numeric_limits<qint64>::max()) - histogram.totalCount()) {
                failWith(error, QStringLiteral("histogram counts add up past 2^63"));
                return std::nullopt;
            }
            histogram.recordBucket(layout.lowestAt(index), layout.highestAt(index), quint64(value));
        }
        index += qsizetype(step);
    }
    return histogram;
}

} // namespace NetCore
