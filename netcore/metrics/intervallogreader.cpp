// SPDX-License-Identifier: GPL-3.0-or-later
#include "metrics/intervallogreader.h"

#include "metrics/hdrhistogramencoding.h"

#include <QFile>

#include <cmath>

namespace NetCore {

namespace {

// "#[StartTime: 1700000000.000 (seconds since epoch), ...]": the number after the label.
std::optional<double> timeAfter(QByteArrayView line, QByteArrayView label)
{
    QByteArrayView rest = line.sliced(label.size()).trimmed();
    qsizetype end = 0;
    while (end < rest.size() && (std::isdigit(uchar(rest[end])) || rest[end] == '.' || rest[end] == '-'))
        ++end;
    bool ok = false;
    const double value = rest.first(end).toDouble(&ok);
    return ok && std::isfinite(value) ? std::optional<double>(value) : std::nullopt;
}

} // namespace

std::optional<IntervalLog> IntervalLogReader::read(QByteArrayView text, QString *error)
{
    static const QByteArrayView StartTimeLabel("#[StartTime: ");
    static const QByteArrayView BaseTimeLabel("#[BaseTime: ");
    IntervalLog log;
    int lineNumber = 0;
    auto fail = [&](const QString &what) {
        if (error)
            *error = QStringLiteral("line %1: %2").arg(lineNumber).arg(what);
        return std::nullopt;
    };
    qsizetype position = 0;
    while (position < text.size()) {
        qsizetype end = text.indexOf('\n', position);
        if (end < 0)
            end = text.size();
        const QByteArrayView line = text.sliced(position, end - position).trimmed();
        position = end + 1;
        ++lineNumber;
        if (line.isEmpty())
            continue;
        if (line.startsWith(StartTimeLabel) || line.startsWith(BaseTimeLabel)) {
            const bool start = line.startsWith(StartTimeLabel);
            const std::optional<double> value = timeAfter(line, start ? StartTimeLabel : BaseTimeLabel);
            if (!value)
                return fail(QStringLiteral("%1 holds no time in seconds").arg(start ? "StartTime" : "BaseTime"));
            (start ? log.startTimeSec : log.baseTimeSec) = value;
            continue;
        }
        if (line.startsWith('#')) {
            log.comments.append(QString::fromUtf8(line.sliced(1)));
            continue;
        }
        if (line.startsWith("\"StartTimestamp\"") || line.startsWith("StartTimestamp"))
            continue; // the legend

        QList<QByteArrayView> fields;
        for (qsizetype from = 0; from <= line.size();) {
            qsizetype to = from;
            while (to < line.size() && line[to] != ',' && line[to] != ' ' && line[to] != '\t')
                ++to;
            if (to > from)
                fields.append(line.sliced(from, to - from));
            from = to + 1;
        }
        IntervalLogEntry entry;
        if (!fields.isEmpty() && fields.constFirst().startsWith("Tag=")) {
            entry.tag = QString::fromUtf8(fields.takeFirst().sliced(4));
        }
        if (fields.size() != 4)
            return fail(QStringLiteral("an interval line has %1 fields, not 4 (start, length, max, histogram)").arg(fields.size()));
        bool startOk = false;
        bool lengthOk = false;
        entry.startSec = fields[0].toDouble(&startOk);
        entry.lengthSec = fields[1].toDouble(&lengthOk);
        if (!startOk || !std::isfinite(entry.startSec))
            return fail(QStringLiteral("start timestamp \"%1\" is not a number").arg(QString::fromUtf8(fields[0].first(std::min<qsizetype>(fields[0].size(), 40)))));
        if (!lengthOk || !std::isfinite(entry.lengthSec) || entry.lengthSec < 0)
            return fail(QStringLiteral("interval length \"%1\" is not a length in seconds").arg(QString::fromUtf8(fields[1].first(std::min<qsizetype>(fields[1].size(), 40)))));
        const auto decoded = QByteArray::fromBase64Encoding(fields[3].toByteArray(), QByteArray::AbortOnBase64DecodingErrors);
        if (!decoded)
            return fail(QStringLiteral("the histogram is not base64"));
        QString decodeError;
        if (!HdrHistogramEncoding::decode(*decoded, &decodeError))
            return fail(decodeError);
        entry.encoded = *decoded;
        log.entries.append(std::move(entry));
    }
    return log;
}

std::optional<IntervalLog> IntervalLogReader::readFile(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        if (error)
            *error = QStringLiteral("%1: %2").arg(path, file.errorString());
        return std::nullopt;
    }
    if (file.size() > MaxBytes) {
        if (error)
            *error = QStringLiteral("%1: %2 bytes, more than an interval log may hold here (%3)").arg(path).arg(file.size()).arg(MaxBytes);
        return std::nullopt;
    }
    const QByteArray text = file.readAll();
    QString readError;
    std::optional<IntervalLog> log = read(text, &readError);
    if (!log && error)
        *error = QStringLiteral("%1: %2").arg(path, readError);
    return log;
}

} // namespace NetCore
