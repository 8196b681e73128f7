// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QChart>
#include <QChartView>
#include <QLineSeries>
#include <QPen>

/** How the window's charts look, shared by the charts panel's tabs. */
namespace Gui::ChartStyle {

/** A view for `chart` with room for the plot on a laptop screen: the legend beside it, thin margins. */
inline QChartView *viewFor(QChart *chart)
{
    chart->legend()->setAlignment(Qt::AlignRight);
    chart->setMargins(QMargins(4, 4, 4, 4));
    QFont title = chart->titleFont();
    title.setPointSizeF(title.pointSizeF() * 0.9);
    chart->setTitleFont(title);
    auto *view = new QChartView(chart);
    view->setRenderHint(QPainter::Antialiasing);
    view->setMinimumHeight(160);
    return view;
}

inline QLineSeries *lineSeries(QChart *chart, const QString &name, const QColor &colour)
{
    auto *series = new QLineSeries(chart);
    series->setName(name);
    QPen pen(colour);
    pen.setWidthF(1.6);
    series->setPen(pen);
    chart->addSeries(series);
    return series;
}

} // namespace Gui::ChartStyle
