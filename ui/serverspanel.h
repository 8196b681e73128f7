// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "definitionpanel.h"

#include "server/serversnapshot.h"

#include <QHash>

class QPushButton;

namespace Gui {

/** The session's test servers: what each is, whether it runs, what it has counted; start and stop. */
class ServersPanel : public DefinitionPanel
{
    Q_OBJECT

public:
    explicit ServersPanel(NetCore::SessionEngine &engine, QWidget *parent = nullptr);

protected:
    QList<QStringList> rows() const override;
    bool isRunning(const QString &name) const override;
    QString start(const QString &name) override;
    void stop(const QString &name) override;
    void refreshRow(int row, const QString &name) override;
    void selectionRefreshed(const QString &selected) override;

private:
    enum Column { Name, Address, FramingColumn, Behaviour, Faults, State, Connections, FramesIn, FramesOut, Errors };
    void onSnapshot(const QString &name, const NetCore::ServerSnapshot &snapshot);
    void copyFingerprint();

    QPushButton *m_copyFingerprint = nullptr;
    QHash<QString, QStringList> m_tlsFailures; // by server, since it started: the first few reasons
};

} // namespace Gui
