// SPDX-License-Identifier: GPL-3.0-or-later
#include "fleetdialog.h"
#include "tlsclientedit.h"
#include "exchangeedit.h"
#include "replyframingedit.h"
#include "replymatchedit.h"
#include "websocketedit.h"
#include "replayedit.h"
#include "filepathedit.h"

#include "session/sessionfile.h"

#include <QCheckBox>
#include <QComboBox>
#include <QLineEdit>
#include <QTableWidget>
#include <QDialogButtonBox>
#include <QFile>
#include <QPushButton>
#include <QTemporaryDir>
#include <QTest>

using namespace Gui;

class tst_FleetDialog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void targetsAreChecked_data();
    void targetsAreChecked();
    void sourceAddressesAreChecked();
    void aValidFormGivesTheDefinition();
    void framingsAreKeptAndChosen();
    void matchHelloAndGoodbyeAreKeptAndChecked();
    void webSocketUpgradeIsKeptAndChecked();
    void tlsIsKeptAndChecked();
    void aReplayIsKeptCheckedAndSavedWithoutTheLoad();
};

void tst_FleetDialog::targetsAreChecked_data()
{
    QTest::addColumn<QString>("target");
    QTest::addColumn<bool>("valid");
    QTest::newRow("a session server") << "echo" << true;
    QTest::newRow("host and port") << "127.0.0.1:7000" << true;
    QTest::newRow("ipv6") << "::1:7000" << true;
    QTest::newRow("no port") << "127.0.0.1" << false;
    QTest::newRow("port zero") << "127.0.0.1:0" << false;
    QTest::newRow("unknown name") << "ehco" << false;
    QTest::newRow("not an address") << "example.org:80" << false;
}

void tst_FleetDialog::targetsAreChecked()
{
    QFETCH(QString, target);
    QFETCH(bool, valid);
    NetCore::FleetDefinition fleet;
    fleet.name = QStringLiteral("clients");
    FleetDialog dialog(fleet, true, {}, {QStringLiteral("echo")}, {}, nullptr);
    dialog.targetEdit()->setCurrentText(target);
    QCOMPARE(dialog.problem().isEmpty(), valid);
    if (!valid)
        QVERIFY(dialog.problem().startsWith(QStringLiteral("Pick a server of this session, or write HOST:PORT")));
}

void tst_FleetDialog::sourceAddressesAreChecked()
{
    NetCore::FleetDefinition fleet;
    fleet.name = QStringLiteral("clients");
    fleet.server = QStringLiteral("echo");
    FleetDialog dialog(fleet, true, {}, {QStringLiteral("echo")}, {}, nullptr);
    QTest::keyClicks(dialog.sourceEdit(), QStringLiteral("127.0.0.9-127.0.0.2"));
    QVERIFY2(dialog.problem().contains(QLatin1String("runs backwards")), qPrintable(dialog.problem()));
    dialog.sourceEdit()->setText(QStringLiteral("127.0.0.2-127.0.0.4"));
    QVERIFY(dialog.problem().isEmpty());
    QCOMPARE(dialog.definition().config.sourceAddresses.size(), 3);
}

void tst_FleetDialog::aValidFormGivesTheDefinition()
{
    NetCore::FleetDefinition fleet;
    fleet.name = QStringLiteral("clients");
    fleet.server = QStringLiteral("echo");
    fleet.config.connections = 250;
    fleet.config.schedule = NetCore::FleetConfig::Schedule::OpenLoop;
    fleet.config.rate = 3000;
    fleet.config.poisson = true;
    fleet.processes = 3;
    FleetDialog dialog(fleet, false, {QStringLiteral("clients")}, {QStringLiteral("echo")}, {}, nullptr);
    QVERIFY2(dialog.problem().isEmpty(), qPrintable(dialog.problem()));
    const NetCore::FleetDefinition same = dialog.definition();
    QCOMPARE(same.server, QStringLiteral("echo"));
    QCOMPARE(same.config.connections, 250);
    QCOMPARE(same.config.schedule, NetCore::FleetConfig::Schedule::OpenLoop);
    QCOMPARE(same.config.rate, 3000.0);
    QVERIFY(same.config.poisson);
    QCOMPARE(same.processes, 3);
    dialog.targetEdit()->setCurrentText(QStringLiteral("10.0.0.5:8080"));
    const NetCore::FleetDefinition external = dialog.definition();
    QCOMPARE(external.server, QString());
    QCOMPARE(external.config.host, QStringLiteral("10.0.0.5"));
    QCOMPARE(external.config.port, quint16(8080));
}

