// SPDX-License-Identifier: GPL-3.0-or-later
// How replies pair with requests: the names, the keys, and a fleet against a server
// that answers out of order (Modbus/TCP-like, replies reversed).
#include "fleet/clientfleet.h"
#include "fleet/replymatch.h"
#include "io/iothreadpool.h"
#include "text/templatetext.h"

#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

#include <algorithm>
#include <memory>

using namespace NetCore;

namespace {

constexpr qsizetype RequestSize = 12; // MBAP header (7) + read holding registers (5)

/**
 * Answers Modbus/TCP "read holding registers" requests, each batch that arrived
 * together in reverse order: the reply carries the request's transaction id.
 */
class ReversingModbusServer : public QObject
{
public:
    ReversingModbusServer()
    {
        QObject::connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = m_server.nextPendingConnection()) {
                auto buffer = std::make_shared<QByteArray>();
                QObject::connect(socket, &QTcpSocket::readyRead, socket, [socket, buffer] {
                    *buffer += socket->readAll();
                    QList<QByteArray> ids;
                    while (buffer->size() >= RequestSize) {
                        ids.append(buffer->first(2));
                        buffer->remove(0, RequestSize);
                    }
                    std::reverse(ids.begin(), ids.end());
                    QByteArray replies;
                    for (const QByteArray &id : std::as_const(ids))
                        replies += id + QByteArray::fromHex("000000050103020" "02a");
                    socket->write(replies);
                });
            }
        });
    }
    quint16 listen() { return m_server.listen(QHostAddress::LocalHost, 0) ? m_server.serverPort() : 0; }

private:
    QTcpServer m_server;
};

/** A fleet of Modbus/TCP-like requests to `port`, each written as `hex` (fields allowed). */
FleetConfig modbusFleet(quint16 port, const QString &hex)
{
    FleetConfig config;
    config.port = port;
    config.framing = Framing::length(4, 2, Framing::ByteOrder::BigEndian);
    config.messages = {*TemplateText::parseHex(hex)};
    return config;
}

} // namespace

class tst_ReplyMatch : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void namesReadBack_data();
    void namesReadBack();
    void badNamesSayWhy_data();
    void badNamesSayWhy();
    void keysAreReadAsOnTheWire();
    void outOfOrderRepliesPairByTheirId_data();
    void outOfOrderRepliesPairByTheirId();
    void aKeyInFlightIsNotReused();
    void fireAndForgetCountsReplies();
};

void tst_ReplyMatch::namesReadBack_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<int>("kind");
    for (const char *name : {"in-order", "wb1", "none", "field:0:2", "field:7:2:2", "field:4:8:0"})
        QTest::newRow(name) << QString::fromLatin1(name) << int(parseReplyMatch(QString::fromLatin1(name))->kind());
}

void tst_ReplyMatch::namesReadBack()
{
    QFETCH(QString, name);
    const auto match = parseReplyMatch(name);
    QVERIFY(match);
    QCOMPARE(replyMatchName(*match), name);
    QCOMPARE(*parseReplyMatch(QStringLiteral("field:3:2:3")), ReplyMatch::field(3, 2, 3));
    QCOMPARE(replyMatchName(ReplyMatch::field(3, 2, 3)), QStringLiteral("field:3:2")); // the same offset twice is said once
}

void tst_ReplyMatch::badNamesSayWhy_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("message");
    QTest::newRow("unknown") << QStringLiteral("by-id") << QStringLiteral("unknown match 'by-id'");
    QTest::newRow("no size") << QStringLiteral("field:0") << QStringLiteral("expected field:REQ_OFFSET:SIZE");
    QTest::newRow("too many parts") << QStringLiteral("field:0:2:2:2") << QStringLiteral("expected field:REQ_OFFSET:SIZE");
    QTest::newRow("size 0") << QStringLiteral("field:0:0") << QStringLiteral("SIZE must be 1 to 8 bytes; found '0'");
    QTest::newRow("size 9") << QStringLiteral("field:0:9") << QStringLiteral("SIZE must be 1 to 8 bytes; found '9'");
    QTest::newRow("negative offset") << QStringLiteral("field:-1:2") << QStringLiteral("REQ_OFFSET must be 0 to 65535");
    QTest::newRow("bad reply offset") << QStringLiteral("field:0:2:x") << QStringLiteral("REPLY_OFFSET must be 0 to 65535");
}

