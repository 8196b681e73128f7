// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "metrics/intervallog.h"

#include <QByteArrayView>
#include <QString>

#include <optional>

namespace NetCore {

/**
 * Reads an HdrHistogram interval log (format 1.3; 1.2 reads the same): '#' lines are
 * comments, `#[StartTime: ...]` and `#[BaseTime: ...]` set the times, the legend is
 * skipped, every other non-empty line is `[Tag=TAG,]START,LENGTH,MAX,HISTOGRAM`
 * (commas or spaces between fields). Logs come from other machines: a bad line is an
 * error naming its number and what is wrong, never a guess, and the file's size is
 * bounded (MaxBytes).
 */
class IntervalLogReader
{
public:
    static std::optional<IntervalLog> read(QByteArrayView text, QString *error);
    static std::optional<IntervalLog> readFile(const QString &path, QString *error);

    static constexpr qint64 MaxBytes = qint64(1) << 30;
};

} // namespace NetCore