void tst_FleetDialog::framingsAreKeptAndChosen()
{
    // A general framing and a reply framing come back unchanged from the form, and a
    // reply framing can be turned off and on again.
    NetCore::FleetDefinition fleet;
    fleet.name = QStringLiteral("memcached");
    fleet.config.host = QStringLiteral("127.0.0.1");
    fleet.config.port = 11211;
    fleet.config.framing = NetCore::Framing::Line;
    fleet.config.replyFraming = NetCore::Framing::delimited("END\r\n");
    fleet.config.messages = {QByteArray("get k")};
    FleetDialog dialog(fleet, false, {}, {}, {}, nullptr);
    QVERIFY2(dialog.problem().isEmpty(), qPrintable(dialog.problem()));
    QVERIFY(dialog.definition().config.framing == NetCore::Framing(NetCore::Framing::Line));
    QVERIFY(dialog.definition().config.replyFraming == NetCore::Framing::delimited("END\r\n"));
    QCheckBox *own = dialog.findChild<ReplyFramingEdit *>()->ownFramingBox();
    QVERIFY(own && own->isChecked());
    own->setChecked(false);
    QVERIFY(!dialog.definition().config.replyFraming);
    own->setChecked(true);
    QVERIFY(dialog.definition().config.replyFraming == NetCore::Framing::delimited("END\r\n"));

    fleet.config.framing = NetCore::Framing::length(4, 2, NetCore::Framing::ByteOrder::BigEndian);
    fleet.config.replyFraming.reset();
    fleet.config.messages = {QByteArray::fromHex("000100000000010300000001")};
    FleetDialog modbus(fleet, false, {}, {}, {}, nullptr);
    QVERIFY2(modbus.problem().isEmpty(), qPrintable(modbus.problem()));
    QVERIFY(modbus.definition().config.framing == fleet.config.framing);
    QVERIFY(!modbus.definition().config.replyFraming);
}

void tst_FleetDialog::matchHelloAndGoodbyeAreKeptAndChecked()
{
    NetCore::FleetDefinition fleet;
    fleet.name = QStringLiteral("mqtt");
    fleet.config.host = QStringLiteral("127.0.0.1");
    fleet.config.port = 1883;
    fleet.config.framing = NetCore::Framing::varint(1);
    fleet.config.match = NetCore::ReplyMatch::field(7, 2, 2);
    NetCore::ExchangeMessage connect;
    connect.hex = QStringLiteral("10 00 00 04 4d 51 54 54 04 02 00 3c 00 00");
    connect.expectHex = QStringLiteral("20 02 00 00");
    NetCore::ExchangeMessage login;
    login.templateName = QStringLiteral("login");
    NetCore::ExchangeMessage disconnect;
    disconnect.hex = QStringLiteral("e0 00");
    fleet.hello = {connect, login};
    fleet.goodbye = {disconnect};
    FleetDialog dialog(fleet, false, {}, {}, {QStringLiteral("login")}, nullptr);
    QVERIFY2(dialog.problem().isEmpty(), qPrintable(dialog.problem()));
    const NetCore::FleetDefinition back = dialog.definition();
    QVERIFY(back.config.match == NetCore::ReplyMatch::field(7, 2, 2));
    QCOMPARE(back.hello, fleet.hello);
    QCOMPARE(back.goodbye, fleet.goodbye);

    // A malformed field in a hello is named, and the form cannot be accepted.
    QTableWidget *hello = dialog.helloEdit()->table();
    hello->item(0, 1)->setText(QStringLiteral("10 {seq:u3}"));
    QVERIFY2(dialog.problem().contains(QStringLiteral("Hello: Message 1: field {seq:u3}")), qPrintable(dialog.problem()));
    hello->item(0, 1)->setText(connect.hex);
    QVERIFY(dialog.problem().isEmpty());
    // So is a template that does not exist, and fire-and-forget in a closed loop.
    hello->item(1, 1)->setText(QStringLiteral("logout"));
    QVERIFY2(dialog.problem().contains(QStringLiteral("no template is named logout")), qPrintable(dialog.problem()));
    hello->item(1, 1)->setText(QStringLiteral("login"));
    dialog.matchEdit()->kindBox()->setCurrentIndex(4);
    QVERIFY2(dialog.problem().contains(QStringLiteral("open loop")), qPrintable(dialog.problem()));
    dialog.matchEdit()->kindBox()->setCurrentIndex(0);
    QVERIFY(dialog.problem().isEmpty());
    QVERIFY(!dialog.definition().config.match);
}

