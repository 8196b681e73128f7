// SPDX-License-Identifier: GPL-3.0-or-later
#include "chartspanel.h"

#include "chartstyle.h"
#include "proxychart.h"

#include <QCategoryAxis>
#include <QChart>
#include <QChartView>
#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QPushButton>
#include <QScrollBar>
#include <QSpinBox>
#include <QTabWidget>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace Gui {

namespace {

using ChartStyle::lineSeries;
using ChartStyle::viewFor;

// The distribution's x: log10(1 / (1 - p)), so 90 % sits at 1, 99 % at 2, ...
double percentileX(double quantile)
{
    return std::log10(1.0 / std::max(1.0 - quantile, 1e-7));
}

} // namespace

ChartsPanel::ChartsPanel(QWidget *parent)
    : QWidget(parent)
{
    m_fleet = new QComboBox(this);
    m_fleet->setMinimumContentsLength(12);
    m_uncorrected = new QCheckBox(tr("From the send (uncorrected)"), this);
    m_uncorrected->setToolTip(tr("Latency from when each message was actually sent, instead of from when it was due. "
                                 "The corrected figure is the honest one under load."));
    m_logScale = new QCheckBox(tr("Log scale"), this);
    m_window = new QSpinBox(this);
    m_window->setRange(5, 3600);
    m_window->setValue(60);
    m_window->setSuffix(tr(" s"));
    m_window->setToolTip(tr("How much of the run the time charts show"));
    m_pause = new QPushButton(tr("Pause"), this);
    m_pause->setCheckable(true);
    m_scrollBack = new QScrollBar(Qt::Horizontal, this);
    m_scrollBack->setEnabled(false);
    m_scrollBack->setToolTip(tr("While paused: scroll back through the run"));

    auto *controls = new QHBoxLayout;
    controls->addWidget(new QLabel(tr("Fleet:"), this));
    controls->addWidget(m_fleet);
    controls->addSpacing(12);
    controls->addWidget(m_uncorrected);
    controls->addWidget(m_logScale);
    controls->addSpacing(12);
    controls->addWidget(new QLabel(tr("Window:"), this));
    controls->addWidget(m_window);
    controls->addWidget(m_pause);
    controls->addWidget(m_scrollBack, 1);

    // Latency over time.
    m_latencyChart = new QChart;

    const QList<std::pair<QString, QColor>> percentiles{{tr("p50"), QColor(0x1f77b4)},   {tr("p90"), QColor(0x2ca02c)},
                                                        {tr("p99"), QColor(0xff7f0e)},   {tr("p99.9"), QColor(0xd62728)},
                                                        {tr("max"), QColor(0x7f7f7f)}};
    for (const auto &[name, colour] : percentiles)
        m_latencySeries << lineSeries(m_latencyChart, name, colour);
    m_latencyTime = new QValueAxis(m_latencyChart);
    m_latencyTime->setTitleText(tr("elapsed (s)"));
    m_latencyTime->setLabelFormat(QStringLiteral("%.0f"));
    m_latencyLinear = new QValueAxis(m_latencyChart);
    m_latencyLinear->setTitleText(tr("ms"));
    m_latencyLinear->setLabelFormat(QStringLiteral("%.2f"));
    m_latencyLog = new QLogValueAxis(m_latencyChart);
    m_latencyLog->setTitleText(tr("ms (log)"));
    m_latencyLog->setLabelFormat(QStringLiteral("%g"));
    m_latencyLog->setBase(10);
    m_latencyChart->addAxis(m_latencyTime, Qt::AlignBottom);
    m_latencyChart->addAxis(m_latencyLinear, Qt::AlignLeft);
    for (QLineSeries *series : std::as_const(m_latencySeries)) {
        series->attachAxis(m_latencyTime);
        series->attachAxis(m_latencyLinear);
    }

    // Throughput, errors and connections.
    m_trafficChart = new QChart;
    m_trafficChart->setTitle(QString());
    m_throughput = lineSeries(m_trafficChart, tr("replies/s"), QColor(0x1f77b4));
    m_errors = lineSeries(m_trafficChart, tr("errors+timeouts/s"), QColor(0xd62728));
    m_connections = lineSeries(m_trafficChart, tr("open connections"), QColor(0x9467bd));
    m_trafficTime = new QValueAxis(m_trafficChart);
    m_trafficTime->setTitleText(tr("elapsed (s)"));
    m_trafficTime->setLabelFormat(QStringLiteral("%.0f"));
    m_trafficRate = new QValueAxis(m_trafficChart);
    m_trafficRate->setTitleText(tr("per second"));
    m_trafficRate->setLabelFormat(QStringLiteral("%.0f"));
    m_trafficConnections = new QValueAxis(m_trafficChart);
    m_trafficConnections->setTitleText(tr("connections"));
    m_trafficConnections->setLabelFormat(QStringLiteral("%.0f"));
    m_trafficChart->addAxis(m_trafficTime, Qt::AlignBottom);
    m_trafficChart->addAxis(m_trafficRate, Qt::AlignLeft);
    m_trafficChart->addAxis(m_trafficConnections, Qt::AlignRight);
    for (QLineSeries *series : {m_throughput, m_errors}) {
        series->attachAxis(m_trafficTime);
        series->attachAxis(m_trafficRate);
    }
    m_connections->attachAxis(m_trafficTime);
    m_connections->attachAxis(m_trafficConnections);

    // Connection set-up apart from the load, as curl's time_connect and time_appconnect:
    // a point per interval in which connections opened.
    m_setupChart = new QChart;
    const QList<std::pair<QString, QColor>> setup{{tr("TCP connect p50"), QColor(0x7f7f7f)},
                                                  {tr("TLS handshake p99"), QColor(0xff7f0e)},
                                                  {tr("TLS handshake p50"), QColor(0x1f77b4)}}; // drawn last: on top
    for (const auto &[name, colour] : setup) {
        m_setupSeries << lineSeries(m_setupChart, name, colour);
        m_setupSeries.last()->setPointsVisible(true); // sparse: connections open now and then
    }
    m_setupTime = new QValueAxis(m_setupChart);
    m_setupTime->setTitleText(tr("elapsed (s)"));
    m_setupTime->setLabelFormat(QStringLiteral("%.0f"));
    m_setupMs = new QValueAxis(m_setupChart);
    m_setupMs->setTitleText(tr("ms"));
    m_setupMs->setLabelFormat(QStringLiteral("%.2f"));
    m_setupChart->addAxis(m_setupTime, Qt::AlignBottom);
    m_setupChart->addAxis(m_setupMs, Qt::AlignLeft);
    for (QLineSeries *series : std::as_const(m_setupSeries)) {
        series->attachAxis(m_setupTime);
        series->attachAxis(m_setupMs);
    }

    // The percentile distribution.
    m_distributionChart = new QChart;
    m_distributionChart->setTitle(tr("Latency by percentile (the whole run so far)"));
    m_distribution = lineSeries(m_distributionChart, tr("latency"), QColor(0x1f77b4));
    m_distributionPercentile = new QCategoryAxis(m_distributionChart);
    m_distributionPercentile->setTitleText(tr("percentile"));
    m_distributionPercentile->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
    const QStringList labels{QStringLiteral("0%"), QStringLiteral("90%"), QStringLiteral("99%"),
                             QStringLiteral("99.9%"), QStringLiteral("99.99%"), QStringLiteral("99.999%"),
                             QStringLiteral("99.9999%")};
    for (int i = 0; i < labels.size(); ++i)
        m_distributionPercentile->append(labels[i], i);
    m_distributionPercentile->setRange(0, 6);
    m_distributionLatency = new QLogValueAxis(m_distributionChart);
    m_distributionLatency->setTitleText(tr("latency, ms (log)"));
    m_distributionLatency->setLabelFormat(QStringLiteral("%g"));
    m_distributionChart->addAxis(m_distributionPercentile, Qt::AlignBottom);
    m_distributionChart->addAxis(m_distributionLatency, Qt::AlignLeft);
    m_distribution->attachAxis(m_distributionPercentile);
    m_distribution->attachAxis(m_distributionLatency);
    m_distributionChart->legend()->hide();

    m_distributionOf = new QComboBox(this);
    m_distributionOf->addItem(tr("the whole run so far"));
    m_distributionOf->setToolTip(tr("After a run, each phase's distribution can be shown alone"));
    auto *distributionPage = new QWidget(this);
    auto *distributionControls = new QHBoxLayout;
    distributionControls->addWidget(new QLabel(tr("Distribution of:"), distributionPage));
    distributionControls->addWidget(m_distributionOf);
    distributionControls->addStretch();
    auto *distributionLayout = new QVBoxLayout(distributionPage);
    distributionLayout->setContentsMargins(0, 0, 0, 0);
    distributionLayout->addLayout(distributionControls);
    distributionLayout->addWidget(viewFor(m_distributionChart), 1);

    m_tabs = new QTabWidget(this);
    m_tabs->addTab(viewFor(m_latencyChart), tr("Latency"));
    m_tabs->addTab(viewFor(m_trafficChart), tr("Throughput"));
    m_tabs->addTab(distributionPage, tr("Distribution"));
    m_tabs->addTab(viewFor(m_setupChart), tr("Connect && TLS"));
    m_proxyChart = new ProxyChart(this);
    m_tabs->addTab(m_proxyChart, tr("Proxies"));

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(controls);
    layout->addWidget(m_tabs, 1);

    connect(m_fleet, &QComboBox::currentTextChanged, this, [this] {
        // The phases on offer are the shown fleet's.
        const QSignalBlocker block(m_distributionOf);
        while (m_distributionOf->count() > 1)
            m_distributionOf->removeItem(1);
        const auto it = m_phaseHistograms.find(m_fleet->currentText());
        if (it != m_phaseHistograms.end()) {
            for (const auto &[phase, histogram] : it->second)
                m_distributionOf->addItem(tr("phase %1").arg(phase), phase);
        }
        redraw();
    });
    connect(m_distributionOf, &QComboBox::currentIndexChanged, this, &ChartsPanel::redraw);
    connect(m_uncorrected, &QCheckBox::toggled, this, &ChartsPanel::redraw);
    connect(m_logScale, &QCheckBox::toggled, this, &ChartsPanel::setLogScale);
    connect(m_window, &QSpinBox::valueChanged, this, &ChartsPanel::redraw);
    connect(m_tabs, &QTabWidget::currentChanged, this, &ChartsPanel::redraw);
    connect(m_scrollBack, &QScrollBar::valueChanged, this, &ChartsPanel::redraw);
    connect(m_pause, &QPushButton::toggled, this, [this](bool paused) {
        m_pause->setText(paused ? tr("Resume") : tr("Pause"));
        m_scrollBack->setEnabled(paused);
        redraw();
    });
}