void tst_ReplyMatch::badNamesSayWhy()
{
    QFETCH(QString, name);
    QFETCH(QString, message);
    QString error;
    QVERIFY(!parseReplyMatch(name, &error));
    QVERIFY2(error.contains(message), qPrintable(error));
}

void tst_ReplyMatch::keysAreReadAsOnTheWire()
{
    const ReplyMatch match = ReplyMatch::field(2, 2, 4);
    const QByteArray frame = QByteArray::fromHex("0a0b0c0d0e0f");
    QCOMPARE(*match.keyAt(frame, 0, match.requestOffset()), quint64(0x0c0d));
    QCOMPARE(*match.keyAt(frame, 0, match.replyOffset()), quint64(0x0e0f));
    QVERIFY(!match.keyAt(frame, 0, 5)); // runs past the end
    // A 4-byte length prefix precedes the payload on the wire: offset 4 is its first byte.
    QCOMPARE(*match.keyAt(frame, 4, 4), quint64(0x0a0b));
    QVERIFY(!match.keyAt(frame, 4, 2)); // inside the prefix: nothing to read there
    QCOMPARE(ReplyMatch::payloadStart(Framing::Len4Be), 4);
    QCOMPARE(ReplyMatch::payloadStart(Framing::length(4, 2, Framing::ByteOrder::BigEndian)), 0);
    QCOMPARE(ReplyMatch::defaultFor(Framing::Wb1).kind(), ReplyMatch::Wb1);
    QCOMPARE(ReplyMatch::defaultFor(Framing::Line).kind(), ReplyMatch::InOrder);
    QVERIFY(!replyMatchProblem(ReplyMatch::Wb1, Framing::Line, Framing::Line).isEmpty());
}

void tst_ReplyMatch::outOfOrderRepliesPairByTheirId_data()
{
    QTest::addColumn<QString>("match");
    QTest::addColumn<bool>("pairsRight");
    QTest::newRow("field") << QStringLiteral("field:0:2") << true;
    QTest::newRow("in-order") << QStringLiteral("in-order") << false;
}

void tst_ReplyMatch::outOfOrderRepliesPairByTheirId()
{
    QFETCH(QString, match);
    QFETCH(bool, pairsRight);
    ReversingModbusServer server;
    const quint16 port = server.listen();
    QVERIFY(port != 0);

    IoThreadPool threads(1);
    ClientFleet fleet(threads);
    FleetConfig config = modbusFleet(port, QStringLiteral("{seq:u16be} 00 00 00 06 01 03 00 00 00 01"));
    config.window = 4;
    config.match = parseReplyMatch(match);
    fleet.setSnapshotInterval(20);
    QList<TrafficEntry> log;
    connect(&fleet, &ClientFleet::trafficCaptured, this, [&](const QList<TrafficEntry> &entries, quint64) { log += entries; });
    QSignalSpy settled(&fleet, &ClientFleet::connectionsSettled);
    fleet.start(config);
    QVERIFY(settled.wait(5000));
    fleet.setTraced({}, true);
    auto replies = [&] { return std::count_if(log.begin(), log.end(), [](const TrafficEntry &e) { return !e.outgoing; }); };
    QTRY_VERIFY_WITH_TIMEOUT(replies() >= 200, 10000);
    QSignalSpy finished(&fleet, &ClientFleet::finished);
    fleet.stop(1000);
    QVERIFY(finished.wait(5000));

    // One connection: its n-th message carries transaction id n, so a reply paired
    // right answers the request whose number is the id it carries.
    int right = 0, wrong = 0;
    for (const TrafficEntry &entry : std::as_const(log)) {
        if (entry.outgoing)
            continue;
        QVERIFY(entry.answers != 0);
        const quint32 id = quint8(entry.payload[0]) << 8 | quint8(entry.payload[1]);
        (id == entry.answers ? right : wrong) += 1;
    }
    if (pairsRight) {
        QCOMPARE(wrong, 0);
        QCOMPARE(fleet.lastSnapshot().total.unmatched, quint64(0));
    } else {
        QVERIFY2(wrong > right / 2, qPrintable(QStringLiteral("%1 right, %2 wrong").arg(right).arg(wrong)));
    }
    QCOMPARE(fleet.lastSnapshot().total.errorTotal(), quint64(0));
}

