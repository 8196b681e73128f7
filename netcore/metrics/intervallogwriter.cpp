// SPDX-License-Identifier: GPL-3.0-or-later
#include "metrics/intervallogwriter.h"

#include "metrics/hdrhistogramencoding.h"
#include "metrics/latencyhistogram.h"

#include <QLocale>

namespace NetCore {

namespace {

QString seconds(double value)
{
    return QString::number(value, 'f', 3); // QString::number ignores the locale: always '.'
}

} // namespace

QByteArray IntervalLogWriter::header(const QDateTime &start, const QString &comment)
{
    const double startSec = double(start.toMSecsSinceEpoch()) / 1000.0;
    QByteArray out;
    if (!comment.isEmpty())
        out += commentLine(QStringLiteral("[%1]").arg(comment));
    out += "#[Histogram log format version 1.3]\n";
    out += QStringLiteral("#[StartTime: %1 (seconds since epoch), %2]\n")
               .arg(seconds(startSec), QLocale::c().toString(start.toUTC(), QStringLiteral("ddd MMM dd HH:mm:ss 'UTC' yyyy")))
               .toUtf8();
    out += QStringLiteral("#[BaseTime: %1 (seconds since epoch)]\n").arg(seconds(startSec)).toUtf8();
    out += "\"StartTimestamp\",\"Interval_Length\",\"Interval_Max\",\"Interval_Compressed_Histogram\"\n";
    return out;
}

QByteArray IntervalLogWriter::intervalLine(const QString &tag, double startSec, double lengthSec,
                                           const LatencyHistogram &histogram)
{
    QByteArray out;
    if (!tag.isEmpty())
        out += "Tag=" + sanitizedTag(tag).toUtf8() + ',';
    // The maximum as HdrHistogram states it: the top of its bucket, in milliseconds.
    const double maxMs = histogram.isEmpty() ? 0.0 : double(LatencyHistogram::highestEquivalent(histogram.max())) / 1e6;
    out += QStringLiteral("%1,%2,%3,").arg(seconds(startSec), seconds(lengthSec), seconds(maxMs)).toLatin1();
    out += HdrHistogramEncoding::encodeCompressed(histogram).toBase64();
    out += '\n';
    return out;
}

QByteArray IntervalLogWriter::commentLine(const QString &text)
{
    QByteArray out;
    for (const QString &line : text.split(QLatin1Char('\n')))
        out += '#' + line.toUtf8() + '\n';
    return out;
}

QString IntervalLogWriter::sanitizedTag(const QString &tag)
{
    QString clean = tag;
    for (QChar &c : clean) {
        if (c == QLatin1Char(',') || c.isSpace())
            c = QLatin1Char('_');
    }
    return clean;
}

} // namespace NetCore
