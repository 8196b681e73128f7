// SPDX-License-Identifier: GPL-3.0-or-later
#include "scenario/intervallogrecorder.h"

#include "fleet/fleetsnapshot.h"
#include "metrics/intervallogwriter.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace NetCore {

QString IntervalLogRecorder::encodeName(const QString &name)
{
    QString encoded;
    for (const QChar c : name) {
        if (c == QLatin1Char('/') || c == QLatin1Char('%') || c == QLatin1Char(',') || c.isSpace()) {
            for (const char byte : QString(c).toUtf8())
                encoded += QStringLiteral("%%1").arg(uint(uchar(byte)), 2, 16, QLatin1Char('0')).toUpper();
        } else {
            encoded += c;
        }
    }
    return encoded;
}

QString IntervalLogRecorder::decodeName(QStringView encoded)
{
    return QString::fromUtf8(QByteArray::fromPercentEncoding(encoded.toUtf8()));
}

bool IntervalLogRecorder::open(const QString &path, const QDateTime &base, const QString &comment, QString *error)
{
    m_file.setFileName(path);
    // Unbuffered: every write reaches the file at once, and a failed one says so there.
    if (!m_file.open(QIODevice::WriteOnly | QIODevice::Truncate | QIODevice::Unbuffered)) {
        m_error = QStringLiteral("cannot write the interval log %1: %2").arg(path, m_file.errorString());
        if (error)
            *error = m_error;
        return false;
    }
    if (!write(IntervalLogWriter::header(base, comment), 0.0)) {
        if (error)
            *error = m_error;
        return false;
    }
    return true;
}

void IntervalLogRecorder::add(const QString &fleet, const QString &phase, bool phaseReported, qint64 endNs,
                              const FleetSnapshot &snapshot)
{
    if (!m_file.isOpen())
        return;
    const double startSec = double(endNs - snapshot.intervalNs) / 1e9;
    const double lengthSec = double(snapshot.intervalNs) / 1e9;
    const QString prefix = encodeName(fleet) + QLatin1Char('/') + encodeName(phase) + QLatin1Char('/');
    QByteArray lines;
    auto addLine = [&](const char *kind, const std::shared_ptr<const LatencyHistogram> &histogram, bool always) {
        if (histogram && (always || !histogram->isEmpty()))
            lines += IntervalLogWriter::intervalLine(prefix + QLatin1String(kind), startSec, lengthSec, *histogram);
    };
    addLine("corrected", snapshot.intervalCorrected, true);
    addLine("uncorrected", snapshot.intervalUncorrected, true);
    addLine("connect", snapshot.intervalConnect, false);
    addLine("handshake", snapshot.intervalHandshake, false);
    addLine("hello", snapshot.intervalHello, false);
    const QJsonObject extra{{"reported", phaseReported},
                            {"open", double(snapshot.total.connectionsOpen())},
                            {"counters", snapshot.interval.toJson()}};
    lines += IntervalLogWriter::commentLine(
        QStringLiteral("[Wirebench-Interval: Tag=%1,%2,%3,%4]")
            .arg(encodeName(fleet) + QLatin1Char('/') + encodeName(phase), QString::number(startSec, 'f', 3),
                 QString::number(lengthSec, 'f', 3), QString::fromUtf8(QJsonDocument(extra).toJson(QJsonDocument::Compact))));
    write(lines, startSec);
}

bool IntervalLogRecorder::write(const QByteArray &bytes, double atSec)
{
    const qint64 before = m_file.size();
    if (m_file.write(bytes) == bytes.size())
        return true;
    m_error = QStringLiteral("cannot write the interval log %1: %2; it ends before %3 s")
                  .arg(m_file.fileName(), m_file.errorString(), QString::number(atSec, 'f', 3));
    m_file.resize(before); // a line written in part would make the whole log unreadable
    m_file.close();
    return false;
}

} // namespace NetCore
