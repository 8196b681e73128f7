// SPDX-License-Identifier: GPL-3.0-or-later
#include "fleetspanel.h"

#include "fleet/replywarnings.h"

#include "fleet/clientfleet.h"
#include "fleet/fleetsummary.h"
#include "replay/replayfleet.h"
#include "scenario/sessionengine.h"

#include <QTableWidget>

namespace Gui {

namespace {

QString scheduleText(const NetCore::FleetConfig &config)
{
    if (config.schedule == NetCore::FleetConfig::Schedule::ClosedLoop)
        return QObject::tr("window %1").arg(config.window);
    QString text = QObject::tr("%1/s").arg(config.rate);
    if (config.poisson)
        text += QObject::tr(" Poisson");
    if (config.maxInFlight > 0)
        text += QObject::tr(", at most %1 in flight").arg(config.maxInFlight);
    return text;
}
} // namespace

FleetsPanel::FleetsPanel(NetCore::SessionEngine &engine, QWidget *parent)
    : DefinitionPanel(engine,
                      {tr("Fleet"), tr("Target"), tr("Connections"), tr("Schedule"), tr("Sends"), tr("State"), tr("Open"),
                       tr("Replies/s"), tr("p99"), tr("TLS handshake"), tr("Errors")},
                      tr("Connect"), tr("Disconnect"), parent)
{
    connect(&m_engine, &NetCore::SessionEngine::fleetSnapshot, this, &FleetsPanel::onSnapshot);
    connect(&m_engine, &NetCore::SessionEngine::fleetFailed, this,
            [this](const QString &name, const QString &message) { Q_EMIT failed(tr("Fleet %1: %2").arg(name, message)); });
    connect(&m_engine, &NetCore::SessionEngine::fleetSettled, this,
            [this](const QString &name, int opened, int failedCount, const QString &firstError) {
                if (failedCount > 0)
                    Q_EMIT failed(tr("Fleet %1: %2 of %3 connections failed: %4")
                                      .arg(name)
                                      .arg(failedCount)
                                      .arg(opened + failedCount)
                                      .arg(firstError));
            });
    reload();
}

QList<QStringList> FleetsPanel::rows() const
{
    QList<QStringList> rows;
    for (const NetCore::FleetDefinition &fleet : m_engine.session().fleets) {
        QString target = fleet.server.isEmpty() ? QStringLiteral("%1:%2").arg(fleet.config.host).arg(fleet.config.port)
            : m_engine.session().proxy(fleet.server) ? tr("proxy %1").arg(fleet.server)
                                                     : tr("server %1").arg(fleet.server);
        if (fleet.config.tls.enabled)
            target += fleet.config.tls.insecure ? tr(" over TLS (not verified)") : tr(" over TLS");
        QString ramp = QString::number(fleet.config.connections);
        if (fleet.config.connectRate > 0)
            ramp += tr(" (ramp %1/s)").arg(fleet.config.connectRate);
        QString message = fleet.templateName.isEmpty()
            ? tr("%1 bytes%2").arg(fleet.config.payloadSize).arg(fleet.config.randomPayload ? tr(", random") : QString())
            : tr("template %1").arg(fleet.templateName);
        QString schedule = scheduleText(fleet.config);
        if (!fleet.replay.isEmpty()) {
            message = tr("replay %1").arg(fleet.replay);
            schedule = fleet.replaySpeed > 0 ? tr("recorded times ×%1").arg(fleet.replaySpeed) : tr("step by step");
        }
        rows.append({fleet.name, target, ramp, schedule, message, QString(), QStringLiteral("0"),
                     QStringLiteral("0"), QStringLiteral("-"), fleet.config.tls.enabled ? QStringLiteral("-") : tr("no TLS"),
                     QStringLiteral("0")});
    }
    return rows;
}

bool FleetsPanel::isRunning(const QString &name) const
{
    return m_engine.isFleetRunning(name);
}

QString FleetsPanel::start(const QString &name)
{
    return m_engine.startFleet(name);
}

void FleetsPanel::stop(const QString &name)
{
    m_engine.stopFleet(name);
}

QString FleetsPanel::stateText(const NetCore::ClientFleet *fleet)
{
    if (!fleet || fleet->state() == NetCore::ClientFleet::State::Idle)
        return tr("idle");
    if (fleet->state() == NetCore::ClientFleet::State::Stopping)
        return tr("stopping");
    if (fleet->connectSettledNs() < 0)
        return tr("running");
    QString text = tr("running, connected in %1 s").arg(double(fleet->connectSettledNs()) / 1e9, 0, 'f', 2);
    // An opening exchange's round trips, apart from the load's.
    const NetCore::LatencySummary &hello = fleet->lastSnapshot().helloLatency;
    if (hello.count > 0)
        text += tr(", hello p50 %1 p99 %2 max %3")
                    .arg(NetCore::formatDuration(hello.p50), NetCore::formatDuration(hello.p99),
                         NetCore::formatDuration(hello.max));
    // TLS failures in plain words (the handshake has its own column).
    const NetCore::FleetSnapshot &snapshot = fleet->lastSnapshot();
    if (const QString tlsErrors = NetCore::tlsErrorsText(snapshot); !tlsErrors.isEmpty())
        text += tr(", TLS errors: %1").arg(tlsErrors);
    // The server's own answers: HTTP statuses by class, RESP error replies, its closes.
    if (const QString answers = NetCore::serverAnswersText(fleet->lastSnapshot().total); !answers.isEmpty())
        text += QStringLiteral(", ") + answers;
    return text;
}

QString FleetsPanel::replayStateText(const NetCore::ReplayFleet *replay)
{
    if (!replay)
        return tr("idle");
    // Progress while it plays; once it ended, what it found (kept until the next start).
    const NetCore::ReplayResult result = replay->result();
    QString text = replay->isRunning()
        ? tr("replaying: %1 of %2 connections playing, %3 replies compared").arg(replay->playing()).arg(replay->connections()).arg(result.replies)
        : tr("replayed: %1 replies compared in %2 s").arg(result.replies).arg(double(result.elapsedNs) / 1e9, 0, 'f', 2);
    text += result.differences == 0 ? tr(", no differences") : tr(", %n differ from the recording", nullptr, int(result.differences));
    if (!result.firstDifferences.isEmpty())
        text += tr("; first: %1").arg(result.firstDifferences.first());
    if (result.connectionsFailed > 0)
        text += tr("; %1 connections failed, first: %2").arg(result.connectionsFailed).arg(result.firstError);
    return text;
}

QString FleetsPanel::stateTextOf(const QString &name) const
{
    // A fleet in agent processes: its state is theirs (the figures beside it are merged).
    const NetCore::FleetDefinition *definition = m_engine.session().fleet(name);
    if (definition && !definition->replay.isEmpty())
        return replayStateText(m_engine.replayFleet(name));
    if (definition && definition->processes > 1)
        return m_engine.isFleetRunning(name) ? tr("running in %1 processes").arg(definition->processes) : tr("idle");
    return stateText(m_engine.fleet(name));
}

void FleetsPanel::refreshRow(int row, const QString &name)
{
    // The whole state on hover too: with TLS and a hello it is wider than the dock.
    const QString state = stateTextOf(name);
    setCell(row, State, state, state);
}

void FleetsPanel::onSnapshot(const QString &name, const NetCore::FleetSnapshot &snapshot)
{
    const int row = rowOf(name);
    if (row < 0)
        return;
    setCell(row, Open, QString::number(snapshot.total.connectionsOpen()));
    // The ramp's end (every first attempt settled) comes between state changes.
    refreshRow(row, name);
    setCell(row, Rate, QString::number(snapshot.receivedPerSecond(), 'f', 0));
    setCell(row, P99, snapshot.intervalLatency.count ? NetCore::formatDuration(snapshot.intervalLatency.p99) : QStringLiteral("-"));
    // Replies that mostly went wrong make the figures beside them meaningless: said in red.
    const NetCore::FleetDefinition *definition = m_engine.session().fleet(name);
    const QStringList warnings = definition ? definition->warningsAbout(snapshot.total) : QStringList();
    QTableWidgetItem *errors = table()->item(row, Errors);
    errors->setText(QString::number(snapshot.total.errorTotal() + snapshot.total.timeouts)
                    + (warnings.isEmpty() ? QString() : tr(" — see why")));
    errors->setToolTip(warnings.join(QLatin1Char('\n')));
    errors->setForeground(warnings.isEmpty() ? palette().text() : QBrush(QColor(0xc6, 0x28, 0x28)));
    // TLS apart from TCP and from the load, as curl's time_appconnect: the handshake's
    // p50 and p99 so far; what it agreed and full against resumed on hover.
    if (snapshot.handshakeLatency.count > 0) {
        setCell(row, Handshake,
                tr("p50 %1 p99 %2")
                    .arg(NetCore::formatDuration(snapshot.handshakeLatency.p50),
                         NetCore::formatDuration(snapshot.handshakeLatency.p99)),
                tr("TCP connect p50 %1; TLS %2")
                    .arg(NetCore::formatDuration(snapshot.connectLatency.p50), NetCore::tlsAgreementText(snapshot)));
    }
    for (const int column : {int(Open), int(Rate), int(P99)})
        keepWideEnough(column, QStringLiteral("00000.0 ms"));
    keepWideEnough(Handshake, QStringLiteral("p50 00.0 ms p99 00.0 ms"));
}

} // namespace Gui
