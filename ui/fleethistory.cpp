// SPDX-License-Identifier: GPL-3.0-or-later
#include "fleethistory.h"

namespace Gui {

void FleetHistory::add(const NetCore::FleetSnapshot &snapshot)
{
    if (snapshot.elapsedNs < (m_points.isEmpty() ? 0 : qint64(m_points.last().seconds * 1e9)))
        clear(); // the fleet started again: a new history
    Point point;
    point.seconds = double(snapshot.elapsedNs) / 1e9;
    auto ms = [](qint64 ns) { return double(ns) / 1e6; };
    const NetCore::LatencySummary &c = snapshot.intervalLatency;
    point.p50 = ms(c.p50);
    point.p90 = ms(c.p90);
    point.p99 = ms(c.p99);
    point.p999 = ms(c.p999);
    point.max = ms(c.max);
    if (snapshot.intervalUncorrected) {
        const NetCore::LatencySummary u = NetCore::LatencySummary::of(*snapshot.intervalUncorrected);
        point.rawP50 = ms(u.p50);
        point.rawP90 = ms(u.p90);
        point.rawP99 = ms(u.p99);
        point.rawP999 = ms(u.p999);
        point.rawMax = ms(u.max);
    }
    point.throughput = snapshot.receivedPerSecond();
    const double seconds = double(snapshot.intervalNs) / 1e9;
    point.errorsPerSecond = seconds > 0 ? double(snapshot.interval.errorTotal() + snapshot.interval.timeouts) / seconds : 0;
    point.connections = double(snapshot.total.connectionsOpen());
    if (snapshot.intervalConnect && snapshot.intervalConnect->totalCount() > 0)
        point.connectP50 = ms(snapshot.intervalConnect->valueAtPercentile(50));
    if (snapshot.intervalHandshake && snapshot.intervalHandshake->totalCount() > 0) {
        point.handshakeP50 = ms(snapshot.intervalHandshake->valueAtPercentile(50));
        point.handshakeP99 = ms(snapshot.intervalHandshake->valueAtPercentile(99));
    }
    if (m_points.size() >= MaxPoints)
        m_points.remove(0, MaxPoints / 10);
    m_points.append(point);
    m_totalCorrected = snapshot.totalCorrected;
    m_totalUncorrected = snapshot.totalUncorrected;
}

void FleetHistory::clear()
{
    m_points.clear();
    m_totalCorrected.reset();
    m_totalUncorrected.reset();
}

} // namespace Gui
