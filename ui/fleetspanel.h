// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "definitionpanel.h"

#include "fleet/fleetsnapshot.h"

namespace NetCore {
class ClientFleet;
class ReplayFleet;
}

namespace Gui {

/** The session's client fleets: target, schedule, state and live figures; connect and disconnect. */
class FleetsPanel : public DefinitionPanel
{
    Q_OBJECT

public:
    enum Column { Name, Target, Connections, Schedule, Message, State, Open, Rate, P99, Handshake, Errors };

    explicit FleetsPanel(NetCore::SessionEngine &engine, QWidget *parent = nullptr);

protected:
    QList<QStringList> rows() const override;
    bool isRunning(const QString &name) const override;
    QString start(const QString &name) override;
    void stop(const QString &name) override;
    void refreshRow(int row, const QString &name) override;

private:
    /** Idle, running (and how long its connects took once all settled), stopping. */
    static QString stateText(const NetCore::ClientFleet *fleet);
    /** A fleet with "replay": its progress, then what it found. */
    static QString replayStateText(const NetCore::ReplayFleet *replay);
    /** The state column of fleet `name`, whether it runs here or in agent processes. */
    QString stateTextOf(const QString &name) const;
    void onSnapshot(const QString &name, const NetCore::FleetSnapshot &snapshot);
};

} // namespace Gui
