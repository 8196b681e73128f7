// SPDX-License-Identifier: GPL-3.0-or-later
#include "mainwindow.h"

#include "chartspanel.h"
#include "composerpanel.h"
#include "connectionspanel.h"
#include "connectiontablemodel.h"
#include "fleetdialog.h"
#include "fleetspanel.h"
#include "frameworkbench.h"
#include "proxiespanel.h"
#include "proxychart.h"
#include "recentfilesmenu.h"
#include "runresults.h"
#include "rundialog.h"
#include "scenariopanel.h"
#include "serverdialog.h"
#include "serverspanel.h"
#include "statussummary.h"
#include "stepdialog.h"
#include "trafficpanel.h"

#include "scenario/reportwriter.h"
#include "scenario/scenariorunner.h"
#include "session/sessionfile.h"

#include <QApplication>
#include <QCloseEvent>
#include <QDialog>
#include <QDir>
#include <QDockWidget>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QGuiApplication>
#include <QScreen>
#include <QScrollArea>
#include <QSettings>
#include <QStatusBar>
#include <QTimer>

namespace Gui {

namespace {
const QString DemoResource = QStringLiteral(":/wirebench/resources/sessions/demo.json");
} // namespace

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
{
    setWindowIcon(QIcon(QStringLiteral(":/wirebench/resources/icons/wirebench.svg")));
    createPanels();
    createMenus();
    m_engine.setSnapshotInterval(200);
    connect(&m_engine, &NetCore::SessionEngine::fleetSnapshot, m_charts, &ChartsPanel::addSnapshot);
    connect(&m_engine, &NetCore::SessionEngine::proxySnapshot, m_charts->proxyChart(), &ProxyChart::addSnapshot);
    m_status = new StatusSummary(statusBar());
    const auto updateStatus = [this] { m_status->update(m_session, m_engine); };
    connect(&m_engine, &NetCore::SessionEngine::stateChanged, this, updateStatus);
    auto *statusTimer = new QTimer(this);
    statusTimer->setInterval(500);
    connect(statusTimer, &QTimer::timeout, this, updateStatus);
    statusTimer->start();

    // A sensible first size on the screen at hand (1366 x 768 laptops included).
    if (const QScreen *screen = QGuiApplication::primaryScreen()) {
        const QRect available = screen->availableGeometry();
        resize(std::min(1400, available.width() * 95 / 100), std::min(900, available.height() * 92 / 100));
    } else {
        resize(1280, 720);
    }
    QSettings settings;
    restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
    if (!restoreState(settings.value(QStringLiteral("window/state")).toByteArray(), DockLayoutVersion)) {
        // First start: once laid out, give the charts most of the height; the
        // tables around them show a few rows each.
        QTimer::singleShot(0, this, [this] {
            const auto dock = [this](const char *name) { return findChild<QDockWidget *>(QLatin1String(name)); };
            resizeDocks({dock("servers"), dock("fleets")}, {140, 140}, Qt::Vertical);
            resizeDocks({dock("connections")}, {height() / 4}, Qt::Vertical);
            resizeDocks({dock("scenario")}, {width() / 4}, Qt::Horizontal);
        });
    }
    setSession({}, {}, tr("untitled"));
}

MainWindow::~MainWindow()
{
    m_runner.reset(); // before the engine it runs on
}

void MainWindow::createPanels()
{
    m_charts = new ChartsPanel(this);
    setCentralWidget(m_charts);
    setDockOptions(QMainWindow::AnimatedDocks | QMainWindow::AllowTabbedDocks | QMainWindow::AllowNestedDocks);

    auto dock = [this](const QString &title, const QString &objectName, QWidget *widget, Qt::DockWidgetArea area) {
        auto *d = new QDockWidget(title, this);
        d->setObjectName(objectName); // for saveState()
        d->setWidget(widget);
        addDockWidget(area, d);
        return d;
    };
    m_servers = new ServersPanel(m_engine, this);
    m_fleets = new FleetsPanel(m_engine, this);
    m_proxies = new ProxiesPanel(m_engine, this);
    m_scenario = new ScenarioPanel(this);
    m_connections = new ConnectionsPanel(m_engine, this);
    m_workbench = new FrameWorkbench(this);
    m_composer = new ComposerPanel(m_engine, this);
    m_traffic = new TrafficPanel(this);
    QDockWidget *servers = dock(tr("Servers"), QStringLiteral("servers"), m_servers, Qt::TopDockWidgetArea);
    QDockWidget *fleets = dock(tr("Fleets"), QStringLiteral("fleets"), m_fleets, Qt::TopDockWidgetArea);
    QDockWidget *proxies = dock(tr("Proxies"), QStringLiteral("proxies"), m_proxies, Qt::TopDockWidgetArea);
    splitDockWidget(servers, fleets, Qt::Horizontal);
    tabifyDockWidget(servers, proxies);
    servers->raise();
    dock(tr("Scenario"), QStringLiteral("scenario"), m_scenario, Qt::RightDockWidgetArea);
    QDockWidget *connections = dock(tr("Connections"), QStringLiteral("connections"), m_connections, Qt::BottomDockWidgetArea);
    // Full forms scroll in their docks rather than force the window taller than a
    // laptop screen.
    auto scrolling = [this](QWidget *form) {
        auto *scroll = new QScrollArea(this);
        scroll->setWidget(form);
        scroll->setWidgetResizable(true);
        scroll->setFrameShape(QFrame::NoFrame);
        return scroll;
    };
    QDockWidget *workbench = dock(tr("Frame workbench"), QStringLiteral("workbench"), scrolling(m_workbench), Qt::BottomDockWidgetArea);
    QDockWidget *composer = dock(tr("Composer"), QStringLiteral("composer"), scrolling(m_composer), Qt::BottomDockWidgetArea);
    QDockWidget *traffic = dock(tr("Traffic"), QStringLiteral("traffic"), m_traffic, Qt::BottomDockWidgetArea);
    tabifyDockWidget(connections, composer);
    tabifyDockWidget(composer, traffic);
    tabifyDockWidget(traffic, workbench);
    connections->raise();
    connections->setMinimumHeight(120);

    connect(m_composer, &ComposerPanel::failed, this, &MainWindow::showFailure);
    connect(m_connections, &ConnectionsPanel::composeRequested, this, [this](const QString &fleet, int connection) {
        m_composer->setTarget(ComposerPanel::Target::Connection, fleet, connection);
        if (auto *dock = findChild<QDockWidget *>(QStringLiteral("composer")))
            dock->raise();
    });
    connect(&m_engine, &NetCore::SessionEngine::fleetTraffic, m_traffic, &TrafficPanel::addTraffic);
    connect(&m_engine, &NetCore::SessionEngine::proxyTraffic, this,
            [this](const QString &name, const QList<NetCore::TrafficEntry> &entries, quint64 dropped) {
                m_traffic->addTraffic(tr("proxy %1").arg(name), entries, dropped);
            });
    connect(m_composer, &ComposerPanel::templateSaved, this, [this](const NetCore::NamedTemplate &t) {
        m_session.templates.removeIf([&](const NetCore::NamedTemplate &existing) { return existing.name == t.name; });
        m_session.templates.append(t);
        sessionEdited();
        statusBar()->showMessage(tr("Template %1 kept in the session").arg(t.name), 8000);
    });
    connectDefinitionPanels();
    connect(m_scenario, &ScenarioPanel::runRequested, this, &MainWindow::runScenario);
    connect(m_scenario, &ScenarioPanel::stopRequested, this, &MainWindow::stopScenario);
    connect(m_scenario, &ScenarioPanel::addStepRequested, this, [this](int after) {
        NetCore::ScenarioStep step;
        step.kind = NetCore::ScenarioStep::Kind::Hold;
        step.seconds = 5;
        StepDialog dialog(step, m_session, phasesBefore(after + 1), this);
        if (dialog.exec() == QDialog::Accepted)
            m_scenario->insertStep(after < 0 ? m_session.scenario.size() : after + 1, dialog.step());
    });
    connect(m_scenario, &ScenarioPanel::editStepRequested, this, [this](int index) {
        if (index < 0 || index >= m_session.scenario.size())
            return;
        StepDialog dialog(m_session.scenario[index], m_session, phasesBefore(index), this);
        if (dialog.exec() == QDialog::Accepted)
            m_scenario->replaceStep(index, dialog.step());
    });
    connect(m_scenario, &ScenarioPanel::stepsChanged, this, [this](const QList<NetCore::ScenarioStep> &steps) {
        m_session.scenario = steps;
        m_engine.setSession(m_session);
        setModified(true);
    });
}

void MainWindow::setSession(const NetCore::Session &session, const QString &path, const QString &displayName)
{
    m_session = session;
    m_path = path;
    m_outputDirectory = path.isEmpty()
        ? QString()
        : QSettings().value(QStringLiteral("outputFolders/") + QFileInfo(path).absoluteFilePath()).toString();
    m_displayName = displayName;
    m_engine.setSession(session);
    m_servers->reload();
    m_fleets->reload();
    m_proxies->reload();
    m_scenario->setSteps(session.scenario);
    m_composer->reload();
    m_charts->clear();
    m_connections->model()->clear();
    setModified(false);
    if (!session.description.isEmpty())
        statusBar()->showMessage(session.description, 15000);
}

void MainWindow::setModified(bool modified)
{
    setWindowModified(modified);
    setWindowTitle(QStringLiteral("%1[*] — Wirebench").arg(m_displayName));
}

QStringList MainWindow::phasesBefore(qsizetype index) const
{
    QStringList phases;
    for (qsizetype i = 0; i < std::min(index, m_session.scenario.size()); ++i) {
        const NetCore::ScenarioStep &step = m_session.scenario[i];
        if (step.kind == NetCore::ScenarioStep::Kind::Phase && !phases.contains(step.name))
            phases << step.name;
    }
    return phases;
}

void MainWindow::sessionEdited()
{
    m_engine.setSession(m_session);
    m_servers->reload();
    m_fleets->reload();
    m_proxies->reload();
    m_scenario->setSteps(m_session.scenario);
    m_composer->reload();
    setModified(true);
}

bool MainWindow::openSession(const QString &path, bool quiet)
{
    QStringList errors;
    const auto session = NetCore::SessionFile::load(path, &errors);
    if (!session) {
        if (!quiet)
            QMessageBox::warning(this, tr("Cannot open the session"),
                                 tr("%1 has problems:\n\n%2").arg(QFileInfo(path).fileName(), errors.join(QLatin1Char('\n'))));
        return false;
    }
    setSession(*session, path, QFileInfo(path).fileName());
    m_recentMenu->remember(path);
    return true;
}

void MainWindow::openDemo()
{
    QFile file(DemoResource);
    QStringList errors;
    const auto session = file.open(QIODevice::ReadOnly)
        ? NetCore::SessionFile::parse(file.readAll(), QStringLiteral("demo.json"), &errors)
        : std::nullopt;
    if (!session) {
        showFailure(tr("The demo session is missing from this build: %1").arg(errors.join(QLatin1Char(' '))));
        return;
    }
    setSession(*session, {}, tr("demo.json"));
}

void MainWindow::newSession()
{
    if (maybeSave())
        setSession({}, {}, tr("untitled"));
}

void MainWindow::openWithDialog()
{
    if (!maybeSave())
        return;
    const QString path = QFileDialog::getOpenFileName(this, tr("Open a session"), QFileInfo(m_path).absolutePath(),
                                                      tr("Wirebench sessions (*.json);;All files (*)"));
    if (!path.isEmpty())
        openSession(path);
}

bool MainWindow::openResults(const QStringList &paths)
{
    QString error;
    const std::optional<NetCore::IntervalLogMerge> merge = NetCore::IntervalLogMerge::fromFiles(paths, &error);
    if (!merge) {
        showFailure(tr("Cannot open the results: %1").arg(error));
        return false;
    }
    m_lastRecord = showMergedResults(*m_charts, *merge);
    statusBar()->showMessage(tr("Results of %n log(s) from %1: %2 fleet(s); File › Export report writes their reports", nullptr,
                                int(paths.size()))
                                 .arg(merge->start().toLocalTime().toString(Qt::ISODate))
                                 .arg(m_lastRecord.fleets().size()));
    return true;
}

void MainWindow::openResultsWithDialog()
{
    const QStringList paths = QFileDialog::getOpenFileNames(this, tr("Open the interval logs of a run"), QFileInfo(m_path).absolutePath(),
                                                            tr("Interval logs (*.hlog);;All files (*)"));
    if (!paths.isEmpty())
        openResults(paths);
}

bool MainWindow::saveSessionAs(const QString &path)
{
    QString error;
    if (!NetCore::SessionFile::save(m_session, path, &error)) {
        showFailure(error);
        return false;
    }
    m_path = path;
    m_displayName = QFileInfo(path).fileName();
    // What the session reads now resolves beside its new file.
    m_session.baseDirectory = QFileInfo(path).absolutePath();
    m_engine.setSession(m_session);
    setModified(false);
    m_recentMenu->remember(path);
    return true;
}

bool MainWindow::save()
{
    return m_path.isEmpty() ? saveAs() : saveSessionAs(m_path);
}

bool MainWindow::saveAs()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Save the session"), m_path.isEmpty() ? m_displayName : m_path,
                                                      tr("Wirebench sessions (*.json)"));
    return !path.isEmpty() && saveSessionAs(path);
}

