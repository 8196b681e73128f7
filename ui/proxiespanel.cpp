// SPDX-License-Identifier: GPL-3.0-or-later
#include "proxiespanel.h"

#include "fleet/fleetsummary.h"
#include "io/hostaddress.h"
#include "proxy/tcpproxy.h"
#include "proxy/toxiproxyapi.h"
#include "scenario/sessionengine.h"

#include <QInputDialog>
#include <QLocale>
#include <QPushButton>
#include <QTableWidget>

namespace Gui {

namespace {
QString bytesText(quint64 bytes)
{
    return QLocale::c().formattedDataSize(qint64(bytes), 1, QLocale::DataSizeTraditionalFormat);
}

QString faultsText(const NetCore::ProxyFaults &faults)
{
    const QStringList specs = faults.specs();
    return specs.isEmpty() ? QObject::tr("none") : specs.join(QLatin1Char(' '));
}

QString percentilesText(const NetCore::LatencySummary &summary)
{
    return summary.count == 0 ? QStringLiteral("-")
                              : QObject::tr("%1 / %2").arg(NetCore::formatDuration(summary.p50), NetCore::formatDuration(summary.p99));
}
} // namespace

ProxiesPanel::ProxiesPanel(NetCore::SessionEngine &engine, QWidget *parent)
    : DefinitionPanel(engine,
                      {tr("Proxy"), tr("Listens on"), tr("Forwards to"), tr("Framing"), tr("Faults"), tr("State"), tr("Open"),
                       tr("To server"), tr("To client"), tr("Server p50 / p99"), tr("Clients saw p50 / p99"),
                       tr("Upstream failures"), tr("Closed by faults")},
                      tr("Start"), tr("Stop"), parent)
{
    m_faults = new QPushButton(tr("Faults…"), this);
    m_faults->setToolTip(tr("Change the selected proxy's faults; a running proxy applies them to its open connections at once."));
    addButton(m_faults);
    m_api = new QPushButton(tr("Serve Toxiproxy API…"), this);
    m_api->setToolTip(tr("Serve Toxiproxy's HTTP API over these proxies, so a test suite that drives Toxiproxy drives them."));
    addButton(m_api);
    connect(m_faults, &QPushButton::clicked, this, [this] {
        if (const QString name = selectedName(); !name.isEmpty())
            Q_EMIT faultsRequested(name);
    });
    connect(m_api, &QPushButton::clicked, this, &ProxiesPanel::toggleApi);
    connect(&m_engine, &NetCore::SessionEngine::proxySnapshot, this, &ProxiesPanel::onSnapshot);
    connect(&m_engine, &NetCore::SessionEngine::proxyFailed, this,
            [this](const QString &name, const QString &message) { Q_EMIT failed(tr("Proxy %1: %2").arg(name, message)); });
    reload();
}

ProxiesPanel::~ProxiesPanel() = default;

QList<QStringList> ProxiesPanel::rows() const
{
    QList<QStringList> rows;
    for (const NetCore::ProxyDefinition &proxy : m_engine.session().proxies) {
        const NetCore::ProxyConfig &c = proxy.config;
        const QString upstream = proxy.upstreamServer.isEmpty() ? QStringLiteral("%1:%2").arg(c.upstreamHost).arg(c.upstreamPort)
                                                                : tr("server %1").arg(proxy.upstreamServer);
        rows.append({proxy.name, QStringLiteral("%1:%2").arg(c.host, c.port == 0 ? tr("any") : QString::number(c.port)), upstream,
                     c.framing ? NetCore::framingName(*c.framing) : tr("bytes"), faultsText(c.faults()), QString(),
                     QStringLiteral("0"), QStringLiteral("0"), QStringLiteral("0"), QStringLiteral("-"), QStringLiteral("-"),
                     QStringLiteral("0"), QStringLiteral("0")});
    }
    return rows;
}

bool ProxiesPanel::isRunning(const QString &name) const
{
    return m_engine.proxyState(name) != NetCore::TcpProxy::State::Stopped;
}

QString ProxiesPanel::start(const QString &name)
{
    m_engine.startProxy(name);
    return {};
}

void ProxiesPanel::stop(const QString &name)
{
    m_engine.stopProxy(name);
}

void ProxiesPanel::refreshRow(int row, const QString &name)
{
    QString state = tr("stopped");
    switch (m_engine.proxyState(name)) {
    case NetCore::TcpProxy::State::Starting: state = tr("starting"); break;
    case NetCore::TcpProxy::State::Running: {
        state = tr("running");
        if (const NetCore::TcpProxy *proxy = m_engine.proxy(name); proxy && proxy->lastSnapshot().total.upstreamDown)
            state += proxy->config().refuseWhileUpstreamDown ? tr(", server down: new clients reset") : tr(", server down");
        const std::optional<NetCore::RunningServer> running = m_engine.runningProxy(name);
        const NetCore::TcpProxy *proxy = m_engine.proxy(name);
        if (running)
            setCell(row, Listen, QStringLiteral("%1:%2").arg(running->host).arg(running->port));
        if (proxy) {
            // Where it forwards now: a session server's address is known once it runs.
            setCell(row, Upstream, QStringLiteral("%1:%2").arg(proxy->config().upstreamHost).arg(proxy->config().upstreamPort));
            setCell(row, Faults, faultsText(proxy->config().faults()));
        }
        break;
    }
    case NetCore::TcpProxy::State::Stopping: state = tr("stopping"); break;
    case NetCore::TcpProxy::State::Stopped: break;
    }
    setCell(row, State, state, state);
}

void ProxiesPanel::selectionRefreshed(const QString &selected)
{
    m_faults->setEnabled(!selected.isEmpty());
    m_api->setText(m_toxiproxyApi ? tr("Stop Toxiproxy API (%1)").arg(m_apiAddress) : tr("Serve Toxiproxy API…"));
}

void ProxiesPanel::onSnapshot(const QString &name, const NetCore::ProxySnapshot &snapshot)
{
    const int row = rowOf(name);
    if (row < 0)
        return;
    const NetCore::ProxyCounters &total = snapshot.total;
    // Faults change while it runs (a scenario step, the API): they show as they are.
    if (const NetCore::TcpProxy *proxy = m_engine.proxy(name)) {
        const QString faults = faultsText(proxy->config().faults());
        if (table()->item(row, Faults)->text() != faults) {
            setCell(row, Faults, faults);
            table()->resizeColumnToContents(Faults);
        }
    }
    setCell(row, Open, QString::number(total.connectionsOpen()));
    refreshRow(row, name); // the server may have gone down or come back
    setCell(row, ToServer, bytesText(total.bytesUpstream),
            tr("%1 bytes in %2 chunks; the client finished sending %3 times; reset by the client %4 times")
                .arg(total.bytesUpstream)
                .arg(total.chunksUpstream)
                .arg(total.halfClosesUpstream)
                .arg(total.resetsFromClient));
    setCell(row, ToClient, bytesText(total.bytesDownstream),
            tr("%1 bytes in %2 chunks; the server finished sending %3 times; reset by the server %4 times")
                .arg(total.bytesDownstream)
                .arg(total.chunksDownstream)
                .arg(total.halfClosesDownstream)
                .arg(total.resetsFromServer));
    setCell(row, UpstreamFailures, QString::number(total.upstreamFailures() + total.refusedUpstreamDown),
            tr("Refused or unreachable: %1; no answer within the connect timeout: %2; clients reset while the server "
               "was down: %3; clients past the connection limit: %4")
                .arg(total.upstreamRefused)
                .arg(total.upstreamTimeouts)
                .arg(total.refusedUpstreamDown)
                .arg(total.connectionsRefused));
    setCell(row, FaultCloses, QString::number(total.toxicCloses + total.toxicResets),
            tr("Closed (timeout, limit_data): %1; reset (reset_peer): %2").arg(total.toxicCloses).arg(total.toxicResets));
    // With a framing: what the server took beside what the clients saw (faults included), this interval.
    if (snapshot.framed) {
        setCell(row, ServerTime, percentilesText(snapshot.serverTime),
                tr("Each request to its reply from the server, the last interval; since the start: p50 %1, p99 %2, max %3 "
                   "(%4 requests timed)")
                    .arg(NetCore::formatDuration(snapshot.serverTimeTotal.p50), NetCore::formatDuration(snapshot.serverTimeTotal.p99),
                         NetCore::formatDuration(snapshot.serverTimeTotal.max))
                    .arg(total.repliesTimed));
        setCell(row, ClientSeen, percentilesText(snapshot.clientSeen),
                tr("Each request to its reply's delivery to the client, faults included; the faults added p50 %1, p99 %2 "
                   "this interval. Frames: %3 dropped, %4 corrupted, %5 held back.")
                    .arg(NetCore::formatDuration(snapshot.injected.p50), NetCore::formatDuration(snapshot.injected.p99))
                    .arg(total.framesDropped)
                    .arg(total.framesCorrupted)
                    .arg(total.framesDelayed));
        keepWideEnough(ServerTime, QStringLiteral("000.0 ms / 000.0 ms"));
        keepWideEnough(ClientSeen, QStringLiteral("000.0 ms / 000.0 ms"));
    }
    keepWideEnough(ToServer, QStringLiteral("000.0 MB"));
    keepWideEnough(ToClient, QStringLiteral("000.0 MB"));
}

QString ProxiesPanel::serveApi(const QString &hostPort)
{
    const auto split = NetCore::splitHostPort(hostPort, true);
    const auto address = split ? NetCore::parseHostAddress(split->host) : std::nullopt;
    if (!split || !address)
        return tr("The Toxiproxy API listens on HOST:PORT (an IP address and a port), not '%1'.").arg(hostPort);
    stopApi();
    auto api = std::make_unique<NetCore::ToxiproxyApi>(m_engine);
    QString why;
    const quint16 port = api->listen(*address, split->port, &why);
    if (port == 0)
        return tr("The Toxiproxy API cannot listen on %1: %2").arg(hostPort, why);
    connect(api.get(), &NetCore::ToxiproxyApi::proxiesChanged, this, &ProxiesPanel::proxiesChangedByApi);
    m_toxiproxyApi = std::move(api);
    m_apiAddress = QStringLiteral("%1:%2").arg(split->host).arg(port);
    refreshStates();
    return {};
}

void ProxiesPanel::stopApi()
{
    m_toxiproxyApi.reset();
    m_apiAddress.clear();
    refreshStates();
}

void ProxiesPanel::toggleApi()
{
    if (m_toxiproxyApi) {
        stopApi();
        return;
    }
    bool ok = false;
    // 8474 is Toxiproxy's own port: its clients look there unless told otherwise.
    const QString hostPort = QInputDialog::getText(this, tr("Serve Toxiproxy API"),
                                                   tr("Listen for Toxiproxy's clients on (HOST:PORT):"), QLineEdit::Normal,
                                                   QStringLiteral("127.0.0.1:8474"), &ok);
    if (!ok)
        return;
    if (const QString why = serveApi(hostPort.trimmed()); !why.isEmpty())
        Q_EMIT failed(why);
}

} // namespace Gui
