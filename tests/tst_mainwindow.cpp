// SPDX-License-Identifier: GPL-3.0-or-later
#include "chartspanel.h"
#include "composerpanel.h"
#include "connectionspanel.h"
#include "connectiontablemodel.h"
#include "mainwindow.h"
#include "rundialog.h"
#include "fleetspanel.h"
#include "scenariopanel.h"
#include "serverspanel.h"
#include "trafficmodel.h"
#include "trafficpanel.h"

#include "behaviour/behaviourspec.h"
#include "fleet/clientfleet.h"
#include "fleet/fleetsnapshot.h"
#include "io/iothreadpool.h"
#include "scenario/intervallogrecorder.h"
#include "server/testserver.h"
#include "session/sessionfile.h"

#include <QDockWidget>
#include <QClipboard>
#include <QDialogButtonBox>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QGuiApplication>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QScreen>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTableView>
#include <QTableWidget>
#include <QTest>

using namespace Gui;

namespace {
QList<QStringList> readCsv(const QString &path)
{
    QFile file(path);
    QList<QStringList> rows;
    if (!file.open(QIODevice::ReadOnly))
        return rows;
    for (const QByteArray &line : file.readAll().split('\n')) {
        if (!line.trimmed().isEmpty())
            rows << QString::fromUtf8(line.trimmed()).split(QLatin1Char(','));
    }
    return rows;
}
} // namespace

class tst_MainWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void fitsTheScreen();
    void runsTheDemoAndDrawsIt();
    void savesAndReloadsUnchanged();
    void unsavedChangesAreAskedAbout();
    void brokenSessionIsRefusedWithItsProblems();
    void serversAndFleetsAreEditedSafely();
    void composedMessageGetsItsReplyInTheTrafficLog();
    void connectionsCanBeTracedAndDisconnected();
    void reportsGoToTheChosenOutputFolder();
    void runDialogRefusesFoldersItCannotUse();
    void repliesThatMostlyGoWrongAreSaidInRed();
    void tlsServersAndFleetsShowTheirHandshakes();
    void opensTheResultsOfADistributedRun();
};

void tst_MainWindow::initTestCase()
{
    QCoreApplication::setOrganizationName(QStringLiteral("WirebenchTests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_mainwindow"));
}

void tst_MainWindow::fitsTheScreen()
{
    MainWindow window;
    window.openDemo();
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    const QRect available = QGuiApplication::primaryScreen()->availableGeometry();
    Q_UNUSED(available);
    // Everything must fit a 1366 x 768 laptop screen (less its panel).
    QVERIFY2(window.minimumSizeHint().height() <= 700, qPrintable(QString::number(window.minimumSizeHint().height())));
    // On failure, which docks ask for the width.
    QStringList widths;
    for (const QDockWidget *dock : window.findChildren<QDockWidget *>())
        widths << QStringLiteral("%1 %2").arg(dock->objectName()).arg(dock->minimumSizeHint().width());
    QVERIFY2(window.minimumSizeHint().width() <= 1300,
             qPrintable(QStringLiteral("%1 (docks: %2)").arg(window.minimumSizeHint().width()).arg(widths.join(QStringLiteral(", ")))));
}

