// SPDX-License-Identifier: GPL-3.0-or-later
#include "connectionspanel.h"

#include "connectiontablemodel.h"

#include "fleet/clientfleet.h"
#include "proxy/tcpproxy.h"
#include "server/testserver.h"
#include "replay/replayfleet.h"
#include "scenario/sessionengine.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

namespace Gui {

ConnectionsPanel::ConnectionsPanel(NetCore::SessionEngine &engine, QWidget *parent)
    : QWidget(parent)
    , m_engine(engine)
    , m_model(new ConnectionTableModel(this))
    , m_proxy(new QSortFilterProxyModel(this))
    , m_timer(new QTimer(this))
{
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(Qt::UserRole);
    m_proxy->setFilterKeyColumn(-1);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_view = new QTableView(this);
    m_view->setModel(m_proxy);
    m_view->setSortingEnabled(true);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 6);
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_filter = new QLineEdit(this);
    m_filter->setPlaceholderText(tr("Filter (fleet, state, ...)"));
    m_filter->setClearButtonEnabled(true);
    m_count = new QLabel(this);
    auto *trace = new QPushButton(tr("Trace selected"), this);
    trace->setToolTip(tr("Show the selected connections' frames in the traffic log"));
    auto *compose = new QPushButton(tr("Send to selected…"), this);
    auto *close = new QPushButton(tr("Disconnect selected"), this);
    auto *top = new QHBoxLayout;
    top->addWidget(m_filter, 1);
    top->addWidget(trace);
    top->addWidget(compose);
    top->addWidget(close);
    top->addWidget(m_count);
    connect(trace, &QPushButton::clicked, this, [this] {
        const auto selected = selectedConnections();
        for (const auto &[rowName, ids] : selected) {
            if (NetCore::ClientFleet *fleet = m_engine.fleet(rowName))
                fleet->setTraced(ids);
        }
        // A proxy's connection is one under both its rows.
        for (const NetCore::ProxyDefinition &definition : m_engine.session().proxies) {
            if (NetCore::TcpProxy *proxy = m_engine.proxy(definition.name))
                proxy->setTraced(proxyIds(selected, definition.name));
        }
    });
    connect(compose, &QPushButton::clicked, this, [this] {
        const auto selected = selectedConnections();
        if (!selected.empty() && !selected.begin()->second.isEmpty())
            Q_EMIT composeRequested(selected.begin()->first, selected.begin()->second.first());
    });
    connect(close, &QPushButton::clicked, this, [this] {
        const auto selected = selectedConnections();
        for (const auto &[rowName, ids] : selected) {
            if (NetCore::ClientFleet *fleet = m_engine.fleet(rowName))
                fleet->closeConnections(ids);
        }
        for (const NetCore::ProxyDefinition &definition : m_engine.session().proxies) {
            const QList<int> ids = proxyIds(selected, definition.name);
            if (NetCore::TcpProxy *proxy = m_engine.proxy(definition.name); proxy && !ids.isEmpty())
                proxy->closeConnections(ids);
        }
    });
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(top);
    layout->addWidget(m_view, 1);

    connect(m_filter, &QLineEdit::textChanged, m_proxy, &QSortFilterProxyModel::setFilterFixedString);
    connect(m_proxy, &QAbstractItemModel::modelReset, this, [this] {
        m_count->setText(tr("%1 connections").arg(m_proxy->rowCount()));
        // Fit the columns to the first rows once; after that the user's widths stay,
        // but for the numbers, which only widen: ids and counts grow as a run goes on
        // (the first rows of a ramp are ids 1 to 9), and an elided number says nothing.
        if (!m_fitted && m_proxy->rowCount() > 0) {
            m_fitted = true;
            m_view->resizeColumnsToContents();
        }
        for (int column : {ConnectionTableModel::Id, ConnectionTableModel::Sent, ConnectionTableModel::Received,
                           ConnectionTableModel::Errors, ConnectionTableModel::Reconnects,
                           ConnectionTableModel::InFlight}) {
            // QTableView hides the override; QAbstractItemView's is public.
            const int needed = static_cast<QAbstractItemView *>(m_view)->sizeHintForColumn(column);
            if (needed > m_view->columnWidth(column))
                m_view->setColumnWidth(column, needed);
        }
    });
    m_timer->setInterval(1000);
    connect(m_timer, &QTimer::timeout, this, &ConnectionsPanel::refresh);
    connect(&m_engine, &NetCore::SessionEngine::fleetFinished, this, [this](const QString &name) {
        // A finished fleet has no connections left; a replay's stay as they ended, to read what differed where.
        const NetCore::FleetDefinition *definition = m_engine.session().fleet(name);
        const NetCore::ReplayFleet *replay = m_engine.replayFleet(name);
        m_model->setFleetConnections(name, definition && !definition->replay.isEmpty() && replay ? replay->connectionStats()
                                                                                                  : QList<NetCore::ConnectionStats>{});
    });
}

