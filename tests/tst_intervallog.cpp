// SPDX-License-Identifier: GPL-3.0-or-later
#include "histogramtestsupport.h"
#include "metrics/hdrhistogramencoding.h"
#include "metrics/intervallogreader.h"
#include "metrics/intervallogwriter.h"

#include <QFile>
#include <QProcess>
#include <QRandomGenerator>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace NetCore;
using HistogramTestSupport::sameBuckets;

namespace {

// Written by HdrHistogram's own HistogramLogWriter (Debian's libhdrhistogram-java 2.1.11):
// outputLogFormatVersion, outputStartTime and outputBaseTime at 1700000000000 ms, outputLegend,
// then one interval from 1 s to 2 s after it, tagged, holding the histogram of
// tst_hdrhistogramencoding (1 twice, 2047, 2048 five times, 123456789, 3.6e12).
const QByteArray JavaLog =
    "#[Histogram log format version 1.3]\n"
    "#[StartTime: 1700000000.000 (seconds since epoch), Tue Nov 14 22:13:20 UTC 2023]\n"
    "#[BaseTime: 1700000000.000 (seconds since epoch)]\n"
    "\"StartTimestamp\",\"Interval_Length\",\"Interval_Max\",\"Interval_Compressed_Histogram\"\n"
    "Tag=web/steady/corrected,1.000,1.000,3601330.078,"
    "HISTFAAAAC942pNpmSzMwMDAxwABzFCaEch0M9ixgMH+A1SE5ac8E9fmv4xM998wMgEArV8JAg==\n";

// HdrHistogram's jar, where Debian's libhdrhistogram-java puts it.
const QString HdrHistogramJar = QStringLiteral("/usr/share/java/hdrhistogram.jar");

LatencyHistogram randomHistogram(quint32 seed, int values)
{
    QRandomGenerator random(seed);
    LatencyHistogram histogram;
    for (int i = 0; i < values; ++i) // log-uniform from 1 µs to 1 s: every bucket width is used
        histogram.record(qint64(std::exp(std::log(1e3) + random.generateDouble() * std::log(1e6))));
    return histogram;
}

// The value column of a .hgrm row at `quantile` (HdrHistogram's percentile output, ms).
double hgrmValueAt(const QByteArray &hgrm, double quantile)
{
    double value = -1;
    for (const QByteArray &line : hgrm.split('\n')) {
        const QList<QByteArray> fields = line.simplified().split(' ');
        if (fields.size() >= 3 && !line.startsWith('#') && fields[1].toDouble() <= quantile + 1e-12)
            value = fields[0].toDouble();
    }
    return value;
}

} // namespace

class tst_IntervalLog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void writesTheFormatsLayout();
    void readsWhatHdrHistogramWrote();
    void roundTrips();
    void hdrHistogramReadsWhatWeWrote();
    void badLinesAreNamed_data();
    void badLinesAreNamed();
    void timestampBase();
};

void tst_IntervalLog::writesTheFormatsLayout()
{
    const QDateTime start = QDateTime::fromMSecsSinceEpoch(1'700'000'000'000LL, Qt::UTC);
    const QByteArray header = IntervalLogWriter::header(start, QStringLiteral("Wirebench test"));
    QCOMPARE(header, QByteArray("#[Wirebench test]\n"
                                "#[Histogram log format version 1.3]\n"
                                "#[StartTime: 1700000000.000 (seconds since epoch), Tue Nov 14 22:13:20 UTC 2023]\n"
                                "#[BaseTime: 1700000000.000 (seconds since epoch)]\n"
                                "\"StartTimestamp\",\"Interval_Length\",\"Interval_Max\",\"Interval_Compressed_Histogram\"\n"));
    LatencyHistogram histogram;
    histogram.record(1, 2);
    histogram.record(2047);
    histogram.record(2048, 5);
    histogram.record(123456789);
    histogram.record(LatencyHistogram::OneHourNs);
    // HdrHistogram wrote this very line (JavaLog's last), byte for byte.
    QCOMPARE(IntervalLogWriter::intervalLine(QStringLiteral("web/steady/corrected"), 1.0, 1.0, histogram),
             JavaLog.sliced(JavaLog.indexOf("Tag=")));
    QCOMPARE(IntervalLogWriter::sanitizedTag(QStringLiteral("a b,c")), QStringLiteral("a_b_c"));
}

