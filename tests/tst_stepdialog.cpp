// SPDX-License-Identifier: GPL-3.0-or-later
#include "stepdialog.h"

#include "session/sessionfile.h"

#include <QLineEdit>
#include <QTest>

using namespace Gui;
using Kind = NetCore::ScenarioStep::Kind;

namespace {
NetCore::Session demoSession()
{
    const QByteArray json = R"({"format": "wirebench-session", "version": 1,
        "servers": [{"name": "echo"}], "templates": [{"name": "hi", "text": "hi"}],
        "fleets": [{"name": "clients", "target": "echo"}]})";
    return *NetCore::SessionFile::parse(json, QStringLiteral("t"), nullptr);
}
} // namespace

class tst_StepDialog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void everyKindRoundTrips_data();
    void everyKindRoundTrips();
    void badValuesAreRefused();
};

void tst_StepDialog::everyKindRoundTrips_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::newRow("start-server") << QByteArray(R"({"step": "start-server", "server": "echo"})");
    QTest::newRow("set-behaviour") << QByteArray(R"({"step": "set-behaviour", "server": "echo", "behaviour": "delay:2"})");
    QTest::newRow("set-faults") << QByteArray(R"({"step": "set-faults", "server": "echo", "faults": ["drop:0.5"]})");
    QTest::newRow("connect") << QByteArray(R"({"step": "connect", "fleet": "clients"})");
    QTest::newRow("set-rate") << QByteArray(R"({"step": "set-rate", "fleet": "clients", "rate": 250})");
    QTest::newRow("set-window") << QByteArray(R"({"step": "set-window", "fleet": "clients", "window": 8})");
    QTest::newRow("send") << QByteArray(R"({"step": "send", "fleet": "clients", "count": 12, "template": "hi"})");
    QTest::newRow("hold") << QByteArray(R"({"step": "hold", "seconds": 2.5})");
    QTest::newRow("wait received") << QByteArray(R"({"step": "wait", "until": "received", "fleet": "clients", "count": 40, "timeout_s": 9})");
    QTest::newRow("wait connected") << QByteArray(R"({"step": "wait", "until": "connected", "fleet": "clients"})");
    QTest::newRow("wait finished") << QByteArray(R"({"step": "wait", "until": "finished", "fleet": "clients", "timeout_s": 120})");
    QTest::newRow("phase") << QByteArray(R"({"step": "phase", "name": "warm-up", "report": false})");
    QTest::newRow("check") << QByteArray(R"({"step": "check", "fleet": "clients", "phase": "steady", "metric": "p99_us", "op": "<=", "value": 800})");
    QTest::newRow("report") << QByteArray(R"({"step": "report", "csv": "a.csv", "json": "a.json"})");
}

void tst_StepDialog::everyKindRoundTrips()
{
    QFETCH(QByteArray, json);
    // A step as a session file holds it, through the form unchanged, and back.
    const QByteArray file = R"({"format": "wirebench-session", "version": 1, "servers": [{"name": "echo"}],
        "templates": [{"name": "hi", "text": "hi"}], "fleets": [{"name": "clients", "target": "echo"}],
        "scenario": [{"step": "phase", "name": "steady"}, )" + json + "]}";
    QStringList errors;
    const auto session = NetCore::SessionFile::parse(file, QStringLiteral("t"), &errors);
    QVERIFY2(session, qPrintable(errors.join('\n')));
    const NetCore::ScenarioStep original = session->scenario[1];
    StepDialog dialog(original, *session, {QStringLiteral("steady")}, nullptr);
    QVERIFY2(dialog.problem().isEmpty(), qPrintable(dialog.problem()));
    NetCore::Session copy = *session;
    copy.scenario[1] = dialog.step();
    QCOMPARE(NetCore::SessionFile::serialize(copy), NetCore::SessionFile::serialize(*session));
}

void tst_StepDialog::badValuesAreRefused()
{
    NetCore::ScenarioStep step;
    step.kind = Kind::SetBehaviour;
    step.server = QStringLiteral("echo");
    step.behaviour = QStringLiteral("echo");
    StepDialog dialog(step, demoSession(), {}, nullptr);
    QVERIFY(dialog.problem().isEmpty());
    dialog.behaviourEdit()->setText(QStringLiteral("teapot"));
    QVERIFY2(dialog.problem().startsWith(QStringLiteral("behaviour 'teapot': unknown")), qPrintable(dialog.problem()));
    dialog.setKind(Kind::Phase);
    QCOMPARE(dialog.problem(), QStringLiteral("A phase needs a name."));
    dialog.setKind(Kind::Report);
    QCOMPARE(dialog.problem(), QStringLiteral("Name at least one file to write."));
    StepDialog empty(NetCore::ScenarioStep{}, NetCore::Session{}, {}, nullptr);
    empty.setKind(Kind::Connect);
    QCOMPARE(empty.problem(), QStringLiteral("This session has no fleet yet: add one first."));
}

QTEST_MAIN(tst_StepDialog)
#include "tst_stepdialog.moc"