void ChartsPanel::addSnapshot(const QString &fleet, const NetCore::FleetSnapshot &snapshot)
{
    m_histories[fleet].add(snapshot);
    if (m_fleet->findText(fleet) < 0)
        m_fleet->addItem(fleet);
    if (!m_pause->isChecked() && !m_redrawsHeld && fleet == m_fleet->currentText())
        redraw();
}

void ChartsPanel::holdRedraws(bool hold)
{
    m_redrawsHeld = hold;
    if (!hold)
        redraw();
}

void ChartsPanel::setPhaseHistograms(const QString &fleet,
                                     const QList<std::pair<QString, std::shared_ptr<const NetCore::LatencyHistogram>>> &phases)
{
    m_phaseHistograms[fleet] = phases;
    if (fleet == m_fleet->currentText())
        Q_EMIT m_fleet->currentTextChanged(fleet); // refills the phase list
}

void ChartsPanel::showWholeRun()
{
    double longest = 0;
    for (const auto &[fleet, history] : m_histories) {
        if (!history.points().isEmpty())
            longest = std::max(longest, history.points().constLast().seconds);
    }
    m_window->setValue(int(std::ceil(longest))); // the spin box keeps it within its range
}

void ChartsPanel::clear()
{
    m_histories.clear();
    m_phaseHistograms.clear();
    m_proxyChart->clear();
    while (m_distributionOf->count() > 1)
        m_distributionOf->removeItem(1);
    m_fleet->clear();
    redraw();
}

