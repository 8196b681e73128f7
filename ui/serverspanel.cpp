// SPDX-License-Identifier: GPL-3.0-or-later
#include "serverspanel.h"

#include "definitiontable.h"

#include "server/testserver.h"
#include "scenario/sessionengine.h"

#include <QApplication>
#include <QClipboard>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace Gui {

namespace {
enum Column { Name, Address, Framing, Behaviour, Faults, State, Connections, FramesIn, FramesOut, Errors, ColumnCount };

QString addressText(const NetCore::ServerConfig &config, quint16 port)
{
    return QStringLiteral("%1:%2%3")
        .arg(config.host, port == 0 ? QObject::tr("any") : QString::number(port),
             config.tls.enabled ? QObject::tr(" (TLS)") : QString());
}
} // namespace

ServersPanel::ServersPanel(NetCore::SessionEngine &engine, QWidget *parent)
    : QWidget(parent)
    , m_engine(engine)
{
    m_table = DefinitionTable::create(this, {tr("Server"), tr("Address"), tr("Framing"), tr("Behaviour"), tr("Faults"),
                                        tr("State"), tr("Open"), tr("Frames in"), tr("Frames out"), tr("Errors")});
    m_start = new QPushButton(tr("Start"), this);
    m_stop = new QPushButton(tr("Stop"), this);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_start);
    buttons->addWidget(m_stop);
    // A client that pins the certificate needs its fingerprint (a self-signed one is new each start).
    m_copyFingerprint = new QPushButton(tr("Copy TLS fingerprint"), this);
    m_copyFingerprint->setToolTip(tr("The SHA-256 fingerprint of the running server's certificate, for a client to pin."));
    buttons->addWidget(m_copyFingerprint);
    buttons->addStretch();
    m_add = new QPushButton(tr("Add…"), this);
    m_edit = new QPushButton(tr("Edit…"), this);
    m_remove = new QPushButton(tr("Remove"), this);
    buttons->addWidget(m_add);
    buttons->addWidget(m_edit);
    buttons->addWidget(m_remove);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_table);
    layout->addLayout(buttons);

    connect(m_start, &QPushButton::clicked, this, [this] {
        if (const QString name = selectedName(); !name.isEmpty())
            m_engine.startServer(name);
    });
    connect(m_stop, &QPushButton::clicked, this, [this] {
        if (const QString name = selectedName(); !name.isEmpty())
            m_engine.stopServer(name);
    });
    connect(m_copyFingerprint, &QPushButton::clicked, this, &ServersPanel::copyFingerprint);
    connect(m_table, &QTableWidget::itemSelectionChanged, this, &ServersPanel::refreshStates);
    connect(m_add, &QPushButton::clicked, this, &ServersPanel::addRequested);
    connect(m_edit, &QPushButton::clicked, this, [this] {
        if (const QString name = selectedName(); !name.isEmpty())
            Q_EMIT editRequested(name);
    });
    connect(m_table, &QTableWidget::cellDoubleClicked, this, [this] {
        if (const QString name = selectedName(); !name.isEmpty())
            Q_EMIT editRequested(name);
    });
    connect(m_remove, &QPushButton::clicked, this, [this] {
        if (const QString name = selectedName(); !name.isEmpty())
            Q_EMIT removeRequested(name);
    });
    connect(&m_engine, &NetCore::SessionEngine::stateChanged, this, &ServersPanel::refreshStates);
    connect(&m_engine, &NetCore::SessionEngine::serverSnapshot, this, &ServersPanel::onSnapshot);
    connect(&m_engine, &NetCore::SessionEngine::serverFailed, this,
            [this](const QString &name, const QString &message) { Q_EMIT failed(tr("Server %1: %2").arg(name, message)); });
    connect(&m_engine, &NetCore::SessionEngine::serverStarted, this, [this](const QString &name) { m_tlsFailures.remove(name); });
    connect(&m_engine, &NetCore::SessionEngine::serverTlsFailed, this, [this](const QString &name, const QString &reason) {
        QStringList &reasons = m_tlsFailures[name];
        if (reasons.size() < 4 && !reasons.contains(reason))
            reasons << reason;
        refreshStates();
    });
    reload();
}

