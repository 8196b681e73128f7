// SPDX-License-Identifier: GPL-3.0-or-later
#include "histogramtestsupport.h"
#include "metrics/hdrhistogramencoding.h"

#include <QRandomGenerator>
#include <QTest>
#include <QtEndian>

using namespace NetCore;
using HistogramTestSupport::sameBuckets;

namespace {

// Made by HdrHistogram itself (Debian's libhdrhistogram-java 2.1.11): a Histogram(1, 3.6e12, 3)
// holding 1 twice, 2047, 2048 five times, 123456789 and 3.6e12, encoded with
// encodeIntoByteBuffer and encodeIntoCompressedByteBuffer, then base64.
const QByteArray JavaPlain = "HISTEwAAAA4AAAAAAAAAAwAAAAAAAAABAAADRjC4oAA/8AAAAAAAAAAE+R8CCrP9AQLf7AEC";
const QByteArray JavaCompressed = "HISTFAAAAC942pNpmSzMwMDAxwABzFCaEch0M9ixgMH+A1SE5ac8E9fmv4xM998wMgEArV8JAg==";

LatencyHistogram javaSample()
{
    LatencyHistogram histogram;
    histogram.record(1, 2);
    histogram.record(2047);
    histogram.record(2048, 5);
    histogram.record(123456789);
    histogram.record(LatencyHistogram::OneHourNs);
    return histogram;
}

QByteArray bigEndian32(quint32 value)
{
    QByteArray bytes(4, '\0');
    qToBigEndian(value, bytes.data());
    return bytes;
}

} // namespace

class tst_HdrHistogramEncoding : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void layoutIsHdrHistogramsByteForByte();
    void readsWhatHdrHistogramWrote_data();
    void readsWhatHdrHistogramWrote();
    void runsOfEmptyBucketsAndLargeCounts();
    void otherLayoutsMapToOurBuckets();
    void roundTrips_data();
    void roundTrips();
    void badInputIsNamed_data();
    void badInputIsNamed();
};

void tst_HdrHistogramEncoding::layoutIsHdrHistogramsByteForByte()
{
    // The plain encoding is deterministic: ours must be HdrHistogram's, byte for byte.
    QCOMPARE(HdrHistogramEncoding::encode(javaSample()).toBase64(), JavaPlain);

    // From the format's description: one value of 1 is an empty bucket 0 (count 0,
    // ZigZag 0x00), then a count of 1 (0x02); three of 2047 are a run of 2047 empty
    // buckets (-2047: ZigZag 4093, LEB128 FD 1F), then 3 (0x06).
    LatencyHistogram one;
    one.record(1);
    QCOMPARE(HdrHistogramEncoding::encode(one).sliced(40).toHex(), QByteArray("0002"));
    LatencyHistogram three;
    three.record(2047, 3);
    const QByteArray encoded = HdrHistogramEncoding::encode(three);
    QCOMPARE(encoded.sliced(40).toHex(), QByteArray("fd1f06"));
    QCOMPARE(encoded.first(16).toHex(), QByteArray("1c849313" "00000003" "00000000" "00000003"));
}

void tst_HdrHistogramEncoding::readsWhatHdrHistogramWrote_data()
{
    QTest::addColumn<QByteArray>("base64");
    QTest::newRow("plain") << JavaPlain;
    QTest::newRow("compressed") << JavaCompressed;
}

void tst_HdrHistogramEncoding::readsWhatHdrHistogramWrote()
{
    QFETCH(QByteArray, base64);
    QString error;
    const std::optional<LatencyHistogram> decoded = HdrHistogramEncoding::decode(QByteArray::fromBase64(base64), &error);
    QVERIFY2(decoded, qPrintable(error));
    QVERIFY(sameBuckets(*decoded, javaSample()));
    QCOMPARE(decoded->totalCount(), quint64(10));
    // HdrHistogram said p50 2049 (the top of 2048's bucket) for this histogram.
    QCOMPARE(decoded->valueAtPercentile(50), qint64(2049));
    QCOMPARE(decoded->min(), qint64(1));
}