void tst_MainWindow::runsTheDemoAndDrawsIt()
{
    MainWindow window;
    window.setDurationScale(0.08);
    window.openDemo();
    window.show();
    QCOMPARE(window.windowTitle(), QStringLiteral("demo.json[*] — Wirebench"));
    QSignalSpy finished(&window, &MainWindow::scenarioFinished);
    window.runScenario();
    QVERIFY(window.isRunning());
    QTRY_VERIFY_WITH_TIMEOUT(window.charts()->latencyPointCount() >= 3, 15000);
    // Both ends of the demo's 100 connections: the fleet's and the server's.
    QTRY_VERIFY_WITH_TIMEOUT(window.connectionsPanel()->model()->rowCount() == 200, 15000);
    ConnectionTableModel *rows = window.connectionsPanel()->model();
    int serverRows = 0;
    for (int row = 0; row < rows->rowCount(); ++row) {
        if (rows->connectionAt(row).first == QLatin1String("server echo")) {
            ++serverRows;
            QVERIFY(rows->data(rows->index(row, ConnectionTableModel::Remote)).toString().startsWith(QLatin1String("127.0.0.1:")));
        }
    }
    QCOMPARE(serverRows, 100);
    QVERIFY(finished.wait(30000));
    QVERIFY(!window.isRunning());
    QCOMPARE(window.charts()->shownFleet(), QStringLiteral("clients"));
    // The distribution of the whole run, and of each phase once the run is over.
    QCOMPARE(window.charts()->distributionChoices(),
             QStringList({QStringLiteral("the whole run so far"), QStringLiteral("phase warm-up"), QStringLiteral("phase steady")}));
    window.charts()->showDistributionOf(2);
    QVERIFY(window.charts()->distributionPointCount() > 10);
    // The check of the demo: no timeouts in the steady phase.
    QListWidget *checks = window.scenarioPanel()->checks();
    QCOMPARE(checks->count(), 1);
    QVERIFY2(checks->item(0)->text().contains(QLatin1String("passed")), qPrintable(checks->item(0)->text()));

    // Export the run's report through the headless runner's writer, and read it back.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("demo.csv"));
    QString error;
    QVERIFY2(window.exportReport(path, &error), qPrintable(error));
    const auto series = readCsv(path);
    QVERIFY(series.size() > 3);
    QCOMPARE(series.first().first(), QStringLiteral("elapsed_s"));
    const auto summary = readCsv(dir.filePath(QStringLiteral("demo-summary.csv")));
    QVERIFY(summary.size() >= 3); // header, warm-up, steady, all
    const qsizetype phase = summary.first().indexOf(QStringLiteral("phase"));
    QStringList phases;
    for (qsizetype i = 1; i < summary.size(); ++i)
        phases << summary[i][phase];
    QVERIFY2(phases.contains(QStringLiteral("steady")) && phases.contains(QStringLiteral("all")), qPrintable(phases.join(',')));
}

void tst_MainWindow::savesAndReloadsUnchanged()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("saved.json"));
    MainWindow window;
    window.openDemo();
    QVERIFY(window.saveSessionAs(path));
    QCOMPARE(window.windowTitle(), QStringLiteral("saved.json[*] — Wirebench"));
    QFile demo(QStringLiteral(":/wirebench/resources/sessions/demo.json"));
    QVERIFY(demo.open(QIODevice::ReadOnly));
    QFile saved(path);
    QVERIFY(saved.open(QIODevice::ReadOnly));
    QCOMPARE(saved.readAll(), demo.readAll()); // canonical in, canonical out

    MainWindow other;
    QVERIFY(other.openSession(path, true));
    QCOMPARE(NetCore::SessionFile::serialize(other.session()), NetCore::SessionFile::serialize(window.session()));
    QVERIFY(!other.isWindowModified());
}

void tst_MainWindow::unsavedChangesAreAskedAbout()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("edited.json"));
    MainWindow window;
    window.openDemo();
    QVERIFY(window.saveSessionAs(path));
    int asked = 0;
    window.setUnsavedChangesPrompt([&] {
        ++asked;
        return QMessageBox::Cancel;
    });
    window.scenarioPanel()->removeStep(window.session().scenario.size() - 1); // an edit
    QVERIFY(window.isWindowModified());
    QCOMPARE(window.session().scenario.size(), 8);
    QVERIFY(!window.close()); // cancelled: the window stays, the edit too
    QCOMPARE(asked, 1);
    window.setUnsavedChangesPrompt([&] {
        ++asked;
        return QMessageBox::Save;
    });
    QVERIFY(window.close());
    QCOMPARE(asked, 2);
    QStringList errors;
    const auto reloaded = NetCore::SessionFile::load(path, &errors);
    QVERIFY(reloaded);
    QCOMPARE(reloaded->scenario.size(), 8);
}

