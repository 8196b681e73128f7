// SPDX-License-Identifier: GPL-3.0-or-later
#include "statussummary.h"

#include "fleet/clientfleet.h"
#include "fleet/fleetsummary.h"
#include "scenario/sessionengine.h"
#include "session/session.h"

#include <QLabel>
#include <QStatusBar>

namespace Gui {

StatusSummary::StatusSummary(QStatusBar *bar)
    : QObject(bar)
    , m_servers(new QLabel(bar))
    , m_connections(new QLabel(bar))
    , m_rate(new QLabel(bar))
    , m_p99(new QLabel(bar))
    , m_errors(new QLabel(bar))
{
    for (QLabel *label : {m_servers, m_connections, m_rate, m_p99, m_errors})
        bar->addPermanentWidget(label);
}

void StatusSummary::update(const NetCore::Session &session, const NetCore::SessionEngine &engine)
{
    int servers = 0;
    for (const auto &server : session.servers)
        servers += engine.isServerRunning(server.name) ? 1 : 0;
    qint64 open = 0;
    double rate = 0;
    qint64 p99 = 0;
    quint64 errors = 0;
    for (const auto &definition : session.fleets) {
        const NetCore::ClientFleet *fleet = engine.fleet(definition.name);
        if (!fleet || fleet->state() == NetCore::ClientFleet::State::Idle)
            continue;
        const NetCore::FleetSnapshot snapshot = fleet->lastSnapshot();
        open += snapshot.total.connectionsOpen();
        rate += snapshot.receivedPerSecond();
        p99 = std::max(p99, snapshot.intervalLatency.p99);
        errors += snapshot.total.errorTotal() + snapshot.total.timeouts;
    }
    m_servers->setText(tr("servers running: %1/%2").arg(servers).arg(session.servers.size()));
    m_connections->setText(tr("open connections: %1").arg(open));
    m_rate->setText(tr("%1 replies/s").arg(rate, 0, 'f', 0));
    m_p99->setText(tr("p99 %1").arg(p99 ? NetCore::formatDuration(p99) : QStringLiteral("-")));
    m_errors->setText(tr("errors: %1").arg(errors));
}

} // namespace Gui