bool MainWindow::maybeSave()
{
    if (!isWindowModified())
        return true;
    const QMessageBox::StandardButton answer = m_unsavedPrompt
        ? m_unsavedPrompt()
        : QMessageBox::question(this, tr("Unsaved changes"),
                                tr("%1 has changes that are not saved. Save them?").arg(m_displayName),
                                QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Save);
    if (answer == QMessageBox::Save)
        return save();
    return answer == QMessageBox::Discard;
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (!maybeSave()) {
        event->ignore();
        return;
    }
    if (m_runner)
        m_runner->cancel();
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState(DockLayoutVersion));
    event->accept();
}

bool MainWindow::isRunning() const
{
    return m_runner && m_runner->isRunning();
}

void MainWindow::runScenario()
{
    if (isRunning() || m_session.scenario.isEmpty())
        return;
    NetCore::ScenarioRunner::Options options;
    options.durationScale = m_durationScale;
    options.snapshotIntervalMs = 200;
    options.sessionFile = m_path;
    options.outputDirectory = outputDirectory();
    m_charts->clear();
    m_runner = std::make_unique<NetCore::ScenarioRunner>(m_engine, options);
    connect(m_runner.get(), &NetCore::ScenarioRunner::stepStarted, m_scenario, &ScenarioPanel::showStep);
    connect(m_runner.get(), &NetCore::ScenarioRunner::progress, m_scenario, &ScenarioPanel::showProgress);
    connect(m_runner.get(), &NetCore::ScenarioRunner::checkEvaluated, m_scenario, &ScenarioPanel::showCheck);
    connect(m_runner.get(), &NetCore::ScenarioRunner::notice, this,
            [this](const QString &text) { statusBar()->showMessage(text, 10000); });
    connect(m_runner.get(), &NetCore::ScenarioRunner::finished, this, [this](const NetCore::ScenarioResult &result) {
        m_lastRecord = m_runner->record();
        showPhaseDistributions(*m_charts, m_lastRecord); // for the charts' phase choice
        m_scenario->showResult(result);
        m_runAction->setEnabled(true);
        m_stopAction->setEnabled(false);
        if (!result.failure.isEmpty())
            showFailure(result.failure);
        Q_EMIT scenarioFinished();
    });
    m_scenario->setRunning(true);
    m_runAction->setEnabled(false);
    m_stopAction->setEnabled(true);
    m_runner->start();
}