void tst_MainWindow::brokenSessionIsRefusedWithItsProblems()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("broken.json"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(R"({"format": "wirebench-session", "version": 9})");
    file.close();
    MainWindow window;
    window.openDemo();
    QVERIFY(!window.openSession(path, true));
    QCOMPARE(window.windowTitle(), QStringLiteral("demo.json[*] — Wirebench")); // nothing lost
}

void tst_MainWindow::serversAndFleetsAreEditedSafely()
{
    MainWindow window;
    window.openDemo();
    // The demo's fleet targets its server, and steps use both: removal is refused, with why.
    QCOMPARE(window.removeServer(QStringLiteral("echo")),
             QStringLiteral("Fleet clients targets server echo: change or remove that fleet first."));
    QVERIFY(window.removeFleet(QStringLiteral("clients")).startsWith(QStringLiteral("The scenario step \"connect clients\"")));
    QVERIFY(!window.isWindowModified());

    NetCore::ServerDefinition slow;
    slow.name = QStringLiteral("slow");
    slow.config.behaviour = *NetCore::BehaviourSpec::parse(QStringLiteral("delay:10"));
    window.putServer(slow);
    QVERIFY(window.isWindowModified());
    QCOMPARE(window.session().servers.size(), 2);
    QCOMPARE(window.engine().session().servers.size(), 2); // the engine knows it at once
    QCOMPARE(window.removeServer(QStringLiteral("slow")), QString());
    QCOMPARE(window.session().servers.size(), 1);

    // Edited, saved, reloaded: the same session.
    NetCore::FleetDefinition extra;
    extra.name = QStringLiteral("extra");
    extra.server = QStringLiteral("echo");
    extra.config.connections = 7;
    window.putFleet(extra);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("edited.json"));
    QVERIFY(window.saveSessionAs(path));
    MainWindow other;
    QVERIFY(other.openSession(path, true));
    QCOMPARE(NetCore::SessionFile::serialize(other.session()), NetCore::SessionFile::serialize(window.session()));
    QCOMPARE(other.session().fleets.size(), 2);
    QCOMPARE(other.session().fleets[1].config.connections, 7);
}

void tst_MainWindow::composedMessageGetsItsReplyInTheTrafficLog()
{
    MainWindow window;
    window.setDurationScale(0.5);
    window.openDemo();
    window.show();
    window.runScenario();
    QTRY_VERIFY_WITH_TIMEOUT(window.engine().isFleetRunning(QStringLiteral("clients")), 10000);
    QTRY_VERIFY_WITH_TIMEOUT(window.connectionsPanel()->model()->rowCount() == 200, 15000);
    ComposerPanel *composer = window.composer();
    composer->setMode(ComposerPanel::Mode::Text);
    composer->setPayloadText(QStringLiteral("composed by hand"));
    composer->setTarget(ComposerPanel::Target::Connection, QStringLiteral("clients"), 7);
    composer->setRepeat(1, 0);
    QString why;
    QVERIFY2(composer->sendNow(&why), qPrintable(why));
    TrafficModel *log = window.trafficPanel()->model();
    QTRY_VERIFY_WITH_TIMEOUT(log->rowCount() >= 2, 5000);
    const TrafficModel::Row &sent = log->row(0);
    const TrafficModel::Row &reply = log->row(1);
    QVERIFY(sent.entry.outgoing);
    QCOMPARE(sent.fleet, QStringLiteral("clients"));
    QCOMPARE(sent.entry.connection, 7);
    QCOMPARE(sent.entry.payload, QByteArray("composed by hand"));
    QVERIFY(!reply.entry.outgoing);
    QCOMPARE(reply.entry.connection, 7);
    QCOMPARE(reply.entry.payload, QByteArray("composed by hand")); // the echo, decoded
    QCOMPARE(reply.entry.sequence, sent.entry.sequence);
    QVERIFY(reply.entry.roundTripNs > 0);
    QTemporaryDir dir;
    QString error;
    QVERIFY2(window.trafficPanel()->saveTo(dir.filePath(QStringLiteral("traffic.tsv")), &error), qPrintable(error));
    window.stopScenario();
    QSignalSpy finished(&window, &MainWindow::scenarioFinished);
    QVERIFY(finished.wait(15000));
}