void ServersPanel::reload()
{
    const auto &servers = m_engine.session().servers;
    m_table->setRowCount(int(servers.size()));
    for (int row = 0; row < servers.size(); ++row) {
        const NetCore::ServerDefinition &server = servers[row];
        const QStringList cells{server.name,
                                addressText(server.config, server.config.port),
                                NetCore::framingName(server.config.framing),
                                server.config.behaviour.text(),
                                server.config.faults.specs().join(QLatin1Char(' ')),
                                QString(), QStringLiteral("0"), QStringLiteral("0"), QStringLiteral("0"), QStringLiteral("0")};
        DefinitionTable::setRow(m_table, row, cells);
    }
    if (m_table->currentRow() < 0 && !servers.isEmpty())
        m_table->selectRow(0);
    m_table->resizeColumnsToContents();
    refreshStates();
}

QString ServersPanel::selectedName() const
{
    return DefinitionTable::selectedName(m_table);
}

int ServersPanel::rowOf(const QString &name) const
{
    return DefinitionTable::rowOf(m_table, name);
}

void ServersPanel::refreshStates()
{
    for (int row = 0; row < m_table->rowCount(); ++row) {
        const QString name = m_table->item(row, Name)->text();
        const std::optional<NetCore::RunningServer> running = m_engine.runningServer(name);
        QString state = tr("stopped");
        switch (m_engine.serverState(name)) {
        case NetCore::TestServer::State::Starting: state = tr("starting"); break;
        case NetCore::TestServer::State::Running:
            state = running->processes > 1 ? tr("running in %1 processes").arg(running->processes) : tr("running");
            if (const NetCore::ServerDefinition *definition = m_engine.session().server(name))
                m_table->item(row, Address)->setText(addressText(definition->config, running->port));
            if (!running->tlsFingerprint.isEmpty())
                state += tr(", certificate SHA-256 %1…").arg(running->tlsFingerprint.left(23));
            break;
        case NetCore::TestServer::State::Stopping: state = tr("stopping"); break;
        case NetCore::TestServer::State::Stopped: break;
        }
        // TLS failures in plain words: a plaintext client, a refused certificate, an alert.
        const QStringList tlsFailures = m_tlsFailures.value(name);
        if (!tlsFailures.isEmpty())
            state += tr(", TLS failed: %1").arg(tlsFailures.first());
        m_table->item(row, State)->setText(state);
        m_table->item(row, State)->setToolTip(
            running && !running->tlsFingerprint.isEmpty()
                ? tr("Certificate SHA-256 fingerprint: %1").arg(running->tlsFingerprint)
                      + (tlsFailures.isEmpty() ? QString() : QStringLiteral("\n") + tlsFailures.join(QLatin1Char('\n')))
                : tlsFailures.join(QLatin1Char('\n')));
    }
    m_table->resizeColumnsToContents();
    const QString selected = selectedName();
    const bool running = !selected.isEmpty() && m_engine.isServerRunning(selected);
    m_start->setEnabled(!selected.isEmpty() && !running);
    m_stop->setEnabled(running);
    const std::optional<NetCore::RunningServer> selectedServer = m_engine.runningServer(selected);
    m_copyFingerprint->setEnabled(selectedServer && !selectedServer->tlsFingerprint.isEmpty());
    m_edit->setEnabled(!selected.isEmpty() && !running);
    m_remove->setEnabled(!selected.isEmpty() && !running);
}

void ServersPanel::onSnapshot(const QString &name, const NetCore::ServerSnapshot &snapshot)
{
    const int row = rowOf(name);
    if (row < 0)
        return;
    m_table->item(row, Connections)->setText(QString::number(snapshot.total.connectionsOpen()));
    m_table->item(row, FramesIn)->setText(QString::number(snapshot.total.framesIn));
    m_table->item(row, FramesOut)->setText(QString::number(snapshot.total.framesOut));
    m_table->item(row, Errors)->setText(QString::number(snapshot.total.errorTotal()));
}

void ServersPanel::copyFingerprint()
{
    if (const auto server = m_engine.runningServer(selectedName()); server && !server->tlsFingerprint.isEmpty())
        QApplication::clipboard()->setText(server->tlsFingerprint);
}

} // namespace Gui
