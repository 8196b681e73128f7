// SPDX-License-Identifier: GPL-3.0-or-later
// The window's proxies: their panel, their connections (both sides) in the
// connections table, a traced one's chunks in the traffic log, faults changed while
// running, and proxies made through Toxiproxy's API shown as they come.
#include "chartspanel.h"
#include "connectionspanel.h"
#include "connectiontablemodel.h"
#include "mainwindow.h"
#include "proxiespanel.h"
#include "proxychart.h"
#include "trafficmodel.h"
#include "trafficpanel.h"

#include "proxy/tcpproxy.h"
#include "session/sessionfile.h"

#include <QElapsedTimer>
#include <QHeaderView>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineEdit>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTableWidget>
#include <QTcpSocket>
#include <QTest>

using namespace Gui;

namespace {

/**
 * A session with an echo server and a proxy "front" before it (and a fleet through it
 * when asked); with `framing`, both read it and the proxy delays replies 20 ms.
 */
NetCore::Session proxySession(bool withFleet = false, const QByteArray &framing = "raw")
{
    const QByteArray fleets = withFleet ? R"([{"name": "through", "target": "front", "connections": 2, "schedule": {"rate": 50}}])" : "[]";
    const QByteArray proxyFraming = framing == "raw" ? QByteArray() : R"(, "framing": ")" + framing + R"(", "faults": ["delay:20"])";
    const QByteArray json = R"({"format": "wirebench-session", "version": 1,
        "servers": [{"name": "echo", "threads": 1, "framing": ")" + framing + R"("}],
        "proxies": [{"name": "front", "upstream": "echo", "threads": 1)" + proxyFraming + R"(}],
        "fleets": )" + fleets + "}";
    QStringList errors;
    const auto session = NetCore::SessionFile::parse(json, QStringLiteral("test.json"), &errors);
    if (!session)
        qFatal("test session does not parse: %s", qPrintable(errors.join(QLatin1Char('\n'))));
    return *session;
}

/** The text under `header` in the row of definition `name`. */
QString cell(const QTableWidget *table, const QString &name, const QString &header)
{
    for (int column = 0; column < table->columnCount(); ++column) {
        if (table->horizontalHeaderItem(column)->text() != header)
            continue;
        for (int row = 0; row < table->rowCount(); ++row) {
            if (table->item(row, 0)->text() == name)
                return table->item(row, column) ? table->item(row, column)->text() : QString();
        }
    }
    return QStringLiteral("<no such cell>");
}

/** A window on proxySession() with the server and the proxy started; the proxy's port. */
quint16 startBoth(MainWindow &window)
{
    NetCore::SessionEngine &engine = window.engine();
    QSignalSpy serverStarted(&engine, &NetCore::SessionEngine::serverStarted);
    engine.startServer(QStringLiteral("echo"));
    if (!serverStarted.wait(5000))
        return 0;
    engine.startProxy(QStringLiteral("front"));
    const auto running = engine.runningProxy(QStringLiteral("front"));
    return running ? running->port : 0;
}

/** A client through the proxy that has had one echo back. */
bool echoThrough(QTcpSocket &socket, quint16 port, const QByteArray &bytes)
{
    socket.connectToHost(QHostAddress::LocalHost, port);
    if (!socket.waitForConnected(5000))
        return false;
    socket.write(bytes);
    QByteArray back;
    for (int i = 0; i < 50 && back.size() < bytes.size(); ++i) {
        if (socket.waitForReadyRead(100))
            back += socket.readAll();
    }
    return back == bytes;
}

} // namespace

class tst_ProxiesPanel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void showsTheProxiesAndTheirFigures();
    void connectionsTableShowsBothSides();
    void tracedConnectionsChunksReachTheTrafficLog();
    void faultsChangeWhileRunning();
    void proxiesMadeThroughTheApiShow();
    void removalsThatWouldBreakReferencesAreRefused();
    void framedTimingsShowInThePanelAndTheChart();
};