QString ChartsPanel::shownFleet() const
{
    return m_fleet->currentText();
}

int ChartsPanel::latencyPointCount() const
{
    return int(m_latencySeries[2]->count());
}

int ChartsPanel::showSetupOf(const QString &fleet)
{
    m_fleet->setCurrentText(fleet);
    m_tabs->setCurrentIndex(3);
    redraw();
    return int(m_setupSeries[2]->count());
}

int ChartsPanel::distributionPointCount() const
{
    return int(m_distribution->count());
}

QStringList ChartsPanel::distributionChoices() const
{
    QStringList choices;
    for (int i = 0; i < m_distributionOf->count(); ++i)
        choices << m_distributionOf->itemText(i);
    return choices;
}

void ChartsPanel::showDistributionOf(int choice)
{
    m_tabs->setCurrentIndex(2);
    m_distributionOf->setCurrentIndex(choice);
    redraw();
}

void ChartsPanel::setLogScale(bool log)
{
    QAbstractAxis *from = log ? static_cast<QAbstractAxis *>(m_latencyLinear) : m_latencyLog;
    QAbstractAxis *to = log ? static_cast<QAbstractAxis *>(m_latencyLog) : m_latencyLinear;
    for (QLineSeries *series : std::as_const(m_latencySeries))
        series->detachAxis(from);
    m_latencyChart->removeAxis(from);
    m_latencyChart->addAxis(to, Qt::AlignLeft);
    for (QLineSeries *series : std::as_const(m_latencySeries))
        series->attachAxis(to);
    redraw();
}

