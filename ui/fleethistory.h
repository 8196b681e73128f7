// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "fleet/fleetsnapshot.h"

#include <QList>

#include <memory>

namespace Gui {

/**
 * What the charts draw for one fleet: a point per snapshot interval (latency
 * percentiles, throughput, errors, connections) and the run's cumulative
 * histograms for the distribution plot. Bounded: the oldest points go first.
 */
class FleetHistory
{
public:
    struct Point {
        double seconds = 0;            // since the fleet started
        double p50 = 0, p90 = 0, p99 = 0, p999 = 0, max = 0;          // ms, from when due
        double rawP50 = 0, rawP90 = 0, rawP99 = 0, rawP999 = 0, rawMax = 0; // ms, from the send
        double throughput = 0;         // replies/s
        double errorsPerSecond = 0;    // errors and timeouts
        double connections = 0;
        // Connection set-up in the interval, ms; negative: none opened in it.
        double connectP50 = -1, handshakeP50 = -1, handshakeP99 = -1;
    };

    static constexpr qsizetype MaxPoints = 36000; // an hour at ten a second

    void add(const NetCore::FleetSnapshot &snapshot);
    void clear();

    const QList<Point> &points() const { return m_points; }
    std::shared_ptr<const NetCore::LatencyHistogram> totalCorrected() const { return m_totalCorrected; }
    std::shared_ptr<const NetCore::LatencyHistogram> totalUncorrected() const { return m_totalUncorrected; }

private:
    QList<Point> m_points;
    std::shared_ptr<const NetCore::LatencyHistogram> m_totalCorrected;
    std::shared_ptr<const NetCore::LatencyHistogram> m_totalUncorrected;
};

} // namespace Gui