void tst_FleetDialog::webSocketUpgradeIsKeptAndChecked()
{
    NetCore::FleetDefinition fleet;
    fleet.name = QStringLiteral("chat");
    fleet.config.host = QStringLiteral("127.0.0.1");
    fleet.config.port = 8765;
    fleet.config.framing = NetCore::Framing::WebSocket;
    fleet.config.webSocket.path = "/chat?room=1";
    fleet.config.webSocket.headers = {"Origin: http://127.0.0.1", "Sec-WebSocket-Protocol: chat"};
    fleet.config.webSocket.binary = true;
    FleetDialog dialog(fleet, false, {}, {}, {}, nullptr);
    QVERIFY2(dialog.problem().isEmpty(), qPrintable(dialog.problem()));
    QVERIFY(dialog.webSocketEdit()->isEnabled());
    QVERIFY(dialog.definition().config.webSocket == fleet.config.webSocket);
    // A path that is not one is named, and the form cannot be accepted.
    NetCore::WebSocketUpgrade bad = fleet.config.webSocket;
    bad.path = "chat";
    dialog.webSocketEdit()->setUpgrade(bad);
    QVERIFY2(dialog.problem().contains(QStringLiteral("must start with /")), qPrintable(dialog.problem()));
}

void tst_FleetDialog::tlsIsKeptAndChecked()
{
    // The session's folder holds the CA file; the form keeps the path relative, as the session does.
    QTemporaryDir sessionFolder;
    QVERIFY(sessionFolder.isValid());
    QFile ca(sessionFolder.filePath(QStringLiteral("ca.pem")));
    QVERIFY(ca.open(QIODevice::WriteOnly));
    ca.write("-----BEGIN CERTIFICATE-----\n");
    ca.close();
    NetCore::FleetDefinition fleet;
    fleet.name = QStringLiteral("https");
    fleet.config.host = QStringLiteral("127.0.0.1");
    fleet.config.port = 8443;
    fleet.config.tls.enabled = true;
    fleet.config.tls.caFile = QStringLiteral("ca.pem");
    fleet.config.tls.serverName = QStringLiteral("api.example.org");
    fleet.config.tls.alpn = "h2,http/1.1";
    fleet.config.tls.minVersion = QStringLiteral("1.3");
    fleet.config.tls.resume = true;
    FleetDialog dialog(fleet, false, {}, {}, {}, nullptr, sessionFolder.path());
    QVERIFY2(dialog.problem().isEmpty(), qPrintable(dialog.problem()));
    QVERIFY(dialog.tlsEdit()->isChecked());
    QVERIFY(dialog.definition().config.tls == fleet.config.tls);

    // A file that is not there is named, and the form cannot be accepted.
    auto *caPath = dialog.tlsEdit()->findChildren<QLineEdit *>().first();
    caPath->setText(QStringLiteral("missing-ca.pem"));
    QVERIFY2(dialog.problem().contains(QStringLiteral("missing-ca.pem does not exist")), qPrintable(dialog.problem()));
    auto *ok = dialog.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
    QVERIFY(!ok->isEnabled());
    // Verifying nothing needs no CA, and says it drops the one typed.
    dialog.tlsEdit()->findChild<QCheckBox *>()->setChecked(true);
    QVERIFY2(dialog.problem().isEmpty(), qPrintable(dialog.problem()));
    QVERIFY(ok->isEnabled());
    QVERIFY(dialog.definition().config.tls.insecure);
    QVERIFY(dialog.definition().config.tls.caFile.isEmpty());
    // TLS off: nothing of it goes into the fleet.
    dialog.tlsEdit()->setChecked(false);
    QVERIFY(!dialog.definition().config.tls.enabled);
}