void ChartsPanel::redraw()
{
    const auto it = m_histories.find(m_fleet->currentText());
    static const FleetHistory empty;
    const FleetHistory &history = it == m_histories.end() ? empty : it->second;
    // Only the chart in view is drawn; the others catch up when shown.
    switch (m_tabs->currentIndex()) {
    case 0: redrawLatency(history); break;
    case 1: redrawTraffic(history); break;
    case 2: redrawDistribution(history); break;
    default: redrawSetup(history); break;
    }
}

namespace {

// The points inside the time window ending `endSeconds`.
std::pair<qsizetype, qsizetype> windowOf(const QList<FleetHistory::Point> &points, double endSeconds, double spanSeconds)
{
    const auto begin = std::lower_bound(points.begin(), points.end(), endSeconds - spanSeconds,
                                        [](const FleetHistory::Point &p, double t) { return p.seconds < t; });
    const auto end = std::upper_bound(points.begin(), points.end(), endSeconds,
                                      [](double t, const FleetHistory::Point &p) { return t < p.seconds; });
    return {begin - points.begin(), end - points.begin()};
}

} // namespace

void ChartsPanel::redrawLatency(const FleetHistory &history)
{
    const auto &points = history.points();
    const double span = m_window->value();
    const double last = points.isEmpty() ? 0 : points.last().seconds;
    // Paused: the scroll bar picks where the window ends, in tenths of a second.
    m_scrollBack->setRange(0, int(std::max(0.0, last - span) * 10));
    if (!m_pause->isChecked())
        m_scrollBack->setValue(m_scrollBack->maximum());
    const double end = m_pause->isChecked() ? m_scrollBack->value() / 10.0 + span : last;
    const auto [from, to] = windowOf(points, end, span);
    const bool raw = m_uncorrected->isChecked();
    const bool log = m_logScale->isChecked();
    QList<QList<QPointF>> lines(5);
    double top = 0.01;
    double bottom = 1e9;
    for (qsizetype i = from; i < to; ++i) {
        const FleetHistory::Point &p = points[i];
        const double values[5] = {raw ? p.rawP50 : p.p50, raw ? p.rawP90 : p.p90, raw ? p.rawP99 : p.p99,
                                  raw ? p.rawP999 : p.p999, raw ? p.rawMax : p.max};
        for (int s = 0; s < 5; ++s) {
            // A log axis cannot show zero (an interval without replies): leave a gap.
            if (log && values[s] <= 0)
                continue;
            lines[s].append(QPointF(p.seconds, values[s]));
            top = std::max(top, values[s]);
            bottom = std::min(bottom, values[s]);
        }
    }
    for (int s = 0; s < 5; ++s)
        m_latencySeries[s]->replace(lines[s]);
    m_latencyTime->setRange(std::max(0.0, end - span), std::max(end, span));
    if (log)
        m_latencyLog->setRange(std::max(1e-3, bottom == 1e9 ? 1e-3 : bottom / 1.5), top * 1.5);
    else
        m_latencyLinear->setRange(0, top * 1.1);
    m_latencyChart->setTitle(QString());
    const QString axis = raw ? tr("ms from the send") : tr("ms from when due");
    m_latencyLinear->setTitleText(axis);
    m_latencyLog->setTitleText(axis + tr(" (log)"));
}