void ConnectionsPanel::refresh()
{
    // The test servers' side of their connections, as rows of "server NAME".
    for (const NetCore::ServerDefinition &definition : m_engine.session().servers) {
        NetCore::TestServer *server = m_engine.server(definition.name);
        const QString rowName = tr("server %1").arg(definition.name);
        if (!server || server->state() != NetCore::TestServer::State::Running) {
            m_model->setFleetConnections(rowName, {});
            continue;
        }
        auto connection = std::make_shared<QMetaObject::Connection>();
        *connection = connect(server, &NetCore::TestServer::connectionStatsReady, this,
                              [this, rowName, connection](const QList<NetCore::ConnectionStats> &stats) {
                                  disconnect(*connection);
                                  m_model->setFleetConnections(rowName, stats);
                              });
        server->requestConnectionStats();
    }
    // A proxy's connections twice: the client's side and the proxy's own to the upstream.
    for (const NetCore::ProxyDefinition &definition : m_engine.session().proxies) {
        NetCore::TcpProxy *proxy = m_engine.proxy(definition.name);
        const QString clientSide = clientSideName(definition.name);
        const QString upstreamSide = upstreamSideName(definition.name);
        if (!proxy || proxy->state() != NetCore::TcpProxy::State::Running) {
            m_model->setFleetConnections(clientSide, {});
            m_model->setFleetConnections(upstreamSide, {});
            continue;
        }
        auto connection = std::make_shared<QMetaObject::Connection>();
        *connection = connect(proxy, &NetCore::TcpProxy::connectionStatsReady, this,
                              [this, clientSide, upstreamSide, connection](const NetCore::ProxyConnectionRows &rows) {
                                  disconnect(*connection);
                                  m_model->setFleetConnections(clientSide, rows.clientSide);
                                  m_model->setFleetConnections(upstreamSide, rows.upstreamSide);
                              });
        proxy->requestConnectionStats();
    }
    for (const NetCore::FleetDefinition &definition : m_engine.session().fleets) {
        // A replay's connections are read where they live (this thread), kept once it ended.
        if (const NetCore::ReplayFleet *replay = m_engine.replayFleet(definition.name); replay && !definition.replay.isEmpty()) {
            m_model->setFleetConnections(definition.name, replay->connectionStats());
            continue;
        }
        NetCore::ClientFleet *fleet = m_engine.fleet(definition.name);
        if (!fleet || fleet->state() == NetCore::ClientFleet::State::Idle)
            continue;
        const QString name = definition.name;
        // One answer per request; the connection goes once it has come.
        auto connection = std::make_shared<QMetaObject::Connection>();
        *connection = connect(fleet, &NetCore::ClientFleet::connectionStatsReady, this,
                              [this, name, connection](const QList<NetCore::ConnectionStats> &stats) {
                                  disconnect(*connection);
                                  m_model->setFleetConnections(name, stats);
                              });
        fleet->requestConnectionStats();
    }
}

QString ConnectionsPanel::clientSideName(const QString &proxy)
{
    return tr("proxy %1, client side").arg(proxy);
}

QString ConnectionsPanel::upstreamSideName(const QString &proxy)
{
    return tr("proxy %1, upstream side").arg(proxy);
}

QList<int> ConnectionsPanel::proxyIds(const std::map<QString, QList<int>> &selected, const QString &proxy)
{
    QList<int> ids;
    for (const QString &rowName : {clientSideName(proxy), upstreamSideName(proxy)}) {
        if (const auto it = selected.find(rowName); it != selected.end()) {
            for (const int id : it->second) {
                if (!ids.contains(id))
                    ids << id;
            }
        }
    }
    return ids;
}

std::map<QString, QList<int>> ConnectionsPanel::selectedConnections() const
{
    std::map<QString, QList<int>> selected;
    for (const QModelIndex &index : m_view->selectionModel()->selectedRows()) {
        const auto [fleet, id] = m_model->connectionAt(m_proxy->mapToSource(index).row());
        if (id >= 0)
            selected[fleet].append(id);
    }
    return selected;
}

void ConnectionsPanel::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    m_timer->start();
    refresh();
}

void ConnectionsPanel::hideEvent(QHideEvent *event)
{
    QWidget::hideEvent(event);
    m_timer->stop();
}

} // namespace Gui
