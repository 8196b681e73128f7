// SPDX-License-Identifier: GPL-3.0-or-later
// A fleet's opening exchange (hello) and closing one (goodbye), against a small
// line server of the test's own that can greet first, stay silent, or log what came.
#include "fleet/clientfleet.h"
#include "io/iothreadpool.h"

#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

using namespace NetCore;

namespace {

/** Echoes lines; optionally greets each connection first, or answers nothing at all. */
class LineServer : public QObject
{
public:
    QByteArray greeting;  // sent on connect, before anything is read
    bool silent = false;  // never answers
    QByteArray received;  // everything any connection sent
    int connections = 0;

    quint16 listen()
    {
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = m_server.nextPendingConnection()) {
                ++connections;
                if (!greeting.isEmpty())
                    socket->write(greeting);
                connect(socket, &QTcpSocket::readyRead, socket, [this, socket] {
                    const QByteArray bytes = socket->readAll();
                    received += bytes;
                    if (!silent)
                        socket->write(bytes);
                });
            }
        });
        return m_server.listen(QHostAddress::LocalHost, 0) ? m_server.serverPort() : 0;
    }

private:
    QTcpServer m_server;
};

FleetConfig lineFleet(quint16 port)
{
    FleetConfig config;
    config.port = port;
    config.framing = Framing::Line;
    config.messages = {QByteArray("PING")};
    config.messageLimit = 100;
    return config;
}

} // namespace

class tst_OpeningExchange : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void theServerMaySpeakFirst();
    void aSilentServerFailsTheHelloInTime();
    void helloAndGoodbyeGoOutInOrder();
};

void tst_OpeningExchange::theServerMaySpeakFirst()
{
    LineServer server;
    server.greeting = "220 ready\n";
    const quint16 port = server.listen();
    QVERIFY(port);
    IoThreadPool threads(1);
    ClientFleet fleet(threads);
    FleetConfig config = lineFleet(port);
    config.connections = 3;
    config.hello = {HelloMessage{QByteArray(), QByteArray("220 ")}}; // send nothing, await the greeting
    QSignalSpy settled(&fleet, &ClientFleet::connectionsSettled);
    QSignalSpy spent(&fleet, &ClientFleet::budgetSpent);
    QSignalSpy finished(&fleet, &ClientFleet::finished);
    fleet.setSnapshotInterval(20);
    fleet.start(config);
    QVERIFY(settled.wait(5000));
    QCOMPARE(settled.first().at(0).toInt(), 3); // opened
    QVERIFY(spent.count() == 1 || spent.wait(5000));
    fleet.stop(2000);
    QVERIFY(finished.wait(5000));
    const FleetSnapshot last = fleet.lastSnapshot();
    QCOMPARE(last.total.received, quint64(100));
    QCOMPARE(last.total.errorTotal(), quint64(0));
    QCOMPARE(last.helloLatency.count, quint64(3)); // one greeting per connection
    QVERIFY(!server.received.contains("220")); // nothing of the greeting was sent back
}

void tst_OpeningExchange::aSilentServerFailsTheHelloInTime()
{
    LineServer server;
    server.silent = true;
    const quint16 port = server.listen();
    QVERIFY(port);
    IoThreadPool threads(1);
    ClientFleet fleet(threads);
    FleetConfig config = lineFleet(port);
    config.replyTimeoutMs = 300;
    config.hello = {HelloMessage{QByteArray("LOGIN bob"), std::nullopt}};
    QSignalSpy settled(&fleet, &ClientFleet::connectionsSettled);
    fleet.start(config);
    QVERIFY(settled.wait(5000));
    QCOMPARE(settled.first().at(0).toInt(), 0); // none opened
    QCOMPARE(fleet.firstError(), QStringLiteral("connection 0 to 127.0.0.1:%1: no reply to hello 1 within 300 ms").arg(port));
    QCOMPARE(server.received, QByteArray("LOGIN bob\n")); // and no load went out before the hello's reply
    QSignalSpy finished(&fleet, &ClientFleet::finished);
    fleet.stop(500);
    QVERIFY(finished.count() == 1 || finished.wait(5000));
    QCOMPARE(fleet.lastSnapshot().total.connectFailures, quint64(1));
}

void tst_OpeningExchange::helloAndGoodbyeGoOutInOrder()
{
    LineServer server;
    const quint16 port = server.listen();
    QVERIFY(port);
    IoThreadPool threads(1);
    ClientFleet fleet(threads);
    FleetConfig config = lineFleet(port);
    config.messageLimit = 2;
    // Fields fill hellos too: the connection's id, and its message count from 1.
    config.hello = {HelloMessage{QByteArray("USER c{conn:dec}"), QByteArray("USER")},
                    HelloMessage{QByteArray("PASS {seq:dec}"), std::nullopt}};
    config.goodbye = {QByteArray("QUIT")};
    QSignalSpy spent(&fleet, &ClientFleet::budgetSpent);
    QSignalSpy finished(&fleet, &ClientFleet::finished);
    fleet.start(config);
    QVERIFY(spent.wait(5000));
    fleet.stop(2000);
    QVERIFY(finished.wait(5000));
    QTRY_COMPARE_WITH_TIMEOUT(server.received, QByteArray("USER c0\nPASS 2\nPING\nPING\nQUIT\n"), 5000);
}

QTEST_GUILESS_MAIN(tst_OpeningExchange)
#include "tst_openingexchange.moc"
