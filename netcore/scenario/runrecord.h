// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "fleet/fleetsnapshot.h"
#include "proxy/proxycounters.h"
#include "proxy/replytimes.h"
#include "replay/replayresult.h"
#include "scenario/phaserecord.h"

#include <QList>
#include <QString>

#include <map>
#include <optional>
#include <utility>

namespace NetCore {

/**
 * Everything a scenario run measured, as it came: one row per snapshot interval and
 * fleet (the time series), and per fleet and phase the merged counts and latency
 * histograms (for summaries, checks and .hgrm files). An interval counts in the
 * phase that was current when its snapshot arrived, so a phase boundary is exact to
 * one snapshot interval.
 */
class RunRecord
{
public:
    struct Row {
        qint64 elapsedNs = 0;     // since the run began, at the end of the interval
        QString phase;
        QString fleet;
        qint64 intervalNs = 0;
        FleetCounters interval;
        qint64 activeConnections = 0;
        LatencySummary corrected;
        LatencySummary uncorrected;
    };
    /** A proxy's figures over the run: its counters, and with a framing its request timings. */
    struct ProxyRecord {
        ProxyCounters counters;
        std::optional<ReplyTimes> times;
    };
    struct PhaseInfo {
        QString name;
        bool reported = true;
    };

    /** A phase begins (names may repeat; the records of a repeated name add up). */
    void beginPhase(const QString &name, bool reported);
    void add(const QString &fleet, qint64 elapsedNs, const FleetSnapshot &snapshot);

    const QList<Row> &rows() const { return m_rows; }
    QList<PhaseInfo> phases() const { return m_phases; }
    QString currentPhase() const { return m_phases.isEmpty() ? QString() : m_phases.last().name; }
    QStringList fleets() const { return m_fleetOrder; }

    /** A fleet's record for one phase, or for every reported phase when `phase` is empty. */
    PhaseRecord aggregate(const QString &fleet, const QString &phase = {}) const;
    bool hasPhase(const QString &phase) const;
    void setProxy(const QString &name, const ProxyRecord &record) { m_proxies[name] = record; }
    const std::map<QString, ProxyRecord> &proxies() const { return m_proxies; }
    /** A replaying fleet's outcome as it ended: where replies differed from the recording, in words. */
    void setReplay(const QString &fleet, const ReplayResult &result) { m_replays[fleet] = result; }
    const std::map<QString, ReplayResult> &replays() const { return m_replays; }

private:
    QList<Row> m_rows;
    QList<PhaseInfo> m_phases;
    QStringList m_fleetOrder;
    std::map<std::pair<QString, QString>, PhaseRecord> m_records; // (fleet, phase)
    std::map<QString, ProxyRecord> m_proxies;
    std::map<QString, ReplayResult> m_replays;
};

} // namespace NetCore
