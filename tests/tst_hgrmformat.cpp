// SPDX-License-Identifier: GPL-3.0-or-later
#include "metrics/hgrmformat.h"
#include "metrics/latencyhistogram.h"

#include <QRegularExpression>
#include <QTest>

using namespace NetCore;

class tst_HgrmFormat : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void layoutThatPlottersRead();
    void rowsMatchTheHistogram();
    void emptyHistogramHasHeaderAndFooter();
};

void tst_HgrmFormat::layoutThatPlottersRead()
{
    LatencyHistogram histogram;
    for (qint64 i = 1; i <= 1000; ++i)
        histogram.record(i * 1000);
    const QList<QByteArray> lines = formatHgrm(histogram, 1000.0).split('\n');

    QCOMPARE(lines[0], QByteArray("       Value     Percentile TotalCount 1/(1-Percentile)"));
    QCOMPARE(lines[1], QByteArray());
    QCOMPARE(lines[2], QByteArray("       1.000 0.000000000000          1           1.00"));
    QCOMPARE(lines.last(), QByteArray()); // ends with a newline
    const qsizetype footer = lines.size() - 4;
    QCOMPARE(lines[footer], QByteArray("#[Mean    =      500.500, StdDeviation   =      288.675]"));
    QCOMPARE(lines[footer + 1], QByteArray("#[Max     =     1000.000, Total count    =         1000]"));
    QVERIFY(lines[footer + 2].startsWith("#[Buckets = "));
    QVERIFY(lines[footer + 2].endsWith("SubBuckets     =         2048]"));
    // The 100 % row has no 1/(1-Percentile) column.
    QCOMPARE(lines[footer - 1], QByteArray("    1000.000 1.000000000000       1000"));
}

void tst_HgrmFormat::rowsMatchTheHistogram()
{
    LatencyHistogram histogram;
    for (qint64 i = 0; i < 5000; ++i)
        histogram.record(20000 + (i % 97) * 1000);
    const auto rows = histogram.percentileDistribution();
    const QList<QByteArray> lines = formatHgrm(histogram, 1000.0).split('\n');
    static const QRegularExpression whitespace(QStringLiteral("\\s+"));
    for (qsizetype i = 0; i < rows.size(); ++i) {
        const QStringList columns = QString::fromLatin1(lines[i + 2]).trimmed().split(whitespace);
        QCOMPARE(columns.size(), rows[i].quantile < 1.0 ? 4 : 3);
        QCOMPARE(columns[0], QString::number(double(rows[i].value) / 1000.0, 'f', 3));
        QCOMPARE(columns[1].toDouble(), rows[i].quantile);
        QCOMPARE(columns[2].toULongLong(), rows[i].totalCount);
        if (rows[i].quantile < 1.0)
            QVERIFY(std::abs(columns[3].toDouble() - 1.0 / (1.0 - rows[i].quantile)) < 0.01);
    }
}

void tst_HgrmFormat::emptyHistogramHasHeaderAndFooter()
{
    const QByteArray text = formatHgrm(LatencyHistogram());
    QVERIFY(text.startsWith("       Value"));
    QVERIFY(text.contains("Total count    =            0]"));
}

QTEST_GUILESS_MAIN(tst_HgrmFormat)
#include "tst_hgrmformat.moc"