void tst_IntervalLog::readsWhatHdrHistogramWrote()
{
    QString error;
    const std::optional<IntervalLog> log = IntervalLogReader::read(JavaLog, &error);
    QVERIFY2(log, qPrintable(error));
    QCOMPARE(log->startTimeSec.value_or(0), 1700000000.0);
    QCOMPARE(log->baseTimeSec.value_or(0), 1700000000.0);
    QCOMPARE(log->entries.size(), 1);
    const IntervalLogEntry &entry = log->entries.constFirst();
    QCOMPARE(entry.tag, QStringLiteral("web/steady/corrected"));
    QCOMPARE(entry.startSec, 1.0);
    QCOMPARE(entry.lengthSec, 1.0);
    QCOMPARE(entry.histogram().totalCount(), quint64(10));
    QCOMPARE(entry.histogram().valueAtPercentile(50), qint64(2049));
}

void tst_IntervalLog::roundTrips()
{
    const QDateTime start = QDateTime::fromMSecsSinceEpoch(1'800'000'000'123LL, Qt::UTC);
    QByteArray text = IntervalLogWriter::header(start, QString());
    QList<LatencyHistogram> written;
    for (int i = 0; i < 5; ++i) {
        written.append(randomHistogram(quint32(i + 1), i == 2 ? 0 : 2000));
        text += IntervalLogWriter::intervalLine(i % 2 ? QString() : QStringLiteral("t%1").arg(i), i * 0.5, 0.5, written.last());
        text += IntervalLogWriter::commentLine(QStringLiteral("[note %1]\nsecond line").arg(i));
    }
    QString error;
    const std::optional<IntervalLog> log = IntervalLogReader::read(text, &error);
    QVERIFY2(log, qPrintable(error));
    QCOMPARE(log->baseTimeSec.value_or(0), 1800000000.123);
    QCOMPARE(log->entries.size(), 5);
    QCOMPARE(log->comments.size(), 11); // the format's version, then two lines per interval
    QCOMPARE(log->comments.at(0), QStringLiteral("[Histogram log format version 1.3]"));
    QCOMPARE(log->comments.at(1), QStringLiteral("[note 0]"));
    QCOMPARE(log->comments.at(2), QStringLiteral("second line"));
    for (int i = 0; i < 5; ++i) {
        const IntervalLogEntry &entry = log->entries.at(i);
        QCOMPARE(entry.tag, i % 2 ? QString() : QStringLiteral("t%1").arg(i));
        QCOMPARE(entry.startSec, i * 0.5);
        QVERIFY(sameBuckets(entry.histogram(), written.at(i)));
    }
}

