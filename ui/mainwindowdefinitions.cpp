// SPDX-License-Identifier: GPL-3.0-or-later
// The window's edits of a session's definitions: servers, fleets and proxies, from
// their panels through their forms into the session (and the engine).
#include "mainwindow.h"

#include "fleetdialog.h"
#include "fleetspanel.h"
#include "proxiespanel.h"
#include "proxydialog.h"
#include "serverdialog.h"
#include "serverspanel.h"
#include "proxyfaultsedit.h"

#include <QDialog>
#include <QDialogButtonBox>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace Gui {

namespace {

/** Replaces the definition of the same name in `list`, or appends it. */
template <class Definition>
void putByName(QList<Definition> &list, const Definition &definition)
{
    for (Definition &existing : list) {
        if (existing.name == definition.name) {
            existing = definition;
            return;
        }
    }
    list.append(definition);
}

/** A free name "PREFIX1", "PREFIX2"... */
QString freeName(const QString &prefix, const QStringList &taken)
{
    for (int i = 1;; ++i) {
        if (const QString name = prefix + QString::number(i); !taken.contains(name))
            return name;
    }
}

} // namespace

void MainWindow::connectDefinitionPanels()
{
    for (DefinitionPanel *panel : std::initializer_list<DefinitionPanel *>{m_servers, m_fleets, m_proxies})
        connect(panel, &DefinitionPanel::failed, this, &MainWindow::showFailure);
    auto removing = [this](QString (MainWindow::*remove)(const QString &)) {
        return [this, remove](const QString &name) {
            if (const QString why = (this->*remove)(name); !why.isEmpty())
                showFailure(why);
        };
    };
    connect(m_servers, &DefinitionPanel::addRequested, this, [this] { editServer({}, true); });
    connect(m_servers, &DefinitionPanel::editRequested, this, [this](const QString &name) { editServer(name, false); });
    connect(m_servers, &DefinitionPanel::removeRequested, this, removing(&MainWindow::removeServer));
    connect(m_fleets, &DefinitionPanel::addRequested, this, [this] { editFleet({}, true); });
    connect(m_fleets, &DefinitionPanel::editRequested, this, [this](const QString &name) { editFleet(name, false); });
    connect(m_fleets, &DefinitionPanel::removeRequested, this, removing(&MainWindow::removeFleet));
    connect(m_proxies, &DefinitionPanel::addRequested, this, [this] { editProxy({}, true); });
    connect(m_proxies, &DefinitionPanel::editRequested, this, [this](const QString &name) { editProxy(name, false); });
    connect(m_proxies, &DefinitionPanel::removeRequested, this, removing(&MainWindow::removeProxy));
    connect(m_proxies, &ProxiesPanel::faultsRequested, this, &MainWindow::editProxyFaults);
    connect(m_proxies, &ProxiesPanel::proxiesChangedByApi, this, &MainWindow::takeProxiesFromEngine);
}

void MainWindow::putServer(const NetCore::ServerDefinition &server)
{
    putByName(m_session.servers, server);
    sessionEdited();
}

void MainWindow::putFleet(const NetCore::FleetDefinition &fleet)
{
    putByName(m_session.fleets, fleet);
    sessionEdited();
}

void MainWindow::putProxy(const NetCore::ProxyDefinition &proxy)
{
    putByName(m_session.proxies, proxy);
    sessionEdited();
}

QString MainWindow::removeServer(const QString &name)
{
    if (m_engine.isServerRunning(name))
        return tr("Server %1 is running: stop it first.").arg(name);
    for (const auto &fleet : std::as_const(m_session.fleets)) {
        if (fleet.server == name)
            return tr("Fleet %1 targets server %2: change or remove that fleet first.").arg(fleet.name, name);
    }
    for (const auto &proxy : std::as_const(m_session.proxies)) {
        if (proxy.upstreamServer == name)
            return tr("Proxy %1 forwards to server %2: change or remove that proxy first.").arg(proxy.name, name);
    }
    for (const auto &step : std::as_const(m_session.scenario)) {
        if (step.server == name)
            return tr("The scenario step \"%1\" uses server %2: remove that step first.").arg(step.describe(), name);
    }
    m_session.servers.removeIf([&](const NetCore::ServerDefinition &server) { return server.name == name; });
    sessionEdited();
    return {};
}

QString MainWindow::removeFleet(const QString &name)
{
    if (m_engine.isFleetRunning(name))
        return tr("Fleet %1 is running: disconnect it first.").arg(name);
    for (const auto &step : std::as_const(m_session.scenario)) {
        if (step.fleet == name)
            return tr("The scenario step \"%1\" uses fleet %2: remove that step first.").arg(step.describe(), name);
    }
    m_session.fleets.removeIf([&](const NetCore::FleetDefinition &fleet) { return fleet.name == name; });
    sessionEdited();
    return {};
}

