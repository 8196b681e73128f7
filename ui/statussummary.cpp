// SPDX-License-Identifier: GPL-3.0-or-later
#include "statussummary.h"

#include "fleet/clientfleet.h"
#include "fleet/fleetsummary.h"
#include "fleet/replywarnings.h"
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
    , m_warning(new QLabel(bar))
{
    m_warning->setStyleSheet(QStringLiteral("color: #c62828;"));
    m_warning->hide();
    for (QLabel *label : {m_warning, m_servers, m_connections, m_rate, m_p99, m_errors})
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
    QString warning;
    QStringList allWarnings;
    for (const auto &definition : session.fleets) {
        if (!engine.isFleetRunning(definition.name))
            continue;
        const NetCore::FleetSnapshot snapshot = engine.lastFleetSnapshot(definition.name);
        open += snapshot.total.connectionsOpen();
        rate += snapshot.receivedPerSecond();
        p99 = std::max(p99, snapshot.intervalLatency.p99);
        errors += snapshot.total.errorTotal() + snapshot.total.timeouts;
        for (const QString &one : definition.warningsAbout(snapshot.total))
            allWarnings << definition.name + QStringLiteral(": ") + one;
    }
    if (!allWarnings.isEmpty()) {
        // The first in the bar, shortened to its first sentence; all of them on hover.
        const QString first = allWarnings.first();
        const qsizetype end = first.indexOf(QLatin1Char(':'), first.indexOf(QLatin1Char(':')) + 1);
        warning = end > 0 ? first.left(end) : first;
    }
    m_warning->setText(warning);
    m_warning->setToolTip(allWarnings.join(QLatin1Char('\n')));
    m_warning->setVisible(!warning.isEmpty());
    m_servers->setText(tr("servers running: %1/%2").arg(servers).arg(session.servers.size()));
    m_connections->setText(tr("open connections: %1").arg(open));
    m_rate->setText(tr("%1 replies/s").arg(rate, 0, 'f', 0));
    m_p99->setText(tr("p99 %1").arg(p99 ? NetCore::formatDuration(p99) : QStringLiteral("-")));
    m_errors->setText(tr("errors: %1").arg(errors));
}

} // namespace Gui
