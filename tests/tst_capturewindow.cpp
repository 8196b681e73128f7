// SPDX-License-Identifier: GPL-3.0-or-later
// The window and captures: a capture opened into the traffic log, a broken one refused
// with its line, and the replay dialog playing it to a server from many connections,
// saying where the replies differ; and a session's fleet that replays one, its progress
// and what it found in the Fleets panel.
#include "capturereplaydialog.h"
#include "connectionspanel.h"
#include "connectiontablemodel.h"
#include "fleetspanel.h"
#include "mainwindow.h"
#include "trafficmodel.h"
#include "trafficpanel.h"

#include "capture/capturefile.h"
#include "io/iothreadpool.h"
#include "server/testserver.h"

#include <QFile>
#include <QLineEdit>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace Gui;
using namespace NetCore;

namespace {

/** A capture of two line-protocol conversations, written to `path`. */
bool writeCapture(const QString &path)
{
    Capture header;
    header.framing.emplace(Framing::Line);
    header.upstream = QStringLiteral("127.0.0.1:9");
    QByteArray text = CaptureFile::headerLine(header);
    for (quint64 connection : {1, 2}) {
        text += CaptureFile::eventLine({CaptureEvent::Kind::Open, connection, 0, {}, QStringLiteral("127.0.0.1:4000")});
        for (int i = 0; i < 3; ++i) {
            const QByteArray line = "hello " + QByteArray::number(connection) + " " + QByteArray::number(i) + "\n";
            text += CaptureFile::eventLine({CaptureEvent::Kind::Up, connection, 10 + i * 10, line, {}});
            text += CaptureFile::eventLine({CaptureEvent::Kind::Down, connection, 15 + i * 10, line, {}});
        }
        text += CaptureFile::eventLine({CaptureEvent::Kind::Close, connection, 100, {}, {}});
    }
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(text) == text.size();
}

/** A line server answering `behaviour`; its port, or 0. */
quint16 startServer(TestServer &server, const QString &behaviour)
{
    ServerConfig config;
    config.framing = Framing::Line;
    config.behaviour = *BehaviourSpec::parse(behaviour);
    QSignalSpy started(&server, &TestServer::started);
    server.start(config);
    return started.wait(5000) ? server.port() : 0;
}

} // namespace

class tst_CaptureWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void aCaptureOpensIntoTheTrafficLog();
    void aBrokenCaptureIsRefusedWithItsLine();
    void theReplayDialogSaysWhereRepliesDiffer();
    void markedFieldsAreFilledPerConnection();
    void aReplayFleetSaysWhatItFoundInTheFleetsPanel();
};

void tst_CaptureWindow::aCaptureOpensIntoTheTrafficLog()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("lines.jsonl"));
    QVERIFY(writeCapture(path));
    MainWindow window;
    QVERIFY(!window.replayCapture()); // nothing to replay yet
    QString why;
    QVERIFY2(window.openCapture(path, &why), qPrintable(why));
    TrafficModel *traffic = window.trafficPanel()->model();
    QCOMPARE(traffic->rowCount(), 12);
    QCOMPARE(traffic->row(0).fleet, QStringLiteral("capture lines.jsonl"));
    QCOMPARE(traffic->row(0).entry.payload, QByteArray("hello 1 0\n"));
    QVERIFY(traffic->row(0).entry.outgoing);
    QVERIFY(!traffic->row(2).entry.outgoing); // time order across the two connections
    QCOMPARE(traffic->row(2).entry.roundTripNs, 5); // the reply, 5 ns after its request
}

void tst_CaptureWindow::aBrokenCaptureIsRefusedWithItsLine()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("broken.jsonl"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(CaptureFile::headerLine(Capture{}) + "{\"c\": 1, \"t\": 1, \"e\": \"up\", \"b\": \"***\"}\n");
    file.close();
    MainWindow window;
    QString why;
    QVERIFY(!window.openCapture(path, &why));
    QVERIFY2(why.contains(QLatin1String("line 2: \"b\" is not base64")), qPrintable(why));
    QCOMPARE(window.trafficPanel()->model()->rowCount(), 0);
}