void tst_HdrHistogramEncoding::runsOfEmptyBucketsAndLargeCounts()
{
    LatencyHistogram histogram;
    histogram.record(5, (quint64(1) << 62) + 7); // takes all nine bytes of the ZigZag form
    histogram.record(7'000'000'000);
    QString error;
    const auto decoded = HdrHistogramEncoding::decode(HdrHistogramEncoding::encodeCompressed(histogram), &error);
    QVERIFY2(decoded, qPrintable(error));
    QVERIFY(sameBuckets(*decoded, histogram));
}

void tst_HdrHistogramEncoding::otherLayoutsMapToOurBuckets()
{
    // A histogram another tool kept with lowest 1000 and 2 digits (256 sub-buckets, unit
    // 512): one value at index 300, which holds [176128, 177151] ns there.
    QByteArray foreign;
    auto put32 = [&](quint32 v) { char b[4]; qToBigEndian(v, b); foreign.append(b, 4); };
    auto put64 = [&](quint64 v) { char b[8]; qToBigEndian(v, b); foreign.append(b, 8); };
    const QByteArray payload = QByteArray::fromHex("d704" "02"); // 300 empty buckets (-300: ZigZag 599), then 1
    put32(HdrHistogramEncoding::Cookie);
    put32(quint32(payload.size()));
    put32(0);
    put32(2);
    put64(1000);
    put64(3'600'000'000'000ULL);
    put64(0x3ff0000000000000ULL); // 1.0
    foreign += payload;
    QString error;
    const auto decoded = HdrHistogramEncoding::decode(foreign, &error);
    QVERIFY2(decoded, qPrintable(error));
    QCOMPARE(decoded->totalCount(), quint64(1));
    // Their bucket is wider than ours: the value is counted at its middle, in our bucket there.
    QVERIFY(decoded->min() >= 176128 && decoded->max() <= 177151);
    QVERIFY(decoded->min() <= decoded->max());
    const auto again = HdrHistogramEncoding::decode(HdrHistogramEncoding::encode(*decoded), &error);
    QVERIFY2(again, qPrintable(error));
    QVERIFY(sameBuckets(*again, *decoded));
    QCOMPARE(again->max(), decoded->max());

    // Counts that add up past what the encoding can write back are refused.
    LatencyHistogram huge;
    huge.record(10, quint64(std::numeric_limits<qint64>::max()));
    huge.record(20, 5);
    QVERIFY(!HdrHistogramEncoding::decode(HdrHistogramEncoding::encode(huge), &error));
    QVERIFY2(error.contains(QStringLiteral("past 2^63")), qPrintable(error));
}

void tst_HdrHistogramEncoding::roundTrips_data()
{
    QTest::addColumn<int>("values");
    QTest::addColumn<qint64>("ceiling");
    QTest::newRow("empty") << 0 << qint64(1);
    QTest::newRow("exact range") << 500 << qint64(2048);
    QTest::newRow("microseconds") << 10'000 << qint64(10'000'000);
    QTest::newRow("whole hour") << 10'000 << LatencyHistogram::OneHourNs;
}

void tst_HdrHistogramEncoding::roundTrips()
{
    QFETCH(int, values);
    QFETCH(qint64, ceiling);
    QRandomGenerator random(values);
    LatencyHistogram histogram;
    for (int i = 0; i < values; ++i)
        histogram.record(qint64(random.bounded(quint64(ceiling))));
    for (const QByteArray &bytes : {HdrHistogramEncoding::encode(histogram), HdrHistogramEncoding::encodeCompressed(histogram)}) {
        QString error;
        const auto decoded = HdrHistogramEncoding::decode(bytes, &error);
        QVERIFY2(decoded, qPrintable(error));
        QVERIFY(sameBuckets(*decoded, histogram));
        QCOMPARE(decoded->valuesAtPercentiles({50, 99, 100}).size(), 3);
        for (double percentile : {50.0, 90.0, 99.0, 99.9}) {
            // The decoded maximum is the top of its bucket, so only the last bucket may read higher.
            QCOMPARE(decoded->valueAtPercentile(percentile),
                     histogram.isEmpty() ? 0 : LatencyHistogram::highestEquivalent(histogram.valueAtPercentile(percentile)));
        }
    }
}

void tst_HdrHistogramEncoding::badInputIsNamed_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("expected");
    const QByteArray plain = QByteArray::fromBase64(JavaPlain);
    const QByteArray compressed = QByteArray::fromBase64(JavaCompressed);

    QTest::newRow("empty") << QByteArray() << "too short";
    QTest::newRow("foreign cookie") << (bigEndian32(0xcafebabe) + plain.sliced(4)) << "not an HdrHistogram V2";
    QTest::newRow("V1 cookie") << (bigEndian32(0x1c849301) + plain.sliced(4)) << "older than V2";
    QTest::newRow("header cut") << plain.first(30) << "header cut short";
    QTest::newRow("payload cut") << plain.first(plain.size() - 2) << "payload length";
    QByteArray digits = plain;
    qToBigEndian<qint32>(9, digits.data() + 12);
    QTest::newRow("nine digits") << digits << "significant digits";
    QByteArray hugeLowest = plain;
    qToBigEndian<qint64>(5'057'745'378'875'474'204LL, hugeLowest.data() + 16); // 2 x lowest overflows: found by fuzz_intervallog
    QTest::newRow("lowest past half the highest") << hugeLowest << "below twice the lowest";
    QByteArray shifted = plain;
    qToBigEndian<qint32>(3, shifted.data() + 8);
    QTest::newRow("shifted") << shifted << "shifted histogram";
    QByteArray runaway = plain.first(40) + QByteArray::fromHex("ffffffffffffffff7f");
    qToBigEndian<qint32>(9, runaway.data() + 4);
    QTest::newRow("zero run past the end") << runaway << "runs past";
    QByteArray mostNegative = plain.first(40) + QByteArray(9, char(0xff)); // ZigZag of -2^63: found by fuzz_intervallog
    qToBigEndian<qint32>(9, mostNegative.data() + 4);
    QTest::newRow("most negative run") << mostNegative << "runs past";
    QByteArray unfinished = plain.first(40) + QByteArray::fromHex("ff");
    qToBigEndian<qint32>(1, unfinished.data() + 4);
    QTest::newRow("count cut") << unfinished << "ends inside a count";
    QTest::newRow("zlib cut") << compressed.first(compressed.size() - 5) << "compressed length";
    QByteArray garbled = compressed;
    garbled[12] = char(garbled[12] ^ 0x5a);
    garbled[13] = char(garbled[13] ^ 0x5a);
    QTest::newRow("zlib garbled") << garbled << "zlib stream";
}

void tst_HdrHistogramEncoding::badInputIsNamed()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, expected);
    QString error;
    QVERIFY(!HdrHistogramEncoding::decode(bytes, &error));
    QVERIFY2(error.contains(expected), qPrintable(error));
}

QTEST_GUILESS_MAIN(tst_HdrHistogramEncoding)
#include "tst_hdrhistogramencoding.moc"
