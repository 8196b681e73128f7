// SPDX-License-Identifier: GPL-3.0-or-later
// The README's screenshots, made the same way each time: the real window at
// 1366x768 running the demo session, then its distribution tab, then a form.
//
//   xvfb-run -a -s "-screen 0 1366x768x24" build/tests/screenshots/make_screenshots docs/screenshots
#include "chartspanel.h"
#include "composerpanel.h"
#include "trafficpanel.h"
#include "capturereplaydialog.h"

#include "capture/capturefile.h"
#include "io/iothreadpool.h"
#include "server/testserver.h"
#include "connectionspanel.h"
#include "mainwindow.h"
#include "rundialog.h"
#include "fleetdialog.h"
#include "fleetspanel.h"
#include "serverdialog.h"

#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QDockWidget>
#include <QFile>
#include <QSpinBox>
#include <QElapsedTimer>
#include <QLineEdit>
#include <QPushButton>
#include <QScreen>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QTimer>

#include <cstdio>

namespace {

void waitFor(int milliseconds)
{
    QElapsedTimer clock;
    clock.start();
    while (clock.elapsed() < milliseconds)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
}

bool save(QWidget *widget, const QString &path)
{
    // The window's part of the screen under Xvfb, as a person would see it (menus,
    // docks, the status bar, a dialog on top).
    const QRect area = widget->window()->frameGeometry();
    const QPixmap shot = widget->screen()->grabWindow(0, area.x(), area.y(), area.width(), area.height());
    const bool ok = shot.save(path);
    std::printf("%s %s\n", ok ? "wrote" : "could not write", qPrintable(path));
    return ok;
}

} // namespace

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("WirebenchScreenshots")); // no saved layout
    const QDir out(argc > 1 ? QString::fromLocal8Bit(argv[1]) : QStringLiteral("."));
    Gui::MainWindow window;
    window.setWindowState(Qt::WindowMaximized);
    window.openDemo();
    window.show();
    waitFor(500);
    window.runScenario();
    waitFor(9000);
    bool ok = save(&window, out.filePath(QStringLiteral("main-window.png")));
    window.charts()->findChild<QTabWidget *>()->setCurrentIndex(2);
    waitFor(1500);
    ok = save(&window, out.filePath(QStringLiteral("distribution.png"))) && ok;
    window.charts()->findChild<QTabWidget *>()->setCurrentIndex(1);
    waitFor(1500);
    ok = save(&window, out.filePath(QStringLiteral("throughput.png"))) && ok;

    // The composer, with a message sent to one connection and its reply in the log;
    // the bottom docks taller for it, as a person would drag them.
    if (auto *dock = window.findChild<QDockWidget *>(QStringLiteral("composer"))) {
        dock->raise();
        window.resizeDocks({dock}, {270}, Qt::Vertical);
    }
    Gui::ComposerPanel *composer = window.composer();
    composer->setMode(Gui::ComposerPanel::Mode::Escaped);
    composer->setPayloadText(QStringLiteral("GET /status?id={seq:dec}\\r\\n"));
    composer->setTarget(Gui::ComposerPanel::Target::Connection, QStringLiteral("clients"), 7);
    composer->sendNow();
    waitFor(1200);
    ok = save(&window, out.filePath(QStringLiteral("composer.png"))) && ok;
    if (auto *dock = window.findChild<QDockWidget *>(QStringLiteral("traffic")))
        dock->raise();
    if (auto *view = window.trafficPanel()->findChild<QTableView *>())
        view->selectRow(1);
    waitFor(600);
    ok = save(&window, out.filePath(QStringLiteral("traffic.png"))) && ok;

    NetCore::ServerDefinition server;
    server.name = QStringLiteral("flaky");
    server.config.framing = NetCore::Framing::length(4, 2, NetCore::Framing::ByteOrder::BigEndian);
    server.config.tls.enabled = true; // self-signed, made at start
    server.config.tls.alpn = "http/1.1";
    Gui::ServerDialog dialog(server, true, {}, &window);
    dialog.behaviourEdit()->setText(QStringLiteral("delay:5:2:exp"));
    dialog.faultsEdit()->setText(QStringLiteral("drop:0.02 tls-abort:0.01 stall:200@oops"));
    dialog.show();
    dialog.move(window.geometry().center() - dialog.rect().center());
    waitFor(800);
    ok = save(&window, out.filePath(QStringLiteral("server-form.png"))) && ok;
    dialog.close();

    // The fleet form's protocol page, as for an MQTT broker.
    NetCore::FleetDefinition mqtt;
    mqtt.name = QStringLiteral("mqtt");
    mqtt.config.port = 1883;
    mqtt.config.framing = NetCore::Framing::varint(1);
    mqtt.config.match = NetCore::ReplyMatch::field(7, 2, 2);
    NetCore::ExchangeMessage connect;
    connect.hex = QStringLiteral("10 00 00 04 4d 51 54 54 04 02 00 3c 00 00");
    connect.expectHex = QStringLiteral("20 02 00 00");
    NetCore::ExchangeMessage disconnect;
    disconnect.hex = QStringLiteral("e0 00");
    mqtt.hello = {connect};
    mqtt.goodbye = {disconnect};
    Gui::FleetDialog fleetDialog(mqtt, false, {}, {}, {}, &window);
    fleetDialog.tabs()->setCurrentIndex(1);
    fleetDialog.show();
    fleetDialog.move(window.geometry().center() - fleetDialog.rect().center());
    waitFor(800);
    ok = save(&window, out.filePath(QStringLiteral("fleet-protocol.png"))) && ok;
    fleetDialog.close();

    // The fleet form's TLS tab, as for someone's https API with a client certificate.
    NetCore::FleetDefinition https;
    https.name = QStringLiteral("api");
    https.config.host = QStringLiteral("127.0.0.1");
    https.config.port = 8443;
    https.config.framing = NetCore::Framing::Http1;
    https.config.tls.enabled = true;
    https.config.tls.caFile = QStringLiteral("/etc/ssl/certs/ca-certificates.crt");
    https.config.tls.serverName = QStringLiteral("api.example.org");
    https.config.tls.alpn = "http/1.1";
    https.config.tls.certFile = QStringLiteral("client.pem");
    https.config.tls.keyFile = QStringLiteral("client.key");
    https.config.tls.resume = true;
    Gui::FleetDialog tlsDialog(https, false, {}, {}, {}, &window);
    tlsDialog.tabs()->setCurrentIndex(2);
    tlsDialog.show();
    tlsDialog.move(window.geometry().center() - tlsDialog.rect().center());
    waitFor(800);
    ok = save(&window, out.filePath(QStringLiteral("fleet-tls.png"))) && ok;
    tlsDialog.close();

    Gui::RunDialog run(QDir::homePath() + QStringLiteral("/bench/results"), 0.5, &window);
    run.show();
    run.move(window.geometry().center() - run.rect().center());
    waitFor(800);
    ok = save(&window, out.filePath(QStringLiteral("run-dialog.png"))) && ok;
    run.close();
    window.stopScenario();
    waitFor(3000);

    // A WebSocket session: its own server, 16 clients upgraded; a message composed to
    // one connection, and the traffic log reading the frames as text messages.
    window.openSession(QStringLiteral(WIREBENCH_SESSIONS_DIR "/websocket-echo.json"), true);
    waitFor(500);
    window.runScenario();
    waitFor(4000);
    if (auto *clear = window.trafficPanel()->findChild<QPushButton *>(QStringLiteral("clear")))
        clear->click(); // the demo's frames are another session's
    composer->setMode(Gui::ComposerPanel::Mode::Text);
    composer->setPayloadText(QStringLiteral("{\"type\": \"hello\", \"seq\": {seq:dec}}"));
    composer->setTarget(Gui::ComposerPanel::Target::Connection, QStringLiteral("chat"), 3);
    composer->sendNow();
    waitFor(1000);
    if (auto *dock = window.findChild<QDockWidget *>(QStringLiteral("traffic")))
        dock->raise();
    if (auto *view = window.trafficPanel()->findChild<QTableView *>()) {
        view->selectRow(view->model()->rowCount() - 1);
        view->resizeColumnsToContents();
    }
    waitFor(600);
    ok = save(&window, out.filePath(QStringLiteral("websocket-traffic.png"))) && ok;
    window.stopScenario();
    waitFor(2000);

    // TLS on both sides: the server's fingerprint, the fleet's handshake apart from its load.
    window.openSession(QStringLiteral(WIREBENCH_SESSIONS_DIR "/tls-echo.json"), true);
    waitFor(500);
    if (auto *clear = window.trafficPanel()->findChild<QPushButton *>(QStringLiteral("clear")))
        clear->click(); // the frames are the WebSocket session's
    window.runScenario();
    waitFor(3500);
    if (auto *fleets = window.findChild<Gui::FleetsPanel *>()) // the fleet's state: its handshake, what was agreed
        fleets->table()->scrollToItem(fleets->table()->item(0, fleets->table()->columnCount() - 2),
                                      QAbstractItemView::PositionAtCenter);
    waitFor(300);
    ok = save(&window, out.filePath(QStringLiteral("tls-session.png"))) && ok;
    window.charts()->showSetupOf(QStringLiteral("secure")); // the handshakes of the ramp, apart from the load
    waitFor(600);
    ok = save(&window, out.filePath(QStringLiteral("tls-handshake-chart.png"))) && ok;
    window.stopScenario();
    waitFor(2000);

    // A proxy between a fleet and its server, a latency fault set on it while it
    // runs: its live figures, its connections (both sides) and a traced one's chunks.
    window.openSession(QStringLiteral(WIREBENCH_SESSIONS_DIR "/proxy-latency.json"), true);
    waitFor(500);
    if (auto *clear = window.trafficPanel()->findChild<QPushButton *>(QStringLiteral("clear")))
        clear->click();
    window.setDurationScale(0.6);
    window.runScenario();
    waitFor(9500); // past the fault
    // The proxied fleet's latency: the fault's 20 ms step in the middle.
    window.charts()->findChild<QTabWidget *>()->setCurrentIndex(0);
    for (QComboBox *box : window.charts()->findChildren<QComboBox *>()) {
        if (box->findText(QStringLiteral("proxied")) >= 0)
            box->setCurrentText(QStringLiteral("proxied"));
    }
    if (auto *dock = window.findChild<QDockWidget *>(QStringLiteral("proxies")))
        dock->raise();
    if (auto *dock = window.findChild<QDockWidget *>(QStringLiteral("connections"))) {
        dock->raise();
        window.resizeDocks({dock}, {240}, Qt::Vertical);
    }
    window.connectionsPanel()->findChild<QLineEdit *>()->setText(QStringLiteral("proxy slow"));
    window.connectionsPanel()->refresh();
    waitFor(1200);
    if (auto *view = window.connectionsPanel()->view()) {
        view->resizeColumnsToContents();
        view->selectRow(0);
    }
    ok = save(&window, out.filePath(QStringLiteral("proxy-session.png"))) && ok;
    for (QPushButton *button : window.connectionsPanel()->findChildren<QPushButton *>()) {
        if (button->text() == QLatin1String("Trace selected"))
            button->click();
    }
    waitFor(1000);
    if (auto *dock = window.findChild<QDockWidget *>(QStringLiteral("traffic")))
        dock->raise();
    if (auto *view = window.trafficPanel()->findChild<QTableView *>())
        view->resizeColumnsToContents();
    waitFor(300);
    ok = save(&window, out.filePath(QStringLiteral("proxy-traffic.png"))) && ok;
    // The proxy's own view: the server's time beside what the clients saw, the fault's step.
    window.charts()->findChild<QTabWidget *>()->setCurrentIndex(4);
    waitFor(800);
    ok = save(&window, out.filePath(QStringLiteral("proxy-chart.png"))) && ok;
    window.charts()->findChild<QTabWidget *>()->setCurrentIndex(0);
    window.stopScenario();
    waitFor(2000);

    // A capture (as `wirebench proxy --record` writes them) opened into the traffic log,
    // then replayed from 100 connections to an echo server.
    if (auto *clear = window.trafficPanel()->findChild<QPushButton *>(QStringLiteral("clear")))
        clear->click();
    const QString capturePath = QDir::temp().filePath(QStringLiteral("wirebench-screenshot-capture.jsonl"));
    {
        NetCore::Capture header;
        header.framing = NetCore::Framing::Line;
        header.upstream = QStringLiteral("127.0.0.1:7000");
        QByteArray text = NetCore::CaptureFile::headerLine(header);
        const QList<QByteArray> commands{"LOGIN alice", "LIST inbox", "READ 42", "MOVE 42 archive", "LOGOUT"};
        for (quint64 connection = 1; connection <= 3; ++connection) {
            text += NetCore::CaptureFile::eventLine({NetCore::CaptureEvent::Kind::Open, connection, qint64(connection) * 1'000'000, {},
                                                     QStringLiteral("127.0.0.1:%1").arg(40000 + connection)});
            for (int i = 0; i < commands.size(); ++i) {
                const qint64 at = qint64(connection) * 1'000'000 + i * 2'500'000;
                text += NetCore::CaptureFile::eventLine({NetCore::CaptureEvent::Kind::Up, connection, at, commands[i] + '\n', {}});
                text += NetCore::CaptureFile::eventLine(
                    {NetCore::CaptureEvent::Kind::Down, connection, at + 180'000 + i * 40'000, commands[i] + '\n', {}});
            }
        }
        QFile file(capturePath);
        if (file.open(QIODevice::WriteOnly))
            file.write(text);
    }
    window.openCapture(capturePath);
    if (auto *view = window.trafficPanel()->findChild<QTableView *>()) {
        view->selectRow(3);
        view->resizeColumnsToContents();
    }
    waitFor(600);
    ok = save(&window, out.filePath(QStringLiteral("capture-traffic.png"))) && ok;
    NetCore::IoThreadPool pool(1);
    NetCore::TestServer echo(pool);
    NetCore::ServerConfig echoConfig;
    echoConfig.framing = NetCore::Framing::Line;
    echo.start(echoConfig);
    waitFor(300);
    if (Gui::CaptureReplayDialog *replay = window.replayCapture()) {
        replay->targetEdit()->setText(QStringLiteral("127.0.0.1:%1").arg(echo.port()));
        replay->connectionsEdit()->setValue(100);
        replay->move(window.geometry().center() - replay->rect().center());
        replay->replay();
        waitFor(2500);
        ok = save(&window, out.filePath(QStringLiteral("capture-replay.png"))) && ok;
        replay->close();
    }
    echo.stop();
    waitFor(300);
    QFile::remove(capturePath);

    // A fleet that replays a capture within a scenario (its "replay" key): the panel says
    // what it found, the checks judge it; then its form.
    window.openSession(QStringLiteral(WIREBENCH_SESSIONS_DIR "/replay-orders.json"), true);
    if (auto *clear = window.trafficPanel()->findChild<QPushButton *>(QStringLiteral("clear")))
        clear->click();
    if (auto *dock = window.findChild<QDockWidget *>(QStringLiteral("servers")))
        dock->raise();
    waitFor(500);
    window.runScenario();
    waitFor(2500);
    if (auto *dock = window.findChild<QDockWidget *>(QStringLiteral("fleets"))) {
        if (auto *table = dock->findChild<QTableWidget *>()) {
            table->resizeColumnsToContents();
            table->scrollTo(table->model()->index(0, table->columnCount() - 6), QAbstractItemView::PositionAtCenter);
            table->selectRow(0);
        }
    }
    // Its connections as they ended: which recording each played, how far, what differed.
    if (auto *dock = window.findChild<QDockWidget *>(QStringLiteral("connections")))
        dock->raise();
    window.connectionsPanel()->findChild<QLineEdit *>()->clear();
    window.connectionsPanel()->refresh();
    if (auto *view = window.connectionsPanel()->view())
        view->resizeColumnsToContents();
    waitFor(300);
    ok = save(&window, out.filePath(QStringLiteral("replay-fleet.png"))) && ok;
    if (const NetCore::FleetDefinition *replayFleet = window.session().fleet(QStringLiteral("replay"))) {
        Gui::FleetDialog replayDialog(*replayFleet, false, {}, {QStringLiteral("orders")}, {}, &window, window.session().baseDirectory);
        replayDialog.show();
        replayDialog.move(window.geometry().center() - replayDialog.rect().center());
        waitFor(800);
        ok = save(&window, out.filePath(QStringLiteral("replay-fleet-form.png"))) && ok;
        replayDialog.close();
    }
    return ok ? 0 : 1;
}
