// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QString>

namespace NetCore {

class LatencyHistogram;

/**
 * The lines of an HdrHistogram interval log, format 1.3, as HdrHistogram's own
 * HistogramLogWriter lays them out (its HistogramLogReader and HistogramLogProcessor
 * read them): the header, then one line per interval and histogram,
 * `[Tag=TAG,]START,LENGTH,MAX,HISTOGRAM` with START seconds since BaseTime, LENGTH
 * seconds, MAX in milliseconds (values are nanoseconds), all with three decimals, and
 * the histogram in V2 compressed encoding, base64. Text only: writing the file is the
 * caller's (so a full disk is reported where the file is known).
 */
class IntervalLogWriter
{
public:
    /** A comment, the format's version, StartTime and BaseTime (both `start`), the legend. */
    static QByteArray header(const QDateTime &start, const QString &comment);
    static QByteArray intervalLine(const QString &tag, double startSec, double lengthSec,
                                   const LatencyHistogram &histogram);
    /** `#TEXT`, one line per line of `text`: readers skip it. */
    static QByteArray commentLine(const QString &text);
    /** A tag may not hold the separators of the line (',' and white space): they become '_'. */
    static QString sanitizedTag(const QString &tag);
};

} // namespace NetCore