void tst_MainWindow::connectionsCanBeTracedAndDisconnected()
{
    MainWindow window;
    window.setDurationScale(0.5);
    window.openDemo();
    window.show();
    window.runScenario();
    ConnectionTableModel *model = window.connectionsPanel()->model();
    QTRY_VERIFY_WITH_TIMEOUT(model->rowCount() == 200, 15000);
    const QString local = model->data(model->index(0, ConnectionTableModel::Local)).toString();
    const QString remote = model->data(model->index(0, ConnectionTableModel::Remote)).toString();
    QVERIFY2(local.startsWith(QStringLiteral("127.0.0.1:")), qPrintable(local));
    QVERIFY2(remote.startsWith(QStringLiteral("127.0.0.1:")), qPrintable(remote));

    // Trace two connections: their frames, and only theirs, reach the traffic log.
    QTableView *view = window.connectionsPanel()->view();
    for (int row = 0; row < view->model()->rowCount(); ++row) {
        const QString fleet = view->model()->index(row, ConnectionTableModel::Fleet).data().toString();
        const int id = view->model()->index(row, ConnectionTableModel::Id).data().toInt();
        if (fleet == QLatin1String("clients") && (id == 3 || id == 5))
            view->selectionModel()->select(view->model()->index(row, 0), QItemSelectionModel::Select | QItemSelectionModel::Rows);
    }
    const auto selected = window.connectionsPanel()->selectedConnections();
    QCOMPARE(selected.size(), size_t(1));
    QList<int> ids = selected.count(QStringLiteral("clients")) ? selected.at(QStringLiteral("clients")) : QList<int>{};
    std::sort(ids.begin(), ids.end());
    QCOMPARE(ids, QList<int>({3, 5}));
    window.engine().fleet(QStringLiteral("clients"))->setTraced(ids);
    TrafficModel *log = window.trafficPanel()->model();
    QTRY_VERIFY_WITH_TIMEOUT(log->rowCount() >= 6, 10000);
    for (int row = 0; row < log->rowCount(); ++row)
        QVERIFY(log->row(row).entry.connection == 3 || log->row(row).entry.connection == 5);

    // Disconnect one: it shows closed.
    window.engine().fleet(QStringLiteral("clients"))->closeConnections({3});
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            for (int row = 0; row < model->rowCount(); ++row) {
                if (model->connectionAt(row) == std::pair<QString, int>(QStringLiteral("clients"), 3))
                    return model->data(model->index(row, ConnectionTableModel::State)).toString() == QLatin1String("closed");
            }
            return false;
        }(),
        10000);
    window.stopScenario();
    QSignalSpy finished(&window, &MainWindow::scenarioFinished);
    QVERIFY(finished.wait(15000));
}