void tst_ReplyMatch::aKeyInFlightIsNotReused()
{
    // A one-byte id has 255 values; a window of 300 would reuse one still in flight,
    // so the rest wait for replies, and every reply still finds its own request.
    ReversingModbusServer server;
    const quint16 port = server.listen();
    QVERIFY(port != 0);
    IoThreadPool threads(1);
    ClientFleet fleet(threads);
    FleetConfig config = modbusFleet(port, QStringLiteral("00 {seq:u8} 00 00 00 06 01 03 00 00 00 01"));
    config.window = 300;
    config.messageLimit = 3000;
    config.match = ReplyMatch::field(0, 2, 0);
    QSignalSpy spent(&fleet, &ClientFleet::budgetSpent);
    QSignalSpy finished(&fleet, &ClientFleet::finished);
    fleet.start(config);
    QVERIFY(spent.wait(10000));
    fleet.stop(5000);
    QVERIFY(finished.wait(10000));
    const FleetCounters &total = fleet.lastSnapshot().total;
    QCOMPARE(total.sent, quint64(3000));
    QCOMPARE(total.received, quint64(3000));
    QCOMPARE(total.unmatched, quint64(0));
    QCOMPARE(total.errorTotal(), quint64(0));
}

void tst_ReplyMatch::fireAndForgetCountsReplies()
{
    ReversingModbusServer server;
    const quint16 port = server.listen();
    QVERIFY(port != 0);
    IoThreadPool threads(1);
    ClientFleet fleet(threads);
    FleetConfig config = modbusFleet(port, QStringLiteral("{seq:u16be} 00 00 00 06 01 03 00 00 00 01"));
    config.match = ReplyMatch::None;
    QSignalSpy failed(&fleet, &ClientFleet::failed);
    fleet.start(config); // closed loop: a window would never free
    QVERIFY(failed.count() == 1 || failed.wait(2000));
    QVERIFY(failed.first().first().toString().contains(QStringLiteral("use an open-loop rate")));

    ClientFleet openLoop(threads);
    config.schedule = FleetConfig::Schedule::OpenLoop;
    config.rate = 5000;
    config.messageLimit = 500;
    QSignalSpy spent(&openLoop, &ClientFleet::budgetSpent);
    QSignalSpy finished(&openLoop, &ClientFleet::finished);
    openLoop.setSnapshotInterval(20);
    openLoop.start(config);
    QVERIFY(spent.wait(10000));
    // Nothing is in flight to drain: the replies are counted as they come, before the stop.
    QTRY_COMPARE_WITH_TIMEOUT(openLoop.lastSnapshot().total.received, quint64(500), 5000);
    openLoop.stop(2000);
    QVERIFY(finished.wait(10000));
    const FleetSnapshot last = openLoop.lastSnapshot();
    QCOMPARE(last.total.sent, quint64(500));
    QCOMPARE(last.total.received, quint64(500)); // counted...
    QCOMPARE(last.totalLatency.count, quint64(0)); // ...not timed
    QCOMPARE(last.total.lost, quint64(0));
}

QTEST_GUILESS_MAIN(tst_ReplyMatch)
#include "tst_replymatch.moc"