void tst_ProxiesPanel::showsTheProxiesAndTheirFigures()
{
    MainWindow window;
    window.engine().setSnapshotInterval(50);
    window.putProxy(proxySession().proxies.first()); // before its server: the row still shows
    QCOMPARE(cell(window.proxiesPanel()->table(), QStringLiteral("front"), QStringLiteral("Forwards to")), QStringLiteral("server echo"));
    window.putServer(proxySession().servers.first());
    const quint16 port = startBoth(window);
    QVERIFY(port != 0);
    QTcpSocket client;
    QVERIFY(echoThrough(client, port, QByteArray(1000, 'x')));
    const QTableWidget *table = window.proxiesPanel()->table();
    QCOMPARE(cell(table, QStringLiteral("front"), QStringLiteral("State")), QStringLiteral("running"));
    QCOMPARE(cell(table, QStringLiteral("front"), QStringLiteral("Listens on")), QStringLiteral("127.0.0.1:%1").arg(port));
    // Where a session server's proxy forwards once it runs: the server's own address.
    const auto server = window.engine().runningServer(QStringLiteral("echo"));
    QCOMPARE(cell(table, QStringLiteral("front"), QStringLiteral("Forwards to")), QStringLiteral("127.0.0.1:%1").arg(server->port));
    QTRY_COMPARE(cell(table, QStringLiteral("front"), QStringLiteral("Open")), QStringLiteral("1"));
    QTRY_COMPARE(cell(table, QStringLiteral("front"), QStringLiteral("To server")), QStringLiteral("1000 bytes"));
    QTRY_COMPARE(cell(table, QStringLiteral("front"), QStringLiteral("To client")), QStringLiteral("1000 bytes"));
    QCOMPARE(cell(table, QStringLiteral("front"), QStringLiteral("Upstream failures")), QStringLiteral("0"));
    window.engine().stopAll();
    QTRY_COMPARE(cell(table, QStringLiteral("front"), QStringLiteral("State")), QStringLiteral("stopped"));
}

void tst_ProxiesPanel::connectionsTableShowsBothSides()
{
    MainWindow window;
    window.engine().setSession(proxySession());
    const quint16 port = startBoth(window);
    QVERIFY(port != 0);
    QTcpSocket client;
    QVERIFY(echoThrough(client, port, QByteArrayLiteral("hello")));
    ConnectionsPanel *panel = window.connectionsPanel();
    panel->refresh();
    ConnectionTableModel *model = panel->model();
    QTRY_COMPARE(model->rowCount(), 3); // the server's own side of its connection too
    QMap<QString, int> rowOf;
    for (int row = 0; row < model->rowCount(); ++row)
        rowOf.insert(model->connectionAt(row).first, row);
    const int clientRow = rowOf.value(ConnectionsPanel::clientSideName(QStringLiteral("front")), -1);
    const int upstreamRow = rowOf.value(ConnectionsPanel::upstreamSideName(QStringLiteral("front")), -1);
    QVERIFY(clientRow >= 0 && upstreamRow >= 0);
    QCOMPARE(model->connectionAt(clientRow).second, model->connectionAt(upstreamRow).second); // one connection, one id
    auto text = [model](int row, int column) { return model->data(model->index(row, column)).toString(); };
    // The client's side: the proxy's port here, the test's socket there.
    QCOMPARE(text(clientRow, ConnectionTableModel::Local), QStringLiteral("127.0.0.1:%1").arg(port));
    QCOMPARE(text(clientRow, ConnectionTableModel::Remote), QStringLiteral("127.0.0.1:%1").arg(client.localPort()));
    // The upstream side: the proxy's own connection to the server.
    const auto server = window.engine().runningServer(QStringLiteral("echo"));
    QCOMPARE(text(upstreamRow, ConnectionTableModel::Remote), QStringLiteral("127.0.0.1:%1").arg(server->port));
    QCOMPARE(text(upstreamRow, ConnectionTableModel::Sent), QStringLiteral("5"));
    QCOMPARE(text(upstreamRow, ConnectionTableModel::Received), QStringLiteral("5"));
    QCOMPARE(text(clientRow, ConnectionTableModel::State), QStringLiteral("open"));
    QVERIFY2(text(clientRow, ConnectionTableModel::Detail).contains(QLatin1String("first byte back after")),
             qPrintable(text(clientRow, ConnectionTableModel::Detail)));
    // Closed from the table: the client sees its connection end.
    panel->findChild<QLineEdit *>()->setText(QStringLiteral("proxy front"));
    panel->view()->selectRow(0);
    QSignalSpy disconnected(&client, &QTcpSocket::disconnected);
    for (QPushButton *button : panel->findChildren<QPushButton *>()) {
        if (button->text() == QLatin1String("Disconnect selected"))
            button->click();
    }
    QVERIFY(disconnected.wait(5000));
    window.engine().stopAll();
}

