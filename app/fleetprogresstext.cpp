// SPDX-License-Identifier: GPL-3.0-or-later
#include "fleetprogresstext.h"

#include "fleet/fleetsummary.h"

#include <algorithm>

using namespace NetCore;

QString fleetProgressText(const FleetSnapshot &snapshot)
{
    QString text = QStringLiteral("%1 s  sent %2  received %3  %4/s  p50 %5  p99 %6  errors %7  timeouts %8  open %9")
                       .arg(QString::number(double(snapshot.elapsedNs) / 1e9, 'f', 1))
                       .arg(snapshot.total.sent)
                       .arg(snapshot.total.received)
                       .arg(QString::number(snapshot.receivedPerSecond(), 'f', 0))
                       .arg(formatDuration(snapshot.intervalLatency.p50), formatDuration(snapshot.intervalLatency.p99))
                       .arg(snapshot.total.errorTotal())
                       .arg(snapshot.total.timeouts)
                       .arg(snapshot.total.connectionsOpen());
    // TLS: handshakes apart from the round trip, as they happen.
    if (snapshot.handshakeLatency.count > 0)
        text += QStringLiteral("  tls p50 %1 (%2 full, %3 resumed)")
                    .arg(formatDuration(snapshot.handshakeLatency.p50))
                    .arg(snapshot.total.tlsFull)
                    .arg(snapshot.total.tlsResumed);
    return text;
}

QString fleetsProgressText(const QString &prefix, const QMap<QString, FleetSnapshot> &latest)
{
    qint64 elapsedNs = 0;
    double perSecond = 0;
    qint64 p50 = 0;
    qint64 p99 = 0;
    quint64 errors = 0;
    qint64 open = 0;
    for (const FleetSnapshot &snapshot : latest) {
        elapsedNs = std::max(elapsedNs, snapshot.elapsedNs);
        perSecond += snapshot.receivedPerSecond();
        p50 = std::max(p50, snapshot.intervalLatency.p50);
        p99 = std::max(p99, snapshot.intervalLatency.p99);
        errors += snapshot.total.errorTotal() + snapshot.total.timeouts;
        open += snapshot.total.connectionsOpen();
    }
    return QStringLiteral("%1  %2 s  %3/s  p50 %4  p99 %5  errors %6  open %7")
        .arg(prefix, QString::number(double(elapsedNs) / 1e9, 'f', 1), QString::number(perSecond, 'f', 0),
             formatDuration(p50), formatDuration(p99))
        .arg(errors)
        .arg(open);
}
