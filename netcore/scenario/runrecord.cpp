// SPDX-License-Identifier: GPL-3.0-or-later
#include "scenario/runrecord.h"

namespace NetCore {

void RunRecord::beginPhase(const QString &name, bool reported)
{
    m_phases.append(PhaseInfo{name, reported});
}

void RunRecord::add(const QString &fleet, qint64 elapsedNs, const FleetSnapshot &snapshot)
{
    if (!m_fleetOrder.contains(fleet))
        m_fleetOrder.append(fleet);
    Row row;
    row.elapsedNs = elapsedNs;
    row.phase = currentPhase();
    row.fleet = fleet;
    row.intervalNs = snapshot.intervalNs;
    row.interval = snapshot.interval;
    row.activeConnections = snapshot.total.connectionsOpen();
    row.corrected = snapshot.intervalLatency;
    if (snapshot.intervalUncorrected)
        row.uncorrected = LatencySummary::of(*snapshot.intervalUncorrected);
    m_rows.append(row);

    PhaseRecord &record = m_records[{fleet, row.phase}];
    record.counters += snapshot.interval;
    record.durationNs += snapshot.intervalNs;
    if (snapshot.intervalCorrected)
        record.corrected.merge(*snapshot.intervalCorrected);
    if (snapshot.intervalUncorrected)
        record.uncorrected.merge(*snapshot.intervalUncorrected);
    if (snapshot.intervalHello)
        record.hello.merge(*snapshot.intervalHello);
    if (snapshot.intervalConnect)
        record.connect.merge(*snapshot.intervalConnect);
    if (snapshot.intervalHandshake)
        record.handshake.merge(*snapshot.intervalHandshake);
}

bool RunRecord::hasPhase(const QString &phase) const
{
    for (const PhaseInfo &info : m_phases) {
        if (info.name == phase)
            return true;
    }
    return false;
}

PhaseRecord RunRecord::aggregate(const QString &fleet, const QString &phase) const
{
    PhaseRecord total;
    for (const auto &[key, record] : m_records) {
        if (key.first != fleet)
            continue;
        if (!phase.isEmpty()) {
            if (key.second == phase)
                total += record;
            continue;
        }
        // The whole run: every phase that reports (time before the first phase counts).
        bool reported = true;
        for (const PhaseInfo &info : m_phases) {
            if (info.name == key.second)
                reported = info.reported;
        }
        if (reported)
            total += record;
    }
    return total;
}

} // namespace NetCore
