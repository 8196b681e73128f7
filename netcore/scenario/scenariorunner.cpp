// SPDX-License-Identifier: GPL-3.0-or-later
#include "scenario/scenariorunner.h"

#include "engine/clientfleet.h"
#include "engine/iothreadpool.h"
#include "engine/testserver.h"
#include "scenario/reportwriter.h"

#include <QCoreApplication>

#include <cmath>

namespace NetCore {

struct ScenarioRunner::ServerSlot {
    // The pool outlives the server (members are destroyed in reverse order).
    std::unique_ptr<IoThreadPool> pool;
    std::unique_ptr<TestServer> server;
};

struct ScenarioRunner::FleetSlot {
    std::unique_ptr<IoThreadPool> pool;
    std::unique_ptr<ClientFleet> fleet;
    bool settled = false;
    bool running = false;
};

namespace {
constexpr int StopDrainMs = 2000;
}

ScenarioRunner::ScenarioRunner(const Session &session, const Options &options, QObject *parent)
    : QObject(parent)
    , m_session(session)
    , m_options(options)
    , m_stepTimer(this)
    , m_timeoutTimer(this)
{
    m_stepTimer.setSingleShot(true);
    m_stepTimer.setTimerType(Qt::PreciseTimer);
    m_timeoutTimer.setSingleShot(true);
    connect(&m_stepTimer, &QTimer::timeout, this, &ScenarioRunner::nextStep);
}

ScenarioRunner::~ScenarioRunner()
{
    // Fleets before servers, each before its own threads (see the slots).
    m_fleets.clear();
    m_servers.clear();
}

qint64 ScenarioRunner::expectedTotalNs() const
{
    double seconds = 0;
    for (const ScenarioStep &step : m_session.scenario) {
        if (step.kind == ScenarioStep::Kind::Hold)
            seconds += step.seconds * m_options.durationScale;
    }
    return qint64(seconds * 1e9);
}

ScenarioRunner::ServerSlot &ScenarioRunner::serverSlot(const QString &name)
{
    auto &slot = m_servers[name];
    if (!slot) {
        const ServerDefinition *definition = m_session.server(name);
        slot = std::make_unique<ServerSlot>();
        slot->pool = std::make_unique<IoThreadPool>(definition ? definition->threads : 0);
        slot->server = std::make_unique<TestServer>(*slot->pool);
        slot->server->setSnapshotInterval(m_options.snapshotIntervalMs);
    }
    return *slot;
}

ScenarioRunner::FleetSlot &ScenarioRunner::fleetSlot(const QString &name)
{
    auto &slot = m_fleets[name];
    if (!slot) {
        const FleetDefinition *definition = m_session.fleet(name);
        slot = std::make_unique<FleetSlot>();
        slot->pool = std::make_unique<IoThreadPool>(definition ? definition->threads : 0);
        slot->fleet = std::make_unique<ClientFleet>(*slot->pool);
        slot->fleet->setSnapshotInterval(m_options.snapshotIntervalMs);
        ClientFleet *fleet = slot->fleet.get();
        FleetSlot *raw = slot.get();
        connect(fleet, &ClientFleet::snapshotReady, this,
                [this, name](const FleetSnapshot &snapshot) { onSnapshot(name, snapshot); });
        connect(fleet, &ClientFleet::connectionsSettled, this, [this, raw, name, fleet](int opened, int failed) {
            raw->settled = true;
            if (opened == 0)
                fail(QStringLiteral("fleet %1: %2").arg(name, fleet->firstError()));
            else if (failed > 0)
                Q_EMIT notice(QStringLiteral("fleet %1: %2 of %3 connections failed; first: %4")
                                  .arg(name)
                                  .arg(failed)
                                  .arg(opened + failed)
                                  .arg(fleet->firstError()));
        });
        connect(fleet, &ClientFleet::failed, this,
                [this, name](const QString &message) { fail(QStringLiteral("fleet %1: %2").arg(name, message)); });
        connect(fleet, &ClientFleet::finished, this, [this, raw] {
            raw->running = false;
            if (m_windingDown) {
                --m_stillStopping;
                maybeFinish();
            }
        });
    }
    return *slot;
}

void ScenarioRunner::start()
{
    if (m_running)
        return;
    m_running = true;
    m_result = ScenarioResult{};
    m_result.startedUtc = QDateTime::currentDateTimeUtc();
    m_clock.start();
    QMetaObject::invokeMethod(this, [this] { runStep(0); }, Qt::QueuedConnection);
}

void ScenarioRunner::cancel()
{
    if (!m_running || m_windingDown)
        return;
    m_result.cancelled = true;
    windDown();
}

void ScenarioRunner::clearWaits()
{
    for (const auto &connection : std::as_const(m_waits))
        disconnect(connection);
    m_waits.clear();
    m_stepTimer.stop();
    m_timeoutTimer.stop();
    disconnect(&m_timeoutTimer, &QTimer::timeout, nullptr, nullptr);
}

void ScenarioRunner::nextStep()
{
    clearWaits();
    if (m_windingDown)
        return;
    const int next = m_step + 1;
    QMetaObject::invokeMethod(this, [this, next] { runStep(next); }, Qt::QueuedConnection);
}

void ScenarioRunner::fail(const QString &message)
{
    if (m_windingDown)
        return;
    if (m_result.failure.isEmpty())
        m_result.failure = message;
    windDown();
}

bool ScenarioRunner::startFleet(const FleetDefinition &definition)
{
    FleetConfig config = definition.config;
    if (!definition.server.isEmpty()) {
        auto it = m_servers.find(definition.server);
        if (it == m_servers.end() || it->second->server->state() != TestServer::State::Running) {
            fail(QStringLiteral("fleet %1 targets server %2, which is not running (start it with a start-server step first)")
                     .arg(definition.name, definition.server));
            return false;
        }
        const TestServer &server = *it->second->server;
        const QString host = server.config().host;
        config.host = (host == QLatin1String("0.0.0.0")) ? QStringLiteral("127.0.0.1")
                      : (host == QLatin1String("::")) ? QStringLiteral("::1")
                                                      : host;
        config.port = server.port();
    }
    if (!definition.templateName.isEmpty()) {
        QString why;
        if (const NamedTemplate *t = m_session.messageTemplate(definition.templateName); !t || !t->applyTo(config, &why)) {
            fail(QStringLiteral("fleet %1: template %2: %3").arg(definition.name, definition.templateName, why));
            return false;
        }
    }
    if (config.connectRate > 0 && m_options.durationScale > 0)
        config.connectRate /= m_options.durationScale;
    FleetSlot &slot = fleetSlot(definition.name);
    slot.settled = false;
    slot.running = true;
    slot.fleet->start(config);
    return true;
}

void ScenarioRunner::runStep(int index)
{
    if (m_windingDown)
        return;
    m_step = index;
    if (index >= m_session.scenario.size()) {
        m_result.completed = true;
        windDown();
        return;
    }
    const ScenarioStep &step = m_session.scenario[index];
    Q_EMIT stepStarted(index, step.describe());
    emitProgress();
    using Kind = ScenarioStep::Kind;
    switch (step.kind) {
    case Kind::StartServer: {
        const ServerDefinition *definition = m_session.server(step.server);
        TestServer *server = serverSlot(step.server).server.get();
        if (server->state() == TestServer::State::Running) {
            nextStep();
            return;
        }
        m_waits << connect(server, &TestServer::started, this, [this] { nextStep(); });
        m_waits << connect(server, &TestServer::failed, this,
                           [this, step](const QString &message) { fail(QStringLiteral("server %1: %2").arg(step.server, message)); });
        server->start(definition->config);
        return;
    }
    case Kind::StopServer: {
        TestServer *server = serverSlot(step.server).server.get();
        if (server->state() == TestServer::State::Stopped) {
            nextStep();
            return;
        }
        m_waits << connect(server, &TestServer::stopped, this, [this] { nextStep(); });
        server->stop();
        return;
    }
    case Kind::SetBehaviour:
        serverSlot(step.server).server->setBehaviour(*BehaviourSpec::parse(step.behaviour));
        nextStep();
        return;
    case Kind::SetFaults:
        serverSlot(step.server).server->setFaults(*FaultPlan::parse(step.faults));
        nextStep();
        return;
    case Kind::Connect:
        if (startFleet(*m_session.fleet(step.fleet)))
            nextStep();
        return;
    case Kind::Disconnect: {
        FleetSlot &slot = fleetSlot(step.fleet);
        if (!slot.running) {
            nextStep();
            return;
        }
        m_waits << connect(slot.fleet.get(), &ClientFleet::finished, this, [this] { nextStep(); });
        slot.fleet->stop(StopDrainMs);
        return;
    }
    case Kind::SetRate:
        fleetSlot(step.fleet).fleet->setRate(step.rate);
        nextStep();
        return;
    case Kind::SetWindow:
        fleetSlot(step.fleet).fleet->setWindow(step.window);
        nextStep();
        return;
    case Kind::Send: {
        std::optional<MessageTemplate> message;
        if (!step.templateName.isEmpty()) {
            FleetConfig config;
            QString why;
            if (!m_session.messageTemplate(step.templateName)->applyTo(config, &why)) {
                fail(QStringLiteral("send: template %1: %2").arg(step.templateName, why));
                return;
            }
            message = config.messages.isEmpty() ? MessageTemplate::pattern(config.payloadSize)
                                                : MessageTemplate::list(config.messages);
            message->wb1Type = config.wb1Type;
            message->wb1Flags = config.wb1Flags;
        }
        fleetSlot(step.fleet).fleet->send(step.count, message);
        nextStep();
        return;
    }
    case Kind::Hold:
        m_stepTimer.start(std::max<qint64>(0, qint64(std::llround(step.seconds * m_options.durationScale * 1000.0))));
        return;
    case Kind::Wait: {
        FleetSlot &slot = fleetSlot(step.fleet);
        const QString fleetName = step.fleet;
        const qint64 count = step.count;
        if (step.until == QLatin1String("connected")) {
            if (slot.settled) {
                nextStep();
                return;
            }
            m_waits << connect(slot.fleet.get(), &ClientFleet::connectionsSettled, this, [this] { nextStep(); });
        } else {
            if (qint64(slot.fleet->lastSnapshot().total.received) >= count) {
                nextStep();
                return;
            }
            m_waits << connect(slot.fleet.get(), &ClientFleet::snapshotReady, this, [this, count](const FleetSnapshot &s) {
                if (qint64(s.total.received) >= count)
                    nextStep();
            });
        }
        const QString description = step.describe();
        const double timeout = step.timeoutSeconds;
        connect(&m_timeoutTimer, &QTimer::timeout, this, [this, description, timeout] {
            fail(QStringLiteral("%1: timed out after %2 s").arg(description).arg(timeout));
        });
        m_timeoutTimer.start(qint64(timeout * 1000.0));
        return;
    }
    case Kind::Phase:
        m_record.beginPhase(step.name, step.report);
        nextStep();
        return;
    case Kind::Check:
        evaluateCheck(step);
        nextStep();
        return;
    case Kind::Report:
        writeReports(step);
        nextStep();
        return;
    }
}

void ScenarioRunner::evaluateCheck(const ScenarioStep &step)
{
    const PhaseRecord record = m_record.aggregate(step.fleet, step.phase);
    CheckResult check;
    check.step = m_step;
    check.fleet = step.fleet;
    check.phase = step.phase;
    check.metric = step.metric;
    check.op = step.op;
    check.bound = step.value;
    check.measured = record.metric(step.metric).value_or(std::nan(""));
    const double m = check.measured;
    const double b = check.bound;
    check.passed = (step.op == QLatin1String("<") && m < b) || (step.op == QLatin1String("<=") && m <= b)
        || (step.op == QLatin1String(">") && m > b) || (step.op == QLatin1String(">=") && m >= b)
        || (step.op == QLatin1String("==") && m == b);
    m_result.checks.append(check);
    Q_EMIT checkEvaluated(check);
}

void ScenarioRunner::writeReports(const ScenarioStep &step)
{
    QString error;
    auto attempt = [&](bool ok, const QString &path) {
        if (ok)
            Q_EMIT notice(QStringLiteral("report written: %1").arg(path));
        else
            m_result.reportErrors << error;
    };
    m_result.elapsedNs = m_clock.nsecsElapsed();
    if (!step.csv.isEmpty())
        attempt(ReportWriter::writeTimeSeries(m_record, step.csv, &error), step.csv);
    if (!step.summary.isEmpty())
        attempt(ReportWriter::writeSummary(m_record, step.summary, &error), step.summary);
    if (!step.hgrm.isEmpty())
        attempt(ReportWriter::writeHgrm(m_record, step.hgrm, &error), step.hgrm);
    if (!step.json.isEmpty()) {
        const ReportWriter::RunInfo info{m_options.sessionFile, QCoreApplication::applicationVersion()};
        attempt(ReportWriter::writeJson(m_record, m_result, info, step.json, &error), step.json);
    }
}

void ScenarioRunner::onSnapshot(const QString &fleet, const FleetSnapshot &snapshot)
{
    m_record.add(fleet, m_clock.nsecsElapsed(), snapshot);
    emitProgress();
}

void ScenarioRunner::emitProgress()
{
    Progress p;
    p.step = std::max(m_step, 0);
    p.stepCount = int(m_session.scenario.size());
    if (m_step >= 0 && m_step < m_session.scenario.size())
        p.description = m_session.scenario[m_step].describe();
    else if (m_windingDown)
        p.description = QStringLiteral("stopping");
    p.elapsedNs = m_running ? m_clock.nsecsElapsed() : 0;
    p.expectedTotalNs = expectedTotalNs();
    for (const auto &[name, slot] : m_fleets) {
        const FleetSnapshot snapshot = slot->fleet->lastSnapshot();
        p.throughputPerSecond += snapshot.receivedPerSecond();
        p.p50Ns = std::max(p.p50Ns, snapshot.intervalLatency.p50);
        p.p99Ns = std::max(p.p99Ns, snapshot.intervalLatency.p99);
        p.errors += snapshot.total.errorTotal() + snapshot.total.timeouts;
    }
    Q_EMIT progress(p);
}

void ScenarioRunner::windDown()
{
    if (m_windingDown)
        return;
    m_windingDown = true;
    clearWaits();
    // Fleets first (their last snapshots still count), then the servers.
    for (auto &[name, slot] : m_fleets) {
        if (slot->running && slot->fleet->state() != ClientFleet::State::Idle) {
            ++m_stillStopping;
            slot->fleet->stop(m_result.cancelled ? 0 : StopDrainMs);
        }
    }
    maybeFinish();
}

void ScenarioRunner::maybeFinish()
{
    if (!m_windingDown || m_stillStopping > 0 || !m_running)
        return;
    bool serversRunning = false;
    for (auto &[name, slot] : m_servers) {
        TestServer *server = slot->server.get();
        if (server->state() == TestServer::State::Running || server->state() == TestServer::State::Starting) {
            serversRunning = true;
            connect(server, &TestServer::stopped, this, &ScenarioRunner::maybeFinish, Qt::UniqueConnection);
            if (server->state() == TestServer::State::Running)
                server->stop();
        } else if (server->state() == TestServer::State::Stopping) {
            serversRunning = true;
            connect(server, &TestServer::stopped, this, &ScenarioRunner::maybeFinish, Qt::UniqueConnection);
        }
    }
    if (serversRunning)
        return;
    m_running = false;
    m_result.elapsedNs = m_clock.nsecsElapsed();
    Q_EMIT finished(m_result);
}

} // namespace NetCore