void tst_MainWindow::reportsGoToTheChosenOutputFolder()
{
    // A session in its own folder whose report step names a relative file: by default
    // the report lands beside the session file, and in the folder chosen for the run
    // once one is (remembered for that session file).
    QTemporaryDir dir;
    QVERIFY(QDir(dir.path()).mkdir(QStringLiteral("bench")));
    const QString path = dir.filePath(QStringLiteral("bench/report.json"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(R"({"format": "wirebench-session", "version": 1,
                  "servers": [{"name": "echo", "threads": 1}],
                  "fleets": [{"name": "f", "target": "echo", "threads": 1}],
                  "scenario": [{"step": "start-server", "server": "echo"}, {"step": "connect", "fleet": "f"},
                               {"step": "wait", "until": "received", "fleet": "f", "count": 50},
                               {"step": "report", "csv": "series.csv"}]})");
    file.close();
    const QString chosen = dir.filePath(QStringLiteral("results"));
    {
        MainWindow window;
        QVERIFY(window.openSession(path, true));
        QCOMPARE(window.outputDirectory(), dir.filePath(QStringLiteral("bench")));
        QSignalSpy finished(&window, &MainWindow::scenarioFinished);
        window.runScenario();
        QVERIFY(finished.wait(20000));
        QVERIFY(QFile::exists(dir.filePath(QStringLiteral("bench/series.csv"))));

        window.setOutputDirectory(chosen);
        window.runScenario();
        QVERIFY(finished.wait(20000));
        QVERIFY(QFile::exists(chosen + QStringLiteral("/series.csv")));
    }
    MainWindow again;
    QVERIFY(again.openSession(path, true));
    QCOMPARE(again.outputDirectory(), chosen);
}

void tst_MainWindow::runDialogRefusesFoldersItCannotUse()
{
    QTemporaryDir dir;
    RunDialog dialog(dir.path(), 0.5, nullptr);
    QPushButton *run = nullptr;
    for (QPushButton *button : dialog.findChildren<QPushButton *>()) {
        if (button->text() == QLatin1String("Run"))
            run = button;
    }
    QVERIFY(run);
    QVERIFY(run->isEnabled());
    QCOMPARE(dialog.durationScale(), 0.5);
    dialog.outputEdit()->setText(QStringLiteral("relative/folder"));
    QVERIFY(!run->isEnabled());
    QFile blocker(dir.filePath(QStringLiteral("a-file")));
    QVERIFY(blocker.open(QIODevice::WriteOnly));
    blocker.close();
    dialog.outputEdit()->setText(blocker.fileName());
    QVERIFY(!run->isEnabled());
    dialog.outputEdit()->setText(dir.filePath(QStringLiteral("not/made/yet")));
    QVERIFY(run->isEnabled()); // made at the first report
    QCOMPARE(dialog.outputDirectory(), dir.filePath(QStringLiteral("not/made/yet")));
}

void tst_MainWindow::repliesThatMostlyGoWrongAreSaidInRed()
{
    // A server of someone else's (here raw framing with two lines per request) read
    // as lines: every second line answers nothing. The status bar says so first.
    QTemporaryDir dir;
    const QString rules = dir.filePath(QStringLiteral("two-lines.rules"));
    QFile file(rules);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("any => A\\nB\\n\n");
    file.close();
    NetCore::IoThreadPool pool(1);
    NetCore::TestServer server(pool);
    NetCore::ServerConfig serverConfig;
    serverConfig.framing = NetCore::Framing::Raw;
    serverConfig.behaviour = *NetCore::BehaviourSpec::parse(QStringLiteral("rules:") + rules);
    QSignalSpy started(&server, &NetCore::TestServer::started);
    server.start(serverConfig);
    QVERIFY(started.wait(5000));

    MainWindow window;
    NetCore::FleetDefinition fleet;
    fleet.name = QStringLiteral("lines");
    fleet.config.port = server.port();
    fleet.config.framing = NetCore::Framing::Line;
    fleet.config.messages = {QByteArray("PING")};
    window.putFleet(fleet);
    window.show();
    QCOMPARE(window.engine().startFleet(fleet.name), QString());
    QLabel *warning = nullptr;
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            for (QLabel *label : window.statusBar()->findChildren<QLabel *>()) {
                if (label->isVisible() && label->text().contains(QLatin1String("matched no request")))
                    warning = label;
            }
            return warning != nullptr;
        }(),
        10000);
    QVERIFY2(warning->text().startsWith(QLatin1String("lines: 50% of replies matched no request")), qPrintable(warning->text()));
    QVERIFY(warning->toolTip().contains(QLatin1String("A framing that holds a whole reply")));
    window.engine().stopAll(0);
    QTRY_VERIFY_WITH_TIMEOUT(window.engine().isIdle(), 10000);
}