void tst_FleetDialog::aReplayIsKeptCheckedAndSavedWithoutTheLoad()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    auto write = [&](const QString &name, const QByteArray &text) {
        QFile file(dir.filePath(name));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(text);
    };
    const QByteArray header = R"({"format":"wirebench-capture","version":1,"listen":"127.0.0.1:17000","upstream":"127.0.0.1:7000","framing":"line"})" "\n";
    write(QStringLiteral("good.jsonl"), header + R"({"c":1,"e":"open","peer":"127.0.0.1:5000","t":1})" "\n"
                                            R"({"c":1,"e":"up","t":2,"b":"UElORwo="})" "\n" R"({"c":1,"e":"down","t":3,"b":"UElORwo="})" "\n");
    write(QStringLiteral("broken.jsonl"), header + R"({"c":1,"e":"up","t":2,"b":"not base64!"})" "\n");
    write(QStringLiteral("silent.jsonl"), header + R"({"c":1,"e":"down","t":3,"b":"UElORwo="})" "\n");

    // A load with everything a replay refuses beside it: a framing, a template, TLS, a rate.
    NetCore::FleetDefinition fleet;
    fleet.name = QStringLiteral("again");
    fleet.server = QStringLiteral("orders");
    fleet.config.connections = 40;
    fleet.config.framing = NetCore::Framing::Line;
    fleet.config.schedule = NetCore::FleetConfig::Schedule::OpenLoop;
    fleet.config.rate = 500;
    fleet.config.messageLimit = 99;
    fleet.config.tls.enabled = true;
    fleet.processes = 2;
    FleetDialog dialog(fleet, false, {}, {QStringLiteral("orders")}, {}, nullptr, dir.path());
    ReplayEdit *replay = dialog.replayEdit();
    QVERIFY(!replay->isChecked());
    QVERIFY(dialog.tabs()->isTabEnabled(1));
    QVERIFY(dialog.definition().replay.isEmpty());
    auto *ok = dialog.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);

    // On, with nothing picked: said, and OK is off; the load's fields and pages are off.
    replay->setChecked(true);
    QCOMPARE(dialog.problem(), QStringLiteral("Pick the capture to replay."));
    QVERIFY(!ok->isEnabled());
    QVERIFY(!dialog.tabs()->isTabEnabled(1));
    QVERIFY(!dialog.tabs()->isTabEnabled(2));
    QVERIFY(!dialog.sourceEdit()->isEnabled());

    auto *path = replay->findChild<FilePathEdit *>();
    path->setPath(QStringLiteral("missing.jsonl"));
    QCOMPARE(dialog.problem(), QStringLiteral("The capture missing.jsonl does not exist."));
    path->setPath(QStringLiteral("broken.jsonl"));
    QVERIFY2(dialog.problem().startsWith(QStringLiteral("The capture broken.jsonl: line 2")), qPrintable(dialog.problem()));
    path->setPath(QStringLiteral("silent.jsonl"));
    QCOMPARE(dialog.problem(), QStringLiteral("The capture silent.jsonl has no connection whose client sent anything."));
    path->setPath(QStringLiteral("good.jsonl"));
    QVERIFY2(dialog.problem().isEmpty(), qPrintable(dialog.problem()));
    QVERIFY(ok->isEnabled());
    QCOMPARE(replay->summary(), QStringLiteral("1 recorded conversation, 1 line frames from clients; 127.0.0.1:17000 → 127.0.0.1:7000"));

    // Saved with only what a replay uses, so the session reads it back.
    const NetCore::FleetDefinition replaying = dialog.definition();
    QCOMPARE(replaying.replay, QStringLiteral("good.jsonl"));
    QCOMPARE(replaying.config.connections, 40);
    QCOMPARE(replaying.server, QStringLiteral("orders"));
    NetCore::Session session;
    NetCore::ServerDefinition orders;
    orders.name = QStringLiteral("orders");
    session.servers = {orders};
    session.fleets = {replaying};
    QStringList errors;
    const auto reread = NetCore::SessionFile::parse(NetCore::SessionFile::serialize(session), QStringLiteral("s.json"), &errors);
    QVERIFY2(reread, qPrintable(errors.join('\n')));
    QCOMPARE(reread->fleets.first().replay, QStringLiteral("good.jsonl"));

    // Opened again, it is a replay; turned off, the load it was comes back.
    FleetDialog again(replaying, false, {}, {QStringLiteral("orders")}, {}, nullptr, dir.path());
    QVERIFY(again.replayEdit()->isChecked());
    QVERIFY(again.problem().isEmpty());
    dialog.replayEdit()->setChecked(false);
    const NetCore::FleetDefinition load = dialog.definition();
    QVERIFY(load.replay.isEmpty());
    QCOMPARE(load.config.rate, 500.0);
    QCOMPARE(load.processes, 2);
}

QTEST_MAIN(tst_FleetDialog)
#include "tst_fleetdialog.moc"
