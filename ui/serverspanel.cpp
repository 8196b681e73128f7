// SPDX-License-Identifier: GPL-3.0-or-later
#include "serverspanel.h"

#include "server/testserver.h"
#include "scenario/sessionengine.h"

#include <QApplication>
#include <QClipboard>
#include <QPushButton>
#include <QTableWidget>

namespace Gui {

namespace {

QString addressText(const NetCore::ServerConfig &config, quint16 port)
{
    return QStringLiteral("%1:%2%3")
        .arg(config.host, port == 0 ? QObject::tr("any") : QString::number(port),
             config.tls.enabled ? QObject::tr(" (TLS)") : QString());
}
} // namespace

ServersPanel::ServersPanel(NetCore::SessionEngine &engine, QWidget *parent)
    : DefinitionPanel(engine,
                      {tr("Server"), tr("Address"), tr("Framing"), tr("Behaviour"), tr("Faults"), tr("State"), tr("Open"),
                       tr("Frames in"), tr("Frames out"), tr("Errors")},
                      tr("Start"), tr("Stop"), parent)
{
    // A client that pins the certificate needs its fingerprint (a self-signed one is new each start).
    m_copyFingerprint = new QPushButton(tr("Copy TLS fingerprint"), this);
    m_copyFingerprint->setToolTip(tr("The SHA-256 fingerprint of the running server's certificate, for a client to pin."));
    addButton(m_copyFingerprint);
    connect(m_copyFingerprint, &QPushButton::clicked, this, &ServersPanel::copyFingerprint);
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

QList<QStringList> ServersPanel::rows() const
{
    QList<QStringList> rows;
    for (const NetCore::ServerDefinition &server : m_engine.session().servers) {
        rows.append({server.name, addressText(server.config, server.config.port), NetCore::framingName(server.config.framing),
                     server.config.behaviour.text(), server.config.faults.specs().join(QLatin1Char(' ')), QString(),
                     QStringLiteral("0"), QStringLiteral("0"), QStringLiteral("0"), QStringLiteral("0")});
    }
    return rows;
}

bool ServersPanel::isRunning(const QString &name) const
{
    return m_engine.isServerRunning(name);
}

QString ServersPanel::start(const QString &name)
{
    m_engine.startServer(name);
    return {};
}

void ServersPanel::stop(const QString &name)
{
    m_engine.stopServer(name);
}

void ServersPanel::refreshRow(int row, const QString &name)
{
    const std::optional<NetCore::RunningServer> running = m_engine.runningServer(name);
    QString state = tr("stopped");
    switch (m_engine.serverState(name)) {
    case NetCore::TestServer::State::Starting: state = tr("starting"); break;
    case NetCore::TestServer::State::Running:
        state = running->processes > 1 ? tr("running in %1 processes").arg(running->processes) : tr("running");
        if (const NetCore::ServerDefinition *definition = m_engine.session().server(name))
            setCell(row, Address, addressText(definition->config, running->port));
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
    setCell(row, State, state,
            running && !running->tlsFingerprint.isEmpty()
                ? tr("Certificate SHA-256 fingerprint: %1").arg(running->tlsFingerprint)
                      + (tlsFailures.isEmpty() ? QString() : QStringLiteral("\n") + tlsFailures.join(QLatin1Char('\n')))
                : tlsFailures.join(QLatin1Char('\n')));
}

void ServersPanel::selectionRefreshed(const QString &selected)
{
    const std::optional<NetCore::RunningServer> selectedServer = m_engine.runningServer(selected);
    m_copyFingerprint->setEnabled(selectedServer && !selectedServer->tlsFingerprint.isEmpty());
}

void ServersPanel::onSnapshot(const QString &name, const NetCore::ServerSnapshot &snapshot)
{
    const int row = rowOf(name);
    if (row < 0)
        return;
    setCell(row, Connections, QString::number(snapshot.total.connectionsOpen()));
    setCell(row, FramesIn, QString::number(snapshot.total.framesIn));
    setCell(row, FramesOut, QString::number(snapshot.total.framesOut));
    setCell(row, Errors, QString::number(snapshot.total.errorTotal()));
}

void ServersPanel::copyFingerprint()
{
    if (const auto server = m_engine.runningServer(selectedName()); server && !server->tlsFingerprint.isEmpty())
        QApplication::clipboard()->setText(server->tlsFingerprint);
}

} // namespace Gui