void tst_MainWindow::tlsServersAndFleetsShowTheirHandshakes()
{
    MainWindow window;
    NetCore::ServerDefinition server;
    server.name = QStringLiteral("secure");
    server.config.host = QStringLiteral("127.0.0.1");
    server.config.framing = NetCore::Framing::Line;
    server.config.tls.enabled = true; // self-signed, made at start
    window.putServer(server);
    NetCore::FleetDefinition fleet;
    fleet.name = QStringLiteral("over-tls");
    fleet.server = server.name;
    fleet.config.framing = NetCore::Framing::Line;
    fleet.config.connections = 2;
    fleet.config.tls.enabled = true; // no CA named: the engine trusts its own server's certificate
    window.putFleet(fleet);
    NetCore::FleetDefinition plain = fleet;
    plain.name = QStringLiteral("plaintext");
    plain.config.tls = {};
    window.putFleet(plain);
    window.show();

    // The server: TLS by its address, its certificate's fingerprint shown and copied.
    auto *servers = window.findChild<ServersPanel *>()->table();
    QSignalSpy started(&window.engine(), &NetCore::SessionEngine::serverStarted);
    window.engine().startServer(server.name);
    QVERIFY(started.wait(10000));
    const QString fingerprint = window.engine().server(server.name)->tlsFingerprint();
    QCOMPARE(fingerprint.size(), 95); // 32 bytes as AB:CD:...
    QTRY_VERIFY(servers->item(0, 5)->text().contains(QStringLiteral("certificate SHA-256 ") + fingerprint.left(23)));
    QVERIFY(servers->item(0, 1)->text().endsWith(QLatin1String("(TLS)")));
    QPushButton *copy = nullptr;
    for (QPushButton *button : window.findChildren<QPushButton *>()) {
        if (button->text() == QLatin1String("Copy TLS fingerprint"))
            copy = button;
    }
    QVERIFY(copy && copy->isEnabled());
    copy->click();
    QCOMPARE(QGuiApplication::clipboard()->text(), fingerprint);

    // The TLS fleet: its handshake apart from the load, and what was agreed.
    auto *fleets = window.findChild<FleetsPanel *>()->table();
    QVERIFY(fleets->item(0, 1)->text().endsWith(QLatin1String("over TLS")));
    QCOMPARE(window.engine().startFleet(fleet.name), QString());
    QCOMPARE(fleets->horizontalHeaderItem(9)->text(), QStringLiteral("TLS handshake"));
    QCOMPARE(fleets->item(1, 9)->text(), QStringLiteral("no TLS"));
    QTRY_VERIFY_WITH_TIMEOUT(fleets->item(0, 9)->text().startsWith(QLatin1String("p50 ")), 10000);
    QVERIFY2(fleets->item(0, 9)->text().contains(QLatin1String(" p99 ")), qPrintable(fleets->item(0, 9)->text()));
    QVERIFY2(fleets->item(0, 9)->toolTip().contains(QLatin1String("TLSv1.3")), qPrintable(fleets->item(0, 9)->toolTip()));
    QVERIFY(fleets->item(0, 9)->toolTip().contains(QLatin1String("2 full handshakes")));
    QVERIFY(!fleets->item(0, 9)->toolTip().contains(QLatin1String("INSECURE")));
    // ... and in a chart of its own: the interval in which the connections opened.
    QTRY_VERIFY_WITH_TIMEOUT(window.charts()->showSetupOf(fleet.name) >= 1, 5000);
    QCOMPARE(window.engine().fleet(fleet.name)->lastSnapshot().total.tlsErrorTotal(), quint64(0));

    // A plaintext fleet on the TLS port: both sides say what went wrong, in words.
    QCOMPARE(window.engine().startFleet(plain.name), QString());
    QTRY_VERIFY_WITH_TIMEOUT(servers->item(0, 5)->text().contains(QLatin1String("TLS failed: ")), 10000);
    QTRY_VERIFY_WITH_TIMEOUT(fleets->item(1, 5)->text().contains(QLatin1String("TLS errors: ")), 10000);
    window.engine().stopAll(0);
    QTRY_VERIFY_WITH_TIMEOUT(window.engine().isIdle(), 10000);
}