void MainWindow::runWithOptions()
{
    if (isRunning() || m_session.scenario.isEmpty())
        return;
    RunDialog dialog(outputDirectory(), m_durationScale, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    setOutputDirectory(dialog.outputDirectory());
    m_durationScale = dialog.durationScale();
    runScenario();
}

QString MainWindow::outputDirectory() const
{
    if (!m_outputDirectory.isEmpty())
        return m_outputDirectory;
    return m_path.isEmpty() ? QDir::homePath() : QFileInfo(m_path).absolutePath();
}

void MainWindow::setOutputDirectory(const QString &folder)
{
    m_outputDirectory = folder;
    // Kept per session file: the next time it is opened, its reports go to the same place.
    if (!m_path.isEmpty())
        QSettings().setValue(QStringLiteral("outputFolders/") + QFileInfo(m_path).absoluteFilePath(), folder);
}

void MainWindow::stopScenario()
{
    if (isRunning())
        m_runner->cancel();
}

bool MainWindow::exportReport(const QString &path, QString *error)
{
    // The same writer as the headless runner: PATH gets the time series, and
    // PATH's stem with "-summary" the per-phase summary.
    const QFileInfo info(path);
    const QString summary = info.path() + QLatin1Char('/') + info.completeBaseName() + QStringLiteral("-summary.csv");
    return NetCore::ReportWriter::writeTimeSeries(m_lastRecord, path, error)
        && NetCore::ReportWriter::writeSummary(m_lastRecord, summary, error);
}

void MainWindow::exportWithDialog()
{
    if (m_lastRecord.rows().isEmpty()) {
        QMessageBox::information(this, tr("Export report"), tr("Run the scenario first: there is nothing to report yet."));
        return;
    }
    const QString path = QFileDialog::getSaveFileName(this, tr("Export the run's report"), QStringLiteral("report.csv"),
                                                      tr("CSV (*.csv)"));
    QString error;
    if (!path.isEmpty() && !exportReport(path, &error))
        showFailure(error);
    else if (!path.isEmpty())
        statusBar()->showMessage(tr("Report written: %1 and its -summary.csv").arg(path), 10000);
}

void MainWindow::showFailure(const QString &message)
{
    statusBar()->showMessage(message, 15000);
    // A message the user reads, not a line in a log; in tests there is no one to click.
    if (QApplication::platformName() != QLatin1String("offscreen"))
        QMessageBox::warning(this, tr("Wirebench"), message);
}

} // namespace Gui