QString MainWindow::removeProxy(const QString &name)
{
    if (m_engine.proxyState(name) != NetCore::TcpProxy::State::Stopped)
        return tr("Proxy %1 is running: stop it first.").arg(name);
    for (const auto &fleet : std::as_const(m_session.fleets)) {
        if (fleet.server == name)
            return tr("Fleet %1 targets proxy %2: change or remove that fleet first.").arg(fleet.name, name);
    }
    for (const auto &step : std::as_const(m_session.scenario)) {
        if (step.proxy == name)
            return tr("The scenario step \"%1\" uses proxy %2: remove that step first.").arg(step.describe(), name);
    }
    m_session.proxies.removeIf([&](const NetCore::ProxyDefinition &proxy) { return proxy.name == name; });
    sessionEdited();
    return {};
}

QStringList MainWindow::serverAndProxyNames() const
{
    QStringList names;
    for (const auto &server : std::as_const(m_session.servers))
        names << server.name;
    for (const auto &proxy : std::as_const(m_session.proxies))
        names << proxy.name;
    return names;
}

void MainWindow::editServer(const QString &name, bool isNew)
{
    NetCore::ServerDefinition server;
    if (const NetCore::ServerDefinition *existing = m_session.server(name))
        server = *existing;
    const QStringList taken = serverAndProxyNames();
    if (isNew)
        server.name = freeName(QStringLiteral("server"), taken);
    ServerDialog dialog(server, isNew, taken, this, m_session.baseDirectory);
    if (dialog.exec() == QDialog::Accepted)
        putServer(dialog.definition());
}

void MainWindow::editFleet(const QString &name, bool isNew)
{
    NetCore::FleetDefinition fleet;
    QStringList taken, templates;
    for (const auto &existing : std::as_const(m_session.fleets)) {
        taken << existing.name;
        if (existing.name == name)
            fleet = existing;
    }
    // A fleet reaches a server directly, or through a proxy before it.
    const QStringList targets = serverAndProxyNames();
    for (const auto &t : std::as_const(m_session.templates))
        templates << t.name;
    if (isNew) {
        fleet.name = freeName(QStringLiteral("fleet"), taken);
        if (!targets.isEmpty())
            fleet.server = targets.first();
    }
    FleetDialog dialog(fleet, isNew, taken, targets, templates, this, m_session.baseDirectory);
    if (dialog.exec() == QDialog::Accepted)
        putFleet(dialog.definition());
}

void MainWindow::editProxy(const QString &name, bool isNew)
{
    NetCore::ProxyDefinition proxy;
    if (const NetCore::ProxyDefinition *existing = m_session.proxy(name))
        proxy = *existing;
    QStringList servers;
    for (const auto &server : std::as_const(m_session.servers))
        servers << server.name;
    const QStringList taken = serverAndProxyNames();
    if (isNew)
        proxy.name = freeName(QStringLiteral("proxy"), taken);
    ProxyDialog dialog(proxy, isNew, taken, servers, this);
    if (dialog.exec() == QDialog::Accepted)
        putProxy(dialog.definition());
}

void MainWindow::setProxyFaults(const QString &name, const NetCore::ProxyFaults &faults)
{
    const NetCore::ProxyDefinition *existing = m_session.proxy(name);
    if (!existing)
        return;
    NetCore::ProxyDefinition proxy = *existing;
    proxy.config.setFaults(faults);
    putProxy(proxy);
    if (m_engine.proxyState(name) == NetCore::TcpProxy::State::Running)
        m_engine.setProxyFaults(name, faults);
}

void MainWindow::editProxyFaults(const QString &name)
{
    const NetCore::ProxyDefinition *proxy = m_session.proxy(name);
    if (!proxy)
        return;
    QDialog dialog(this);
    dialog.setWindowTitle(tr("Faults of proxy %1").arg(name));
    auto *edit = new ProxyFaultsEdit(&dialog);
    edit->setFramed(proxy->config.framing.has_value());
    edit->setFaults(proxy->config.faults());
    const bool running = m_engine.proxyState(name) == NetCore::TcpProxy::State::Running;
    auto *note = new QLabel(running ? tr("The proxy runs: its open connections take these at once (each decides by the "
                                         "toxicity of a fault it has not had yet).")
                                    : tr("The proxy starts with these."),
                            &dialog);
    note->setWordWrap(true);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    connect(edit, &ProxyFaultsEdit::changed, &dialog,
            [edit, buttons] { buttons->button(QDialogButtonBox::Ok)->setEnabled(edit->problem().isEmpty()); });
    auto *layout = new QVBoxLayout(&dialog);
    layout->addWidget(note);
    layout->addWidget(edit);
    layout->addWidget(buttons);
    dialog.resize(560, dialog.sizeHint().height());
    if (dialog.exec() == QDialog::Accepted) {
        if (const auto faults = edit->faults())
            setProxyFaults(name, *faults);
    }
}

void MainWindow::takeProxiesFromEngine()
{
    m_session.proxies = m_engine.session().proxies;
    m_proxies->reload();
    m_fleets->reload();
    setModified(true);
}

} // namespace Gui
