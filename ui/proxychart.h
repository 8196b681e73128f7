// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "proxy/proxysnapshot.h"

#include <QWidget>

#include <deque>
#include <map>

class QChart;
class QComboBox;
class QLabel;
class QLineSeries;
class QValueAxis;

namespace Gui {

/**
 * A framed proxy's requests over time, what was injected beside what was observed:
 * p50 and p99 of the server's own time and of what the clients saw, and the p50 the
 * faults added, one point per snapshot interval. One proxy shown at a time.
 */
class ProxyChart : public QWidget
{
    Q_OBJECT

public:
    explicit ProxyChart(QWidget *parent = nullptr);

    void addSnapshot(const QString &proxy, const NetCore::ProxySnapshot &snapshot);
    void clear();
    QString shownProxy() const;
    /** Points of the clients' p99 series now (for tests). */
    int pointCount() const;

protected:
    void showEvent(QShowEvent *event) override;

private:
    struct Point {
        double elapsedS;
        double serverP50, serverP99, clientP50, clientP99, injectedP50; // ms
    };
    void redraw();

    std::map<QString, std::deque<Point>> m_histories;
    QComboBox *m_proxy = nullptr;
    QLabel *m_empty = nullptr;
    QChart *m_chart = nullptr;
    QList<QLineSeries *> m_series;
    QValueAxis *m_time = nullptr;
    QValueAxis *m_ms = nullptr;
};

} // namespace Gui
