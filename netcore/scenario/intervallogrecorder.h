// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QFile>
#include <QString>

namespace NetCore {

struct FleetSnapshot;

/**
 * Writes a run's HdrHistogram interval log as it goes (--hlog; docs/distributed.md):
 * for each snapshot of each fleet, the interval's latency histograms as interval lines
 * tagged `FLEET/PHASE/KIND` (KIND: corrected, uncorrected, and connect, handshake,
 * hello when the interval had any), then a `#[Wirebench-Interval: ...]` comment with
 * the interval's counters, which HdrHistogram's readers skip and `wirebench merge`
 * reads back. Fleet and phase names are percent-encoded where they hold '/', '%', ','
 * or white space.
 *
 * Each interval is written through at once, so a run cut short leaves a log of what it
 * measured. A write that fails (a full disk) stops the log; error() names why and
 * where the log ends.
 */
class IntervalLogRecorder
{
public:
    /** Creates the log; timestamps count from `base` (the run's start, or its --start-at). */
    bool open(const QString &path, const QDateTime &base, const QString &comment, QString *error);
    /** One fleet's interval ending `endNs` after `base`, in `phase` (empty before any). */
    void add(const QString &fleet, const QString &phase, bool phaseReported, qint64 endNs, const FleetSnapshot &snapshot);

    bool isOpen() const { return m_file.isOpen(); }
    /** Empty while every write succeeded. */
    QString error() const { return m_error; }

    static QString encodeName(const QString &name);
    static QString decodeName(QStringView encoded);

private:
    bool write(const QByteArray &bytes, double atSec);

    QFile m_file;
    QString m_error;
};

} // namespace NetCore
