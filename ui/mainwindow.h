// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "capture/capture.h"
#include "scenario/runrecord.h"
#include "scenario/sessionengine.h"
#include "session/session.h"

#include <QMainWindow>
#include <QMessageBox>

#include <functional>
#include <memory>

class QMenu;

namespace NetCore {
class ScenarioRunner;
}

namespace Gui {

class CaptureReplayDialog;
class ChartsPanel;
class ComposerPanel;
class ConnectionsPanel;
class FleetsPanel;
class ProxiesPanel;
class FrameWorkbench;
class RecentFilesMenu;
class ScenarioPanel;
class ServersPanel;
class StatusSummary;
class TrafficPanel;

/**
 * The Wirebench window: a session's servers, fleets and scenario in docks around the
 * live charts. It holds the engine objects (through a SessionEngine) and draws what
 * they publish; it never owns a socket.
 */
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    /** Opens a session file; false (and a message box unless `quiet`) if it has problems. */
    bool openSession(const QString &path, bool quiet = false);
    /** The built-in demo session (a local echo server and 100 clients). */
    void openDemo();
    bool saveSessionAs(const QString &path);
    /** Starts the scenario; with the demo this is the one click the README promises. */
    void runScenario();
    /** Asks where the reports go and how fast to run (RunDialog), then runs. */
    void runWithOptions();
    void stopScenario();
    bool exportReport(const QString &path, QString *error = nullptr);

    /** Session edits, as the panels' forms make them; each marks the session modified. */
    void putServer(const NetCore::ServerDefinition &server);
    void putFleet(const NetCore::FleetDefinition &fleet);
    void putProxy(const NetCore::ProxyDefinition &proxy);
    /** Refuses (with the reason) what fleets, proxies or steps still refer to, or what runs. */
    QString removeServer(const QString &name);
    QString removeFleet(const QString &name);
    QString removeProxy(const QString &name);
    /** A proxy's faults, in its definition and (while it runs) on its connections at once. */
    void setProxyFaults(const QString &name, const NetCore::ProxyFaults &faults);

    /** Holds and ramps of runs started from the window are multiplied by this (tests shorten them). */
    void setDurationScale(double scale) { m_durationScale = scale; }
    /**
     * Where a run's report steps write relative paths: chosen in RunDialog and kept per
     * session file; by default the session file's folder (home for one never saved).
     */
    QString outputDirectory() const;
    void setOutputDirectory(const QString &folder);
    /** Replaces the unsaved-changes question (tests answer it without a dialog). */
    void setUnsavedChangesPrompt(std::function<QMessageBox::StandardButton()> prompt) { m_unsavedPrompt = std::move(prompt); }

    const NetCore::Session &session() const { return m_session; }
    QString sessionPath() const { return m_path; }
    bool isRunning() const;
    NetCore::SessionEngine &engine() { return m_engine; }
    FrameWorkbench *frameWorkbench() const { return m_workbench; }
    ChartsPanel *charts() const { return m_charts; }
    ScenarioPanel *scenarioPanel() const { return m_scenario; }
    ConnectionsPanel *connectionsPanel() const { return m_connections; }
    ComposerPanel *composer() const { return m_composer; }
    TrafficPanel *trafficPanel() const { return m_traffic; }
    ProxiesPanel *proxiesPanel() const { return m_proxies; }
    const NetCore::RunRecord &lastRecord() const { return m_lastRecord; }
    /** File › Open capture: a proxy's recording into the traffic log, ready to replay; false with the reason. */
    bool openCapture(const QString &path, QString *error = nullptr);
    /** Run › Replay capture: the dialog, shown (null until a capture is open). */
    CaptureReplayDialog *replayCapture();
    /** File › Open results: interval logs (the parts of a distributed run) merged into the charts. */
    bool openResults(const QStringList &paths);

Q_SIGNALS:
    void scenarioFinished();

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    // A saved dock layout from before the Proxies dock would leave it floating beside the others.
    static constexpr int DockLayoutVersion = 1;

    void createPanels();
    void createMenus();
    void setSession(const NetCore::Session &session, const QString &path, const QString &displayName);
    void setModified(bool modified);
    void sessionEdited();
    QStringList phasesBefore(qsizetype index) const;
    /** The servers', fleets' and proxies' panels: their add, edit and remove go to the forms. */
    void connectDefinitionPanels();
    void editServer(const QString &name, bool isNew);
    void editFleet(const QString &name, bool isNew);
    void editProxy(const QString &name, bool isNew);
    void editProxyFaults(const QString &name);
    /** The session's proxies as the Toxiproxy API left them in the engine. */
    void takeProxiesFromEngine();
    /** Names a new server or proxy may not have: fleets target either by name. */
    QStringList serverAndProxyNames() const;
    /** True when it is fine to drop the current session (saved, discarded, or unchanged). */
    bool maybeSave();
    bool save();
    bool saveAs();
    void openWithDialog();
    void openResultsWithDialog();
    void openCaptureWithDialog();
    void newSession();
    void exportWithDialog();

    void showFailure(const QString &message);

    NetCore::SessionEngine m_engine;
    NetCore::Session m_session;
    QString m_path;        // empty: never saved (a new session or the demo)
    QString m_displayName;
    std::unique_ptr<NetCore::ScenarioRunner> m_runner;
    NetCore::RunRecord m_lastRecord;
    double m_durationScale = 1.0;
    QString m_outputDirectory;  // chosen for this session; empty: the default (outputDirectory())
    std::function<QMessageBox::StandardButton()> m_unsavedPrompt;

    ChartsPanel *m_charts = nullptr;
    ServersPanel *m_servers = nullptr;
    FleetsPanel *m_fleets = nullptr;
    ProxiesPanel *m_proxies = nullptr;
    ScenarioPanel *m_scenario = nullptr;
    ConnectionsPanel *m_connections = nullptr;
    ComposerPanel *m_composer = nullptr;
    TrafficPanel *m_traffic = nullptr;
    FrameWorkbench *m_workbench = nullptr;
    QMenu *m_viewMenu = nullptr;
    RecentFilesMenu *m_recentMenu = nullptr;
    QAction *m_runAction = nullptr;
    QAction *m_stopAction = nullptr;
    QAction *m_replayCaptureAction = nullptr;
    std::optional<NetCore::Capture> m_capture; // the capture opened last
    QString m_captureName;
    StatusSummary *m_status = nullptr;
};

} // namespace Gui