void tst_ProxiesPanel::tracedConnectionsChunksReachTheTrafficLog()
{
    MainWindow window;
    window.engine().setSnapshotInterval(50);
    window.engine().setSession(proxySession());
    const quint16 port = startBoth(window);
    QTcpSocket client;
    QVERIFY(echoThrough(client, port, QByteArrayLiteral("first")));
    ConnectionsPanel *panel = window.connectionsPanel();
    panel->refresh();
    QTRY_COMPARE(panel->model()->rowCount(), 3);
    panel->findChild<QLineEdit *>()->setText(QStringLiteral("upstream side"));
    panel->view()->selectRow(0);
    for (QPushButton *button : panel->findChildren<QPushButton *>()) {
        if (button->text() == QLatin1String("Trace selected"))
            button->click();
    }
    // The trace reaches the I/O thread before the next bytes: wait for a queued round trip.
    QTest::qWait(100);
    client.write("PING 42");
    TrafficModel *traffic = window.trafficPanel()->model();
    QTRY_COMPARE(traffic->rowCount(), 2); // the chunk to the server, and the echo to the client
    const TrafficModel::Row &sent = traffic->row(0);
    QCOMPARE(sent.fleet, QStringLiteral("proxy front"));
    QCOMPARE(sent.entry.payload, QByteArrayLiteral("PING 42"));
    QVERIFY(sent.entry.outgoing);
    QCOMPARE(sent.entry.kind, QStringLiteral("to server"));
    QCOMPARE(traffic->row(1).entry.kind, QStringLiteral("to client"));
    QCOMPARE(traffic->row(1).entry.payload, QByteArrayLiteral("PING 42"));
    window.engine().stopAll();
}

void tst_ProxiesPanel::faultsChangeWhileRunning()
{
    MainWindow window;
    // The window's session too, so the edit is kept for saving.
    window.putServer(proxySession().servers.first());
    window.putProxy(proxySession().proxies.first());
    QVERIFY(startBoth(window) != 0);
    QString why;
    const auto latency = NetCore::ProxyFaults::parse({QStringLiteral("latency:latency=300")}, &why);
    QVERIFY2(latency, qPrintable(why));
    window.setProxyFaults(QStringLiteral("front"), *latency);
    QCOMPARE(window.session().proxy(QStringLiteral("front"))->config.toxics.size(), 1);
    QVERIFY(window.isWindowModified());
    // The running proxy has them: an echo now takes the latency's 300 ms.
    QTcpSocket client;
    QElapsedTimer clock;
    clock.start();
    QVERIFY(echoThrough(client, window.engine().runningProxy(QStringLiteral("front"))->port, QByteArrayLiteral("slow")));
    QVERIFY2(clock.elapsed() >= 290, qPrintable(QString::number(clock.elapsed())));
    QTRY_VERIFY(cell(window.proxiesPanel()->table(), QStringLiteral("front"), QStringLiteral("Faults")).contains(QLatin1String("latency")));
    window.engine().stopAll();
}

