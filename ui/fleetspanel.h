// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/fleetsnapshot.h"

#include <QWidget>

class QPushButton;
class QTableWidget;

namespace NetCore {
class SessionEngine;
}

namespace Gui {

/** The session's client fleets: target, schedule, state and live figures; connect and disconnect. */
class FleetsPanel : public QWidget
{
    Q_OBJECT

public:
    explicit FleetsPanel(NetCore::SessionEngine &engine, QWidget *parent = nullptr);

    void reload();
    QTableWidget *table() const { return m_table; }

Q_SIGNALS:
    void failed(const QString &message);

private:
    void refreshStates();
    void onSnapshot(const QString &name, const NetCore::FleetSnapshot &snapshot);
    QString selectedName() const;
    int rowOf(const QString &name) const;

    NetCore::SessionEngine &m_engine;
    QTableWidget *m_table = nullptr;
    QPushButton *m_connect = nullptr;
    QPushButton *m_disconnect = nullptr;
};

} // namespace Gui
