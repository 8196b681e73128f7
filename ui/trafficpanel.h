// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "metrics/trafficentry.h"

#include <QWidget>

class QCheckBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QSortFilterProxyModel;
class QTableView;

namespace Gui {

class TrafficModel;

/**
 * The traffic log of traced connections and composed messages: each frame's time,
 * connection, direction, WB1 fields, size and round trip; the selected one as a
 * hex+ASCII dump. Bounded (the limit is shown), pausable, filterable, savable.
 */
class TrafficPanel : public QWidget
{
    Q_OBJECT

public:
    explicit TrafficPanel(QWidget *parent = nullptr);

    void addTraffic(const QString &fleet, const QList<NetCore::TrafficEntry> &entries, quint64 dropped);
    TrafficModel *model() const { return m_model; }
    bool saveTo(const QString &path, QString *error);

private:
    void showSelected();
    void updateCount();

    TrafficModel *m_model = nullptr;
    QSortFilterProxyModel *m_proxy = nullptr;
    QTableView *m_view = nullptr;
    QPlainTextEdit *m_dump = nullptr;
    QLineEdit *m_filter = nullptr;
    QCheckBox *m_pause = nullptr;
    QLabel *m_count = nullptr;
    quint64 m_droppedByEngine = 0;
};

} // namespace Gui
