// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "fleet/fleetsnapshot.h"

#include <QWidget>

class QPushButton;
class QTableWidget;

namespace NetCore {
class SessionEngine;
}

namespace NetCore {
class ClientFleet;
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

    QString selectedName() const;

Q_SIGNALS:
    void failed(const QString &message);
    void addRequested();
    void editRequested(const QString &name);
    void removeRequested(const QString &name);

private:
    void refreshStates();
    void setState(int row, const QString &text);
    /** Idle, running (and how long its connects took once all settled), stopping. */
    static QString stateText(const NetCore::ClientFleet *fleet);
    /** The state column of fleet `name`, whether it runs here or in agent processes. */
    QString stateTextOf(const QString &name) const;
    void onSnapshot(const QString &name, const NetCore::FleetSnapshot &snapshot);
    int rowOf(const QString &name) const;

    NetCore::SessionEngine &m_engine;
    QTableWidget *m_table = nullptr;
    QPushButton *m_add = nullptr;
    QPushButton *m_edit = nullptr;
    QPushButton *m_remove = nullptr;
    QPushButton *m_connect = nullptr;
    QPushButton *m_disconnect = nullptr;
};

} // namespace Gui