void tst_MainWindow::opensTheResultsOfADistributedRun()
{
    // Two parts' interval logs, as `--shard I/2 --hlog` leave them: a warm-up, then steady.
    QTemporaryDir dir;
    const QDateTime start = QDateTime::currentDateTimeUtc();
    QStringList paths;
    for (int part = 0; part < 2; ++part) {
        NetCore::IntervalLogRecorder recorder;
        paths << dir.filePath(QStringLiteral("part%1.hlog").arg(part));
        QString error;
        QVERIFY2(recorder.open(paths.last(), start, QStringLiteral("test"), &error), qPrintable(error));
        for (int i = 0; i < 10; ++i) {
            NetCore::FleetSnapshot snapshot;
            snapshot.intervalNs = 1'000'000'000;
            auto latency = std::make_shared<NetCore::LatencyHistogram>();
            latency->record(100'000 * (i + 1) * (part + 1), 50);
            snapshot.intervalCorrected = latency;
            snapshot.intervalUncorrected = latency;
            snapshot.interval.sent = snapshot.interval.received = 50;
            snapshot.total.connectsSucceeded = 4;
            recorder.add(QStringLiteral("web"), i < 3 ? QStringLiteral("warm-up") : QStringLiteral("steady"), i >= 3,
                         qint64(i + 1) * 1'000'000'000, snapshot);
        }
    }
    MainWindow window;
    window.show();
    QVERIFY(window.openResults(paths));
    QCOMPARE(window.lastRecord().fleets(), QStringList{QStringLiteral("web")});
    QCOMPARE(window.lastRecord().aggregate(QStringLiteral("web")).counters.received, quint64(2 * 7 * 50)); // steady only
    QCOMPARE(window.charts()->shownFleet(), QStringLiteral("web"));
    QCOMPARE(window.charts()->latencyPointCount(), 10);
    const QStringList choices = window.charts()->distributionChoices();
    QVERIFY2(choices.size() == 3 && choices.at(2).contains(QStringLiteral("steady")), qPrintable(choices.join(QLatin1Char('|'))));
    window.charts()->showDistributionOf(0); // the whole run: both parts' histograms added up
    QVERIFY(window.charts()->distributionPointCount() > 10);
    QVERIFY2(window.statusBar()->currentMessage().contains(QStringLiteral("2 log")), qPrintable(window.statusBar()->currentMessage()));
    // Its reports are the run's: File › Export report writes them.
    QString error;
    QVERIFY2(window.exportReport(dir.filePath(QStringLiteral("series.csv")), &error), qPrintable(error));
    QCOMPARE(readCsv(dir.filePath(QStringLiteral("series.csv"))).size(), 1 + 10);

    // A file that is not a log: refused with the reason, the charts left as they were.
    QFile bad(dir.filePath(QStringLiteral("bad.hlog")));
    QVERIFY(bad.open(QIODevice::WriteOnly));
    bad.write("1.0,1.0,1.0,not-a-histogram\n");
    bad.close();
    QVERIFY(!window.openResults({bad.fileName()}));
    QVERIFY2(window.statusBar()->currentMessage().contains(QStringLiteral("bad.hlog: line 1")), qPrintable(window.statusBar()->currentMessage()));
    QCOMPARE(window.charts()->latencyPointCount(), 10);
}

QTEST_MAIN(tst_MainWindow)
#include "tst_mainwindow.moc"