void tst_CaptureWindow::theReplayDialogSaysWhereRepliesDiffer()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("lines.jsonl"));
    QVERIFY(writeCapture(path));
    MainWindow window;
    QVERIFY(window.openCapture(path));
    IoThreadPool pool(1);
    TestServer echo(pool);
    const quint16 echoPort = startServer(echo, QStringLiteral("echo"));
    QVERIFY(echoPort != 0);
    CaptureReplayDialog *dialog = window.replayCapture();
    QVERIFY(dialog);
    dialog->targetEdit()->setText(QStringLiteral("127.0.0.1:%1").arg(echoPort));
    dialog->connectionsEdit()->setValue(10);
    QSignalSpy finished(dialog, &CaptureReplayDialog::replayFinished);
    dialog->replay();
    QVERIFY(finished.wait(10'000));
    QVERIFY2(dialog->resultText().startsWith(QLatin1String("30 requests sent, 30 replies compared, 0 differences")),
             qPrintable(dialog->resultText()));
    // A server that answers something else: each reply named.
    TestServer other(pool);
    const quint16 otherPort = startServer(other, QStringLiteral("fixed:bye"));
    dialog->targetEdit()->setText(QStringLiteral("127.0.0.1:%1").arg(otherPort));
    dialog->replay();
    QVERIFY(finished.wait(10'000));
    QVERIFY2(dialog->resultText().contains(QLatin1String("30 differences")), qPrintable(dialog->resultText()));
    QVERIFY2(dialog->resultText().contains(QLatin1String("first difference at byte 0: expected 0x68 'h', got 0x62 'b'")),
             qPrintable(dialog->resultText()));
}

void tst_CaptureWindow::markedFieldsAreFilledPerConnection()
{
    // Each connection sends its own numbers; the echo's replies are expected filled the same.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("marked.jsonl"));
    Capture header;
    header.framing.emplace(Framing::Line);
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(CaptureFile::headerLine(header));
    file.write(R"({"c": 1, "t": 1, "e": "up", "template": "user {conn:dec} message {seq:dec}\n"})" "\n");
    file.write(R"({"c": 1, "t": 2, "e": "down", "template": "user {conn:dec} message {seq:dec}\n"})" "\n");
    file.write(R"({"c": 1, "t": 3, "e": "up", "template": "user {conn:dec} message {seq:dec}\n"})" "\n");
    file.write(R"({"c": 1, "t": 4, "e": "down", "b": "dXNlciAxIG1lc3NhZ2UgMgo="})" "\n"); // "user 1 message 2\n", as recorded
    file.close();
    MainWindow window;
    QVERIFY(window.openCapture(path));
    IoThreadPool pool(1);
    TestServer echo(pool);
    const quint16 port = startServer(echo, QStringLiteral("echo"));
    CaptureReplayDialog *dialog = window.replayCapture();
    dialog->targetEdit()->setText(QStringLiteral("127.0.0.1:%1").arg(port));
    dialog->connectionsEdit()->setValue(5);
    QSignalSpy finished(dialog, &CaptureReplayDialog::replayFinished);
    dialog->replay();
    QVERIFY(finished.wait(10'000));
    // The templated reply matched on every connection; the recorded one only on connection 1.
    QVERIFY2(dialog->resultText().startsWith(QLatin1String("10 requests sent, 10 replies compared, 4 differences")),
             qPrintable(dialog->resultText()));
    QVERIFY2(dialog->resultText().contains(QLatin1String("connection 2 (recorded connection 1), message 2")),
             qPrintable(dialog->resultText()));
}

void tst_CaptureWindow::aReplayFleetSaysWhatItFoundInTheFleetsPanel()
{
    // The example: 50 connections replay a marked capture against a line echo server.
    MainWindow window;
    QVERIFY(window.openSession(QStringLiteral(WIREBENCH_SESSIONS_DIR "/replay-orders.json"), true));
    auto *panel = window.findChild<FleetsPanel *>();
    QTableWidget *table = panel->table();
    QCOMPARE(table->item(0, FleetsPanel::Message)->text(), QStringLiteral("replay captures/orders-line.jsonl"));
    QCOMPARE(table->item(0, FleetsPanel::Schedule)->text(), QStringLiteral("step by step"));
    window.runScenario();
    QTRY_VERIFY_WITH_TIMEOUT(table->item(0, FleetsPanel::State)->text().startsWith(QLatin1String("replayed: 150 replies compared")), 20000);
    QVERIFY2(table->item(0, FleetsPanel::State)->text().endsWith(QLatin1String(", no differences")),
             qPrintable(table->item(0, FleetsPanel::State)->text()));
    QCOMPARE(table->item(0, FleetsPanel::Errors)->text(), QStringLiteral("0"));
    // The run's record has it as a fleet, and what it found as a replay.
    QTRY_VERIFY_WITH_TIMEOUT(!window.isRunning(), 20000);
    const PhaseRecord all = window.lastRecord().aggregate(QStringLiteral("replay"));
    QCOMPARE(all.counters.received, quint64(150));
    QCOMPARE(all.counters.replyDifferences, quint64(0));
    QCOMPARE(window.lastRecord().replays().at(QStringLiteral("replay")).replies, quint64(150));
    // Its 50 connections stay in the Connections table as they ended: what each played.
    window.connectionsPanel()->refresh();
    ConnectionTableModel *connections = window.connectionsPanel()->model();
    QCOMPARE(connections->rowCount(), 50);
    for (int row = 0; row < connections->rowCount(); ++row) {
        QCOMPARE(connections->connectionAt(row).first, QStringLiteral("replay"));
        const QString detail = connections->data(connections->index(row, ConnectionTableModel::Detail)).toString();
        QVERIFY2(detail.endsWith(QLatin1String(": 3 of 3 steps done")), qPrintable(detail));
    }
}

QTEST_MAIN(tst_CaptureWindow)
#include "tst_capturewindow.moc"