void tst_ProxiesPanel::proxiesMadeThroughTheApiShow()
{
    MainWindow window;
    window.putServer(proxySession().servers.first());
    QSignalSpy serverStarted(&window.engine(), &NetCore::SessionEngine::serverStarted);
    window.engine().startServer(QStringLiteral("echo"));
    QVERIFY(serverStarted.wait(5000));
    const quint16 serverPort = window.engine().runningServer(QStringLiteral("echo"))->port;
    QVERIFY(window.proxiesPanel()->serveApi(QStringLiteral("nonsense")).contains(QLatin1String("HOST:PORT")));
    QCOMPARE(window.proxiesPanel()->serveApi(QStringLiteral("127.0.0.1:0")), QString());
    const QString api = window.proxiesPanel()->apiAddress();
    QVERIFY(!api.endsWith(QLatin1String(":0")));
    // As a Toxiproxy client makes a proxy.
    QNetworkAccessManager http;
    QNetworkRequest request(QUrl(QStringLiteral("http://%1/proxies").arg(api)));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
    const QJsonObject body{{QStringLiteral("name"), QStringLiteral("made")},
                           {QStringLiteral("listen"), QStringLiteral("127.0.0.1:0")},
                           {QStringLiteral("upstream"), QStringLiteral("127.0.0.1:%1").arg(serverPort)}};
    QNetworkReply *reply = http.post(request, QJsonDocument(body).toJson());
    QSignalSpy finished(reply, &QNetworkReply::finished);
    QVERIFY(finished.wait(5000));
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 201);
    reply->deleteLater();
    QVERIFY(window.session().proxy(QStringLiteral("made")));
    QVERIFY(window.isWindowModified());
    QCOMPARE(cell(window.proxiesPanel()->table(), QStringLiteral("made"), QStringLiteral("State")), QStringLiteral("running"));
    window.proxiesPanel()->stopApi();
    QVERIFY(window.proxiesPanel()->apiAddress().isEmpty());
    window.engine().stopAll();
}

void tst_ProxiesPanel::removalsThatWouldBreakReferencesAreRefused()
{
    MainWindow window;
    const NetCore::Session session = proxySession(true);
    window.putServer(session.servers.first());
    window.putProxy(session.proxies.first());
    window.putFleet(session.fleets.first());
    QVERIFY(window.removeServer(QStringLiteral("echo")).contains(QLatin1String("Proxy front forwards to server echo")));
    QVERIFY(window.removeProxy(QStringLiteral("front")).contains(QLatin1String("Fleet through targets proxy front")));
    QCOMPARE(window.removeFleet(QStringLiteral("through")), QString());
    QCOMPARE(window.removeProxy(QStringLiteral("front")), QString());
    QCOMPARE(window.removeServer(QStringLiteral("echo")), QString());
    QVERIFY(window.session().proxies.isEmpty());
}

void tst_ProxiesPanel::framedTimingsShowInThePanelAndTheChart()
{
    MainWindow window;
    window.engine().setSnapshotInterval(50);
    window.putServer(proxySession(false, "line").servers.first());
    window.putProxy(proxySession(false, "line").proxies.first());
    const quint16 port = startBoth(window);
    QVERIFY(port != 0);
    QTcpSocket client;
    QVERIFY(echoThrough(client, port, QByteArrayLiteral("one\n")));
    QVERIFY(echoThrough(client, port, QByteArrayLiteral("two\n")));
    const QTableWidget *table = window.proxiesPanel()->table();
    QCOMPARE(cell(table, QStringLiteral("front"), QStringLiteral("Framing")), QStringLiteral("line"));
    // What the clients saw has the 20 ms the proxy added; the server's own time does not.
    QTRY_VERIFY(cell(table, QStringLiteral("front"), QStringLiteral("Clients saw p50 / p99")).startsWith(QLatin1String("2")));
    QVERIFY(cell(table, QStringLiteral("front"), QStringLiteral("Server p50 / p99")) != QLatin1String("-"));
    QTRY_VERIFY(window.charts()->proxyChart()->pointCount() > 0);
    QCOMPARE(window.charts()->proxyChart()->shownProxy(), QStringLiteral("front"));
    window.engine().stopAll();
}

QTEST_MAIN(tst_ProxiesPanel)
#include "tst_proxiespanel.moc"
