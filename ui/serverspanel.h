// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "server/serversnapshot.h"

#include <QHash>
#include <QStringList>
#include <QWidget>

class QPushButton;
class QTableWidget;

namespace NetCore {
class SessionEngine;
}

namespace Gui {

/** The session's test servers: what each is, whether it runs, what it has counted; start and stop. */
class ServersPanel : public QWidget
{
    Q_OBJECT

public:
    explicit ServersPanel(NetCore::SessionEngine &engine, QWidget *parent = nullptr);

    /** Rebuilds the rows from the engine's session. */
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
    void onSnapshot(const QString &name, const NetCore::ServerSnapshot &snapshot);
    int rowOf(const QString &name) const;
    void copyFingerprint();

    NetCore::SessionEngine &m_engine;
    QTableWidget *m_table = nullptr;
    QPushButton *m_add = nullptr;
    QPushButton *m_edit = nullptr;
    QPushButton *m_remove = nullptr;
    QPushButton *m_start = nullptr;
    QPushButton *m_stop = nullptr;
    QPushButton *m_copyFingerprint = nullptr;
    QHash<QString, QStringList> m_tlsFailures; // by server, since it started: the first few reasons
};

} // namespace Gui
