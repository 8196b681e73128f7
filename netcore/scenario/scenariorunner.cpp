// SPDX-License-Identifier: GPL-3.0-or-later
#include "scenario/scenariorunner.h"

#include "fleet/clientfleet.h"
#include "fleet/replywarnings.h"
#include "replay/replayfleet.h"
#include "server/testserver.h"
#include "scenario/intervallogrecorder.h"
#include "scenario/reportwriter.h"
#include "scenario/sessionengine.h"
#include "storage/relativepath.h"

#include <QCoreApplication>
#include <QDir>

#include <chrono>
#include <cmath>

namespace NetCore {

namespace {
constexpr int StopDrainMs = 2000;
}

ScenarioRunner::ScenarioRunner(SessionEngine &engine, const Options &options, QObject *parent)
    : QObject(parent)
    , m_engine(engine)
    , m_session(engine.session())
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
    for (const auto &connection : std::as_const(m_engineConnections))
        disconnect(connection);
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

void ScenarioRunner::connectEngine()
{
    m_engineConnections << connect(&m_engine, &SessionEngine::fleetSnapshot, this, &ScenarioRunner::onSnapshot);
    m_engineConnections << connect(&m_engine, &SessionEngine::fleetSettled, this,
                                   [this](const QString &name, int opened, int failed, const QString &firstError) {
                                       m_settled << name;
                                       if (opened == 0)
                                           fail(QStringLiteral("fleet %1: %2").arg(name, firstError));
                                       else if (failed > 0)
                                           Q_EMIT notice(QStringLiteral("fleet %1: %2 of %3 connections failed; first: %4")
                                                             .arg(name)
                                                             .arg(failed)
                                                             .arg(opened + failed)
                                                             .arg(firstError));
                                   });
    m_engineConnections << connect(&m_engine, &SessionEngine::fleetFailed, this, [this](const QString &name, const QString &message) {
        fail(QStringLiteral("fleet %1: %2").arg(name, message));
    });
    m_engineConnections << connect(&m_engine, &SessionEngine::serverFailed, this, [this](const QString &name, const QString &message) {
        fail(QStringLiteral("server %1: %2").arg(name, message));
    });
    m_engineConnections << connect(&m_engine, &SessionEngine::proxyFailed, this, [this](const QString &name, const QString &message) {
        fail(QStringLiteral("proxy %1: %2").arg(name, message));
    });
    m_engineConnections << connect(&m_engine, &SessionEngine::fleetFinished, this, [this](const QString &name) {
        // A replay ends by itself: what it found, kept for the reports that follow and said as it ends.
        const ReplayFleet *replay = m_engine.replayFleet(name);
        const FleetDefinition *definition = m_session.fleet(name);
        if (!replay || !definition || definition->replay.isEmpty())
            return;
        const ReplayResult result = replay->result();
        m_record.setReplay(name, result);
        QString text = QStringLiteral("fleet %1 replayed %2: %3 replies compared, %4 differ from the recording")
                           .arg(name, definition->replay)
                           .arg(result.replies)
                           .arg(result.differences);
        if (!result.firstDifferences.isEmpty())
            text += QStringLiteral("; first: ") + result.firstDifferences.first();
        Q_EMIT notice(text);
    });
    m_engineConnections << connect(&m_engine, &SessionEngine::serverStarted, this, &ScenarioRunner::onServerStarted);
    m_engineConnections << connect(&m_engine, &SessionEngine::allStopped, this, &ScenarioRunner::maybeFinish);
}

void ScenarioRunner::onServerStarted(const QString &name, quint16 port)
{
    const RunningServer server = m_engine.runningServer(name).value_or(RunningServer{});
    StartedServer started{name, server.host, port, server.tlsFingerprint, server.tlsCertificatePem};
    for (const StartedServer &known : std::as_const(m_result.servers)) {
        if (known.name == name && known.port == port && known.tlsFingerprint == started.tlsFingerprint)
            return; // a start-server step for a server already running
    }
    m_result.servers.removeIf([&](const StartedServer &known) { return known.name == name; });
    m_result.servers.append(started);
    // Printed as `wirebench serve` prints it, so a client outside the run can pin the certificate.
    if (!started.tlsFingerprint.isEmpty())
        Q_EMIT notice(QStringLiteral("server %1 listening on %2:%3 (TLS), certificate SHA-256 fingerprint %4")
                          .arg(name, started.host)
                          .arg(port)
                          .arg(started.tlsFingerprint));
}

bool ScenarioRunner::waitsForStartAt(int index)
{
    if (!m_startAtPending)
        return false;
    using Kind = ScenarioStep::Kind;
    if (index < m_session.scenario.size()) {
        const ScenarioStep &step = m_session.scenario[index];
        const bool opening = step.kind == Kind::StartServer || step.kind == Kind::StartProxy || step.kind == Kind::SetBehaviour
            || step.kind == Kind::SetFaults
            || step.kind == Kind::Connect || (step.kind == Kind::Wait && step.until == QLatin1String("connected"));
        if (opening)
            return false; // servers listen and fleets connect (holding their sends) before the start
    }
    m_startAtPending = false;
    const qint64 waitMs = m_options.startAtMsSinceEpoch - QDateTime::currentMSecsSinceEpoch();
    if (waitMs <= 0)
        return false;
    Q_EMIT notice(QStringLiteral("connected; waiting %1 s for --start-at").arg(QString::number(double(waitMs) / 1000.0, 'f', 3)));
    QTimer::singleShot(std::chrono::milliseconds(waitMs), Qt::PreciseTimer, this, [this, index] {
        if (m_windingDown)
            return;
        // The run proper: the scenario's own phase when it names one next, else "run".
        if (index >= m_session.scenario.size() || m_session.scenario[index].kind != ScenarioStep::Kind::Phase)
            m_record.beginPhase(QStringLiteral("run"), true);
        runStep(index);
    });
    return true;
}

void ScenarioRunner::start()
{
    if (m_running)
        return;
    m_running = true;
    m_windingDown = false;
    m_session = m_engine.session();
    m_settled.clear();
    connectEngine();
    m_result = ScenarioResult{};
    m_result.startedUtc = QDateTime::currentDateTimeUtc();
    m_clock.start();
    m_intervalLog.reset();
    const qint64 startedMs = m_result.startedUtc.toMSecsSinceEpoch();
    m_startAtPending = m_options.startAtMsSinceEpoch > startedMs;
    if (m_startAtPending)
        m_record.beginPhase(QStringLiteral("connect"), false); // until --start-at: left out of the reports
    const qint64 baseMs = m_startAtPending ? m_options.startAtMsSinceEpoch : startedMs;
    m_intervalLogLeadNs = (baseMs - startedMs) * 1'000'000;
    if (!m_options.intervalLogPath.isEmpty()) {
        m_intervalLog = std::make_unique<IntervalLogRecorder>();
        QString error;
        const QString comment = QStringLiteral("Wirebench %1, session %2").arg(QCoreApplication::applicationVersion(), m_options.sessionFile);
        if (!m_intervalLog->open(resolveRelativePath(m_options.intervalLogPath, m_options.outputDirectory),
                                 QDateTime::fromMSecsSinceEpoch(baseMs, Qt::UTC), comment, &error)) {
            QMetaObject::invokeMethod(this, [this, error] { fail(error); }, Qt::QueuedConnection);
            return;
        }
    }
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
    // A failed run ends now: servers held for other agents of --processes are let go
    // (their parent stops them all when one fails).
    m_engine.holdServersAtStop(false);
    windDown();
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
    if (waitsForStartAt(index))
        return;
    const ScenarioStep &step = m_session.scenario[index];
    Q_EMIT stepStarted(index, step.describe());
    emitProgress();
    using Kind = ScenarioStep::Kind;
    // Said when it comes rather than refused on reading: a window that made such a step
    // must still open the session it saved.
    if (const FleetDefinition *fleet = m_session.fleet(step.fleet);
        fleet && !fleet->replay.isEmpty() && (step.kind == Kind::Send || step.kind == Kind::SetRate || step.kind == Kind::SetWindow))
        return fail(QStringLiteral("step %1 (%2): fleet %3 replays a capture: it sends what was recorded, at its pace, nothing else")
                        .arg(index + 1)
                        .arg(step.describe(), step.fleet));
    switch (step.kind) {
    case Kind::StartServer: {
        if (m_engine.isServerRunning(step.server)) {
            nextStep();
            return;
        }
        const QString name = step.server;
        m_waits << connect(&m_engine, &SessionEngine::serverStarted, this, [this, name](const QString &started) {
            if (started == name)
                nextStep();
        });
        m_engine.startServer(name);
        return;
    }
    case Kind::StopServer: {
        if (m_engine.serverState(step.server) == TestServer::State::Stopped) {
            nextStep();
            return;
        }
        const QString name = step.server;
        m_waits << connect(&m_engine, &SessionEngine::serverStopped, this, [this, name](const QString &stopped) {
            if (stopped == name)
                nextStep();
        });
        m_engine.stopServer(name);
        return;
    }
    case Kind::StartProxy: {
        if (m_engine.proxyState(step.proxy) == TcpProxy::State::Running) {
            nextStep();
            return;
        }
        const QString name = step.proxy;
        m_waits << connect(&m_engine, &SessionEngine::proxyStarted, this, [this, name](const QString &started) {
            if (started == name)
                nextStep();
        });
        m_engine.startProxy(name);
        return;
    }
    case Kind::StopProxy: {
        if (m_engine.proxyState(step.proxy) == TcpProxy::State::Stopped) {
            nextStep();
            return;
        }
        const QString name = step.proxy;
        m_waits << connect(&m_engine, &SessionEngine::proxyStopped, this, [this, name](const QString &stopped) {
            if (stopped == name)
                nextStep();
        });
        m_engine.stopProxy(name);
        return;
    }
    case Kind::SetProxyFaults: {
        QString why;
        const auto faults = ProxyFaults::parse(step.faults, &why);
        if (!faults)
            return fail(why);
        m_engine.setProxyFaults(step.proxy, *faults);
        nextStep();
        return;
    }
    case Kind::SetBehaviour: {
        // Parsed again: a rules file is read now, and may have changed or gone since the session loaded.
        QString why;
        const auto behaviour = BehaviourSpec::parse(step.behaviour, &why, m_session.baseDirectory);
        if (!behaviour)
            return fail(why);
        if (const ServerDefinition *server = m_session.server(step.server)) {
            const ServerConfig &c = server->config;
            const QString problem = behaviour->replyProblem(c.replyFraming.value_or(c.framing), c.replyFraming ? 0 : c.maxPayload);
            if (!problem.isEmpty())
                return fail(QStringLiteral("server %1: %2").arg(step.server, problem));
        }
        m_engine.setServerBehaviour(step.server, *behaviour);
        nextStep();
        return;
    }
    case Kind::SetFaults:
        m_engine.setServerFaults(step.server, *FaultPlan::parse(step.faults));
        nextStep();
        return;
    case Kind::Connect: {
        m_settled.removeAll(step.fleet);
        const QString why = m_engine.startFleet(step.fleet, m_options.durationScale);
        if (why.isEmpty())
            nextStep();
        else
            fail(why);
        return;
    }
    case Kind::Disconnect: {
        if (!m_engine.isFleetRunning(step.fleet)) {
            nextStep();
            return;
        }
        const QString name = step.fleet;
        m_waits << connect(&m_engine, &SessionEngine::fleetFinished, this, [this, name](const QString &finished) {
            if (finished == name)
                nextStep();
        });
        m_engine.stopFleet(name, StopDrainMs);
        return;
    }
    case Kind::SetRate:
        if (ClientFleet *fleet = m_engine.fleet(step.fleet))
            fleet->setRate(step.rate);
        nextStep();
        return;
    case Kind::SetWindow:
        if (ClientFleet *fleet = m_engine.fleet(step.fleet))
            fleet->setWindow(step.window);
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
            message = MessageTemplate::forFleet(config, config.seed);
        }
        if (ClientFleet *fleet = m_engine.fleet(step.fleet))
            fleet->send(step.count, message);
        nextStep();
        return;
    }
    case Kind::Hold:
        m_stepTimer.start(std::max<qint64>(0, qint64(std::llround(step.seconds * m_options.durationScale * 1000.0))));
        return;
    case Kind::Wait: {
        const QString fleetName = step.fleet;
        const qint64 count = step.count;
        if (step.until == QLatin1String("connected")) {
            if (m_settled.contains(fleetName)) {
                nextStep();
                return;
            }
            m_waits << connect(&m_engine, &SessionEngine::fleetSettled, this, [this, fleetName](const QString &name) {
                if (name == fleetName)
                    nextStep();
            });
        } else if (step.until == QLatin1String("finished")) {
            // Done as `load --count` is: every message sent, then stopped with its
            // replies drained; or stopped already.
            if (!m_engine.isFleetRunning(fleetName)) {
                nextStep();
                return;
            }
            m_waits << connect(&m_engine, &SessionEngine::fleetFinished, this, [this, fleetName](const QString &name) {
                if (name == fleetName)
                    nextStep();
            });
            m_waits << connect(&m_engine, &SessionEngine::fleetBudgetSpent, this, [this, fleetName](const QString &name) {
                if (name == fleetName)
                    m_engine.stopFleet(name, StopDrainMs);
            });
            if (const ClientFleet *fleet = m_engine.fleet(fleetName); fleet && fleet->budgetIsSpent())
                m_engine.stopFleet(fleetName, StopDrainMs);
        } else {
            if (qint64(m_engine.lastFleetSnapshot(fleetName).total.received) >= count) {
                nextStep();
                return;
            }
            m_waits << connect(&m_engine, &SessionEngine::fleetSnapshot, this,
                               [this, fleetName, count](const QString &name, const FleetSnapshot &s) {
                                   if (name == fleetName && qint64(s.total.received) >= count)
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
    const CheckResult check = evaluateCheck(m_record, step, m_step);
    m_result.checks.append(check);
    Q_EMIT checkEvaluated(check);
}

CheckResult ScenarioRunner::evaluateCheck(const RunRecord &record, const ScenarioStep &step, int index)
{
    const PhaseRecord measured = record.aggregate(step.fleet, step.phase);
    CheckResult check;
    check.step = index;
    check.fleet = step.fleet;
    check.phase = step.phase;
    check.metric = step.metric;
    check.op = step.op;
    check.bound = step.value;
    check.measured = measured.metric(step.metric).value_or(std::nan(""));
    const double m = check.measured;
    const double b = check.bound;
    check.passed = (step.op == QLatin1String("<") && m < b) || (step.op == QLatin1String("<=") && m <= b)
        || (step.op == QLatin1String(">") && m > b) || (step.op == QLatin1String(">=") && m >= b)
        || (step.op == QLatin1String("==") && m == b);
    return check;
}

void ScenarioRunner::writeReports(const ScenarioStep &step)
{
    m_result.elapsedNs = m_clock.nsecsElapsed();
    noteWarnings();
    const ReportWriter::RunInfo info{m_options.sessionFile, QCoreApplication::applicationVersion()};
    QStringList written;
    writeReportStep(m_record, m_result, info, step, m_options.outputDirectory, &written, &m_result.reportErrors);
    for (const QString &path : std::as_const(written))
        Q_EMIT notice(QStringLiteral("report written: %1").arg(path));
}

void ScenarioRunner::writeReportStep(const RunRecord &record, const ScenarioResult &result, const ReportWriter::RunInfo &info,
                                     const ScenarioStep &step, const QString &folder, QStringList *written, QStringList *errors)
{
    QString error;
    auto attempt = [&](bool ok, const QString &path) {
        if (ok)
            written->append(path);
        else
            errors->append(error);
    };
    // What a run writes goes to the output folder (made if missing; a failure to make
    // it shows as the write's own error), not beside the session file.
    if (!folder.isEmpty())
        QDir().mkpath(folder);
    const QString csv = resolveRelativePath(step.csv, folder);
    const QString summary = resolveRelativePath(step.summary, folder);
    const QString hgrm = resolveRelativePath(step.hgrm, folder);
    const QString json = resolveRelativePath(step.json, folder);
    if (!csv.isEmpty())
        attempt(ReportWriter::writeTimeSeries(record, csv, &error), csv);
    if (!summary.isEmpty())
        attempt(ReportWriter::writeSummary(record, summary, &error), summary);
    if (!hgrm.isEmpty())
        attempt(ReportWriter::writeHgrm(record, hgrm, &error), hgrm);
    if (!json.isEmpty())
        attempt(ReportWriter::writeJson(record, result, info, json, &error), json);
}

void ScenarioRunner::onSnapshot(const QString &fleet, const FleetSnapshot &snapshot)
{
    const qint64 elapsedNs = m_clock.nsecsElapsed();
    m_record.add(fleet, elapsedNs, snapshot);
    if (m_intervalLog) {
        const QList<RunRecord::PhaseInfo> phases = m_record.phases();
        m_intervalLog->add(fleet, m_record.currentPhase(), phases.isEmpty() || phases.last().reported,
                           elapsedNs - m_intervalLogLeadNs, snapshot);
    }
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
    for (const FleetDefinition &definition : std::as_const(m_session.fleets)) {
        const FleetSnapshot snapshot = m_engine.lastFleetSnapshot(definition.name);
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
    m_engine.stopAll(m_result.cancelled ? 0 : StopDrainMs);
    maybeFinish();
}

void ScenarioRunner::maybeFinish()
{
    if (!m_windingDown || !m_running || !m_engine.isIdle())
        return;
    finish();
}

void ScenarioRunner::noteWarnings()
{
    m_result.warnings = warningsOf(m_record, m_session);
}

QMap<QString, QStringList> ScenarioRunner::warningsOf(const RunRecord &record, const Session &session)
{
    QMap<QString, QStringList> warnings;
    for (const FleetDefinition &fleet : session.fleets) {
        if (!record.fleets().contains(fleet.name))
            continue;
        const QStringList said = fleet.warningsAbout(record.aggregate(fleet.name).counters);
        if (!said.isEmpty())
            warnings.insert(fleet.name, said);
    }
    return warnings;
}

void ScenarioRunner::finish()
{
    for (const auto &connection : std::as_const(m_engineConnections))
        disconnect(connection);
    m_engineConnections.clear();
    m_running = false;
    m_result.elapsedNs = m_clock.nsecsElapsed();
    // The proxies that ran, as they ended: their counters and timings go in the reports.
    for (const ProxyDefinition &definition : m_session.proxies) {
        if (const TcpProxy *proxy = m_engine.proxy(definition.name))
            m_record.setProxy(definition.name, RunRecord::ProxyRecord{proxy->lastSnapshot().total, proxy->replyTimes()});
    }
    noteWarnings();
    if (m_intervalLog && !m_intervalLog->error().isEmpty())
        m_result.reportErrors << m_intervalLog->error();
    m_intervalLog.reset(); // closes the log: it is whole now
    Q_EMIT finished(m_result);
}

} // namespace NetCore
