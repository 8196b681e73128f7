// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "fleethistory.h"

#include <QWidget>

#include <map>

class QCheckBox;
class QChart;
class QChartView;
class QComboBox;
class QLineSeries;
class QPushButton;
class QScrollBar;
class QSpinBox;
class QTabWidget;
class QValueAxis;
class QLogValueAxis;
class QCategoryAxis;
class QAbstractAxis;

namespace Gui {

class ProxyChart;

/**
 * The live charts: latency percentiles over time (from when due, or from the send
 * on a toggle; linear or log axis; a sliding window that can be paused and scrolled
 * back), throughput, errors and connections over time, and the run's percentile
 * distribution as HdrHistogram plots it, and connection set-up over time (TCP connect,
 * TLS handshake). Fed one snapshot at a time; each series is
 * replaced in one call, never a point per message.
 */
class ChartsPanel : public QWidget
{
    Q_OBJECT

public:
    explicit ChartsPanel(QWidget *parent = nullptr);

    void addSnapshot(const QString &fleet, const NetCore::FleetSnapshot &snapshot);
    /** The Proxies tab: a framed proxy's request timings over time. */
    ProxyChart *proxyChart() const { return m_proxyChart; }
    /** While held, snapshots are added without drawing (a finished run's thousands of intervals); releasing draws once. */
    void holdRedraws(bool hold);
    /** After a run: each fleet's latency by phase, offered beside the whole run in the distribution. */
    void setPhaseHistograms(const QString &fleet, const QList<std::pair<QString, std::shared_ptr<const NetCore::LatencyHistogram>>> &phases);
    void clear();
    /** Widens the time window to the longest fleet's whole run (a finished run opened from its logs). */
    void showWholeRun();
    /** The fleet shown (the first to report, until the user picks another). */
    QString shownFleet() const;
    /** Points the latency chart's p99 series holds now (for tests). */
    int latencyPointCount() const;
    int distributionPointCount() const;
    /** Shows a fleet's connection set-up chart (TCP connect, TLS handshake); the handshake p50's points. */
    int showSetupOf(const QString &fleet);
    /** What the distribution tab offers: the whole run, then each phase of the last run. */
    QStringList distributionChoices() const;
    void showDistributionOf(int choice);

private:
    void redraw();
    void redrawLatency(const FleetHistory &history);
    void redrawTraffic(const FleetHistory &history);
    void redrawDistribution(const FleetHistory &history);
    void redrawSetup(const FleetHistory &history);
    void setLogScale(bool log);

    std::map<QString, FleetHistory> m_histories;
    std::map<QString, QList<std::pair<QString, std::shared_ptr<const NetCore::LatencyHistogram>>>> m_phaseHistograms;
    QComboBox *m_distributionOf = nullptr;
    QComboBox *m_fleet = nullptr;
    QTabWidget *m_tabs = nullptr;
    ProxyChart *m_proxyChart = nullptr;
    QCheckBox *m_uncorrected = nullptr;
    QCheckBox *m_logScale = nullptr;
    QSpinBox *m_window = nullptr;
    QPushButton *m_pause = nullptr;
    bool m_redrawsHeld = false;
    QScrollBar *m_scrollBack = nullptr;

    QChart *m_latencyChart = nullptr;
    QList<QLineSeries *> m_latencySeries; // p50, p90, p99, p99.9, max
    QValueAxis *m_latencyTime = nullptr;
    QValueAxis *m_latencyLinear = nullptr;
    QLogValueAxis *m_latencyLog = nullptr;

    QChart *m_trafficChart = nullptr;
    QLineSeries *m_throughput = nullptr;
    QLineSeries *m_errors = nullptr;
    QLineSeries *m_connections = nullptr;
    QValueAxis *m_trafficTime = nullptr;
    QValueAxis *m_trafficRate = nullptr;
    QValueAxis *m_trafficConnections = nullptr;

    QChart *m_setupChart = nullptr;
    QList<QLineSeries *> m_setupSeries; // TCP connect p50, TLS handshake p99, p50
    QValueAxis *m_setupTime = nullptr;
    QValueAxis *m_setupMs = nullptr;

    QChart *m_distributionChart = nullptr;
    QLineSeries *m_distribution = nullptr;
    QCategoryAxis *m_distributionPercentile = nullptr;
    QLogValueAxis *m_distributionLatency = nullptr;
};

} // namespace Gui