void tst_IntervalLog::hdrHistogramReadsWhatWeWrote()
{
    // HdrHistogram's own log processor (Java) reads our log and reports the same
    // distribution: every interval of one tag added up, percentiles in milliseconds.
    const QString java = QStandardPaths::findExecutable(QStringLiteral("java"));
    if (java.isEmpty() || !QFile::exists(HdrHistogramJar))
        QFAIL("HdrHistogram's log processor is missing: java (default-jre-headless) and libhdrhistogram-java are "
              "needed; packaging/dev.sh test installs them");
    QTemporaryDir dir;
    LatencyHistogram whole;
    QByteArray text = IntervalLogWriter::header(QDateTime::currentDateTimeUtc(), QStringLiteral("tst_intervallog"));
    for (int i = 0; i < 4; ++i) {
        const LatencyHistogram interval = randomHistogram(quint32(100 + i), 5000);
        whole.merge(interval);
        text += IntervalLogWriter::intervalLine(QStringLiteral("fleet/phase/corrected"), i, 1.0, interval);
        text += IntervalLogWriter::intervalLine(QStringLiteral("fleet/phase/uncorrected"), i, 1.0, randomHistogram(7, 10));
        text += IntervalLogWriter::commentLine(QStringLiteral("[Wirebench-Interval: Tag=fleet/phase,%1,1.000,{}]").arg(i));
    }
    QFile log(dir.filePath(QStringLiteral("run.hlog")));
    QVERIFY(log.open(QIODevice::WriteOnly));
    log.write(text);
    log.close();

    QProcess processor;
    processor.start(java, {QStringLiteral("-cp"), HdrHistogramJar, QStringLiteral("org.HdrHistogram.HistogramLogProcessor"),
                           QStringLiteral("-i"), log.fileName(), QStringLiteral("-tag"), QStringLiteral("fleet/phase/corrected"),
                           QStringLiteral("-o"), dir.filePath(QStringLiteral("out"))});
    QVERIFY(processor.waitForFinished(60'000));
    QVERIFY2(processor.exitCode() == 0, processor.readAllStandardError().constData());
    QFile hgrm(dir.filePath(QStringLiteral("out.hgrm")));
    QVERIFY2(hgrm.open(QIODevice::ReadOnly), "HistogramLogProcessor wrote no out.hgrm");
    const QByteArray distribution = hgrm.readAll();
    QVERIFY2(distribution.contains(QStringLiteral("Total count    = %1]").arg(whole.totalCount(), 12).toLatin1()),
             distribution.right(300).constData());
    // Quantiles the .hgrm has rows at (its steps halve the distance to 100 %).
    for (double percentile : {50.0, 90.0, 98.4375, 99.21875}) {
        // HdrHistogram prints milliseconds with 3 decimals: within 1 µs of ours.
        const double ours = double(LatencyHistogram::highestEquivalent(whole.valueAtPercentile(percentile))) / 1e6;
        const double theirs = hgrmValueAt(distribution, percentile / 100.0);
        QVERIFY2(std::abs(ours - theirs) <= 0.001,
                 qPrintable(QStringLiteral("p%1: ours %2 ms, HdrHistogram's %3 ms").arg(percentile).arg(ours).arg(theirs)));
    }
}

void tst_IntervalLog::badLinesAreNamed_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("expected");
    const QByteArray header = JavaLog.first(JavaLog.indexOf("Tag="));
    QTest::newRow("three fields") << (header + "1.0,1.0,HISTFAAA\n") << "line 5: an interval line has 3 fields";
    QTest::newRow("start not a number") << (header + "soon,1.0,1.0,HISTFAAA\n") << "line 5: start timestamp \"soon\"";
    QTest::newRow("negative length") << (header + "1.0,-1,1.0,HISTFAAA\n") << "line 5: interval length";
    QTest::newRow("not base64") << (header + "1.0,1.0,1.0,!!!!\n") << "line 5: the histogram is not base64";
    QTest::newRow("not a histogram") << (header + "1.0,1.0,1.0,aGVsbG8gd29ybGQ=\n") << "line 5: not an HdrHistogram V2";
    QTest::newRow("bad start time") << QByteArray("#[StartTime: yesterday]\n") << "line 1: StartTime holds no time";
}

void tst_IntervalLog::badLinesAreNamed()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, expected);
    QString error;
    QVERIFY(!IntervalLogReader::read(text, &error));
    QVERIFY2(error.startsWith(expected), qPrintable(error));
}

void tst_IntervalLog::timestampBase()
{
    // As HdrHistogram's reader: BaseTime when given; else StartTime when the stamps are
    // plainly relative; else none (absolute stamps).
    QString error;
    auto baseOf = [&](const QByteArray &text) { return IntervalLogReader::read(text, &error).value().timestampBaseSec(); };
    const QByteArray line = JavaLog.sliced(JavaLog.indexOf("Tag="));
    QCOMPARE(baseOf("#[StartTime: 1700000000.000 (seconds since epoch)]\n#[BaseTime: 1600000000.5 (seconds since epoch)]\n" + line), 1600000000.5);
    QCOMPARE(baseOf("#[StartTime: 1700000000.000 (seconds since epoch)]\n" + line), 1700000000.0);
    QByteArray absolute = line;
    absolute.replace("Tag=web/steady/corrected,1.000,", "1700000001.000,");
    QCOMPARE(baseOf("#[StartTime: 1700000000.000 (seconds since epoch)]\n" + absolute), 0.0);
}

QTEST_GUILESS_MAIN(tst_IntervalLog)
#include "tst_intervallog.moc"