void ChartsPanel::redrawTraffic(const FleetHistory &history)
{
    const auto &points = history.points();
    const double span = m_window->value();
    const double last = points.isEmpty() ? 0 : points.last().seconds;
    const double end = m_pause->isChecked() ? m_scrollBack->value() / 10.0 + span : last;
    const auto [from, to] = windowOf(points, end, span);
    QList<QPointF> throughput, errors, connections;
    double rateTop = 1, connectionsTop = 1;
    for (qsizetype i = from; i < to; ++i) {
        const FleetHistory::Point &p = points[i];
        throughput.append(QPointF(p.seconds, p.throughput));
        errors.append(QPointF(p.seconds, p.errorsPerSecond));
        connections.append(QPointF(p.seconds, p.connections));
        rateTop = std::max({rateTop, p.throughput, p.errorsPerSecond});
        connectionsTop = std::max(connectionsTop, p.connections);
    }
    m_throughput->replace(throughput);
    m_errors->replace(errors);
    m_connections->replace(connections);
    m_trafficTime->setRange(std::max(0.0, end - span), std::max(end, span));
    m_trafficRate->setRange(0, rateTop * 1.1);
    m_trafficConnections->setRange(0, connectionsTop * 1.1);
}

void ChartsPanel::redrawSetup(const FleetHistory &history)
{
    const auto &points = history.points();
    const double span = m_window->value();
    const double last = points.isEmpty() ? 0 : points.last().seconds;
    const double end = m_pause->isChecked() ? m_scrollBack->value() / 10.0 + span : last;
    const auto [from, to] = windowOf(points, end, span);
    QList<QList<QPointF>> lines(3);
    double top = 0.01;
    for (qsizetype i = from; i < to; ++i) {
        const FleetHistory::Point &p = points[i];
        const double values[3] = {p.connectP50, p.handshakeP99, p.handshakeP50};
        for (int s = 0; s < 3; ++s) {
            if (values[s] < 0)
                continue; // nothing opened in that interval
            lines[s].append(QPointF(p.seconds, values[s]));
            top = std::max(top, values[s]);
        }
    }
    for (int s = 0; s < 3; ++s)
        m_setupSeries[s]->replace(lines[s]);
    m_setupTime->setRange(std::max(0.0, end - span), std::max(end, span));
    m_setupMs->setRange(0, top * 1.1);
    m_setupChart->setTitle(lines[0].isEmpty() ? tr("No connection opened in this window") : QString());
}

void ChartsPanel::redrawDistribution(const FleetHistory &history)
{
    std::shared_ptr<const NetCore::LatencyHistogram> histogram =
        m_uncorrected->isChecked() ? history.totalUncorrected() : history.totalCorrected();
    QString what = tr("the whole run so far");
    if (m_distributionOf->currentIndex() > 0) {
        const QString phase = m_distributionOf->currentData().toString();
        for (const auto &[name, phaseHistogram] : m_phaseHistograms[m_fleet->currentText()]) {
            if (name == phase) {
                histogram = phaseHistogram;
                what = tr("phase %1").arg(phase);
            }
        }
    }
    QList<QPointF> points;
    double top = 0.01, bottom = 1e9;
    if (histogram && histogram->totalCount() > 0) {
        for (const auto &row : histogram->percentileDistribution(5)) {
            const double ms = std::max(double(row.value) / 1e6, 1e-3);
            points.append(QPointF(std::min(percentileX(row.quantile), 6.0), ms));
            top = std::max(top, ms);
            bottom = std::min(bottom, ms);
        }
    }
    m_distribution->replace(points);
    m_distributionLatency->setRange(bottom == 1e9 ? 1e-3 : bottom / 1.5, top * 1.5);
    const bool phaseShown = m_distributionOf->currentIndex() > 0;
    m_distributionChart->setTitle(phaseShown ? tr("Latency by percentile, from when due (%1)").arg(what)
                                  : m_uncorrected->isChecked()
                                      ? tr("Latency by percentile, from the send (%1)").arg(what)
                                      : tr("Latency by percentile, from when due (%1)").arg(what));
}

} // namespace Gui
