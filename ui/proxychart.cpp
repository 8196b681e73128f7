// SPDX-License-Identifier: GPL-3.0-or-later
#include "proxychart.h"

#include "chartstyle.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineSeries>
#include <QValueAxis>
#include <QVBoxLayout>

#include <algorithm>

namespace Gui {

namespace {
constexpr size_t MaxPoints = 3600; // an hour of one-second intervals per proxy
}

ProxyChart::ProxyChart(QWidget *parent)
    : QWidget(parent)
    , m_proxy(new QComboBox(this))
    , m_chart(new QChart)
{
    m_empty = new QLabel(tr("No framed proxy has timed a request yet: give a proxy a framing (its form's Cut into frames)."), this);
    const QList<std::pair<QString, QColor>> series{{tr("server p50"), QColor(0x2ca02c)},  {tr("server p99"), QColor(0x98df8a)},
                                                   {tr("clients saw p50"), QColor(0x1f77b4)}, {tr("clients saw p99"), QColor(0xaec7e8)},
                                                   {tr("injected p50"), QColor(0xd62728)}};
    for (const auto &[name, colour] : series)
        m_series << ChartStyle::lineSeries(m_chart, name, colour);
    m_time = new QValueAxis(m_chart);
    m_time->setTitleText(tr("elapsed (s)"));
    m_time->setLabelFormat(QStringLiteral("%.0f"));
    m_ms = new QValueAxis(m_chart);
    m_ms->setTitleText(tr("ms"));
    m_ms->setLabelFormat(QStringLiteral("%.2f"));
    m_chart->addAxis(m_time, Qt::AlignBottom);
    m_chart->addAxis(m_ms, Qt::AlignLeft);
    for (QLineSeries *line : std::as_const(m_series)) {
        line->attachAxis(m_time);
        line->attachAxis(m_ms);
    }
    auto *controls = new QHBoxLayout;
    controls->addWidget(new QLabel(tr("Proxy:"), this));
    controls->addWidget(m_proxy);
    controls->addWidget(m_empty, 1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(controls);
    layout->addWidget(ChartStyle::viewFor(m_chart), 1);
    connect(m_proxy, &QComboBox::currentTextChanged, this, &ProxyChart::redraw);
}

void ProxyChart::addSnapshot(const QString &proxy, const NetCore::ProxySnapshot &snapshot)
{
    if (!snapshot.framed || snapshot.clientSeen.count == 0)
        return; // an interval without a timed request says nothing here
    std::deque<Point> &history = m_histories[proxy];
    auto ms = [](qint64 ns) { return double(ns) / 1e6; };
    history.push_back(Point{double(snapshot.elapsedNs) / 1e9, ms(snapshot.serverTime.p50), ms(snapshot.serverTime.p99),
                            ms(snapshot.clientSeen.p50), ms(snapshot.clientSeen.p99), ms(snapshot.injected.p50)});
    if (history.size() > MaxPoints)
        history.pop_front();
    if (m_proxy->findText(proxy) < 0)
        m_proxy->addItem(proxy); // the first becomes the shown one, and redraws
    else if (m_proxy->currentText() == proxy && isVisible())
        redraw();
}

void ProxyChart::clear()
{
    m_histories.clear();
    m_proxy->clear();
    redraw();
}

QString ProxyChart::shownProxy() const
{
    return m_proxy->currentText();
}

int ProxyChart::pointCount() const
{
    return int(m_series[3]->count());
}

void ProxyChart::redraw()
{
    const auto it = m_histories.find(m_proxy->currentText());
    m_empty->setVisible(it == m_histories.end());
    QList<QList<QPointF>> points(m_series.size());
    double top = 1.0, first = 0, last = 1;
    if (it != m_histories.end() && !it->second.empty()) {
        first = it->second.front().elapsedS;
        last = std::max(first + 1, it->second.back().elapsedS);
        for (const Point &p : it->second) {
            const double values[] = {p.serverP50, p.serverP99, p.clientP50, p.clientP99, p.injectedP50};
            for (int i = 0; i < m_series.size(); ++i) {
                points[i].append(QPointF(p.elapsedS, values[i]));
                top = std::max(top, values[i]);
            }
        }
    }
    for (int i = 0; i < m_series.size(); ++i)
        m_series[i]->replace(points[i]);
    m_time->setRange(first, last);
    m_ms->setRange(0, top * 1.1);
}

void ProxyChart::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    redraw(); // snapshots that came while hidden were kept, not drawn
}

} // namespace Gui
