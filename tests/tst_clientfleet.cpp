// SPDX-License-Identifier: GPL-3.0-or-later
#include "stallingechoserver.h"

#include "fleet/clientfleet.h"
#include "io/iothreadpool.h"
#include "fleet/sourceaddresses.h"
#include "server/testserver.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

#include <algorithm>
#include <vector>

using namespace NetCore;

namespace {

constexpr qint64 Ms = 1'000'000;

// The open-loop tests check a schedule, not the machine's capacity: under
// AddressSanitizer every send and receive costs several times more, and at the full
// rates the fleet and its in-process server fell behind on two vCPUs (19,300/s of 20,000).
#if defined(__SANITIZE_ADDRESS__)
constexpr double RateScale = 0.5;
#else
constexpr double RateScale = 1.0;
#endif

/** A fleet and an echo TestServer, each on its own pool of I/O threads. */
class Bench
{
public:
    quint16 startServer(Framing framing = Framing::Wb1)
    {
        ServerConfig config;
        config.framing = framing;
        return startServer(config);
    }

    quint16 startServer(const ServerConfig &config)
    {
        QSignalSpy started(&server, &TestServer::started);
        server.start(config);
        return started.wait(5000) ? server.port() : 0;
    }

    /** Stops a running fleet and waits for it: true once finished. */
    bool stopFleet(int drainMs = 1000)
    {
        QSignalSpy finished(&fleet, &ClientFleet::finished);
        fleet.stop(drainMs);
        return finished.wait(10000);
    }

    /** Runs the fleet until its budget is spent and it has finished. */
    bool runToCompletion(const FleetConfig &config, int timeoutMs)
    {
        QSignalSpy spent(&fleet, &ClientFleet::budgetSpent);
        QSignalSpy finished(&fleet, &ClientFleet::finished);
        fleet.setSnapshotInterval(50);
        fleet.start(config);
        if (!spent.wait(timeoutMs))
            return false;
        fleet.stop(5000);
        return finished.wait(timeoutMs);
    }

    IoThreadPool serverThreads{2};
    IoThreadPool fleetThreads{2};
    TestServer server{serverThreads};
    ClientFleet fleet{fleetThreads};
};

} // namespace

class tst_ClientFleet : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void closedLoopAgainstEcho_data();
    void closedLoopAgainstEcho();
    void twoThousandConnections();
    void openLoopRateIsAccurate_data();
    void openLoopRateIsAccurate();
    void coordinatedOmissionIsCorrected();
    void replyTimeoutIsCountedNotMeasured();
    void connectFailureIsReported();
    void gracefulStopWaitsForReplies();
    void badConfigurationIsRefused_data();
    void badConfigurationIsRefused();
    void badMessagesAreRefused_data();
    void badMessagesAreRefused();
    void rampPacesTheConnects();
    void reconnectsAfterTheServerCloses();
    void openLoopStartsWithTheFirstConnection();
    void messagesAreSentInTurn();
    void noReplyMessagesAreFireAndForget();
    void heldBackMessagesLeaveOnceThePeerReadsAgain();
    void connectsFromSourceAddresses();
    void repliesFramedApartFromRequests();
    void connectionStatsOnRequest();
    void rateChangesWhileRunning();
    void windowChangesWhileRunning();
    void sendBurstsOnTopOfTheSchedule();
    void composedMessagesAndTracedConnectionsAreLogged();
};

void tst_ClientFleet::closedLoopAgainstEcho_data()
{
    QTest::addColumn<Framing>("framing");
    QTest::addColumn<int>("window");
    QTest::newRow("wb1 ping-pong") << Framing(Framing::Wb1) << 1;
    QTest::newRow("wb1 window 16") << Framing(Framing::Wb1) << 16;
    QTest::newRow("line window 4") << Framing(Framing::Line) << 4;
    QTest::newRow("len4be window 8") << Framing(Framing::Len4Be) << 8;
    QTest::newRow("len2le ping-pong") << Framing(Framing::Len2Le) << 1;
    // The general framings, server and fleet alike: whole frames with a size field
    // written by the engine, or a separator, or a size.
    QTest::newRow("length:4:2:be window 4") << Framing::length(4, 2, Framing::ByteOrder::BigEndian) << 4;
    QTest::newRow("length:1:4:le:-4 ping-pong") << Framing::length(1, 4, Framing::ByteOrder::LittleEndian, -4) << 1;
    QTest::newRow("varint:1 window 4") << Framing::varint(1) << 4;
    QTest::newRow("delim:END window 4") << Framing::delimited("END") << 4;
    QTest::newRow("fixed:64 window 2") << Framing::fixed(64) << 2;
}

void tst_ClientFleet::closedLoopAgainstEcho()
{
    QFETCH(Framing, framing);
    QFETCH(int, window);
    Bench bench;
    FleetConfig config;
    config.port = bench.startServer(framing);
    QVERIFY(config.port != 0);
    config.framing = framing;
    config.connections = 4;
    config.window = window;
    config.messageLimit = 4000;
    QVERIFY(bench.runToCompletion(config, 20000));

    const FleetSnapshot last = bench.fleet.lastSnapshot();
    QCOMPARE(last.total.sent, quint64(4000));
    QCOMPARE(last.total.received, quint64(4000));
    QCOMPARE(last.total.errorTotal(), quint64(0));
    QCOMPARE(last.total.timeouts, quint64(0));
    QCOMPARE(last.totalCorrected->totalCount(), quint64(4000));
    QCOMPARE(last.totalUncorrected->totalCount(), quint64(4000));
    // Closed loop: a message is due when it is sent, so both figures agree, to the
    // last counter, and no message was sent late.
    QCOMPARE(last.totalLatency.p99, last.totalUncorrectedLatency.p99);
    QVERIFY(*last.totalCorrected == *last.totalUncorrected);
    QCOMPARE(last.totalSendLag->totalCount(), quint64(4000));
    QCOMPARE(last.totalSendLag->max(), qint64(0));
    QVERIFY(last.totalLatency.p50 > 0);
    QCOMPARE(last.total.connectsSucceeded, quint64(4));
    QCOMPARE(last.total.closed, quint64(4));
    // Byte for byte what the codec makes of a 64-byte payload, each way (also when
    // the fleet copies one pre-encoded frame instead of encoding each).
    const auto frameBytes = quint64(makeCodec(framing)->encodedSize(config.payloadSize));
    QCOMPARE(last.total.bytesOut, 4000 * frameBytes);
    QCOMPARE(last.total.bytesIn, 4000 * frameBytes);
    QTRY_COMPARE(bench.server.lastSnapshot().total.framesIn, quint64(4000));
    QCOMPARE(bench.server.lastSnapshot().total.bytesIn, 4000 * frameBytes);
    QCOMPARE(bench.server.lastSnapshot().total.errorTotal(), quint64(0));
}

void tst_ClientFleet::twoThousandConnections()
{
    Bench bench;
    FleetConfig config;
    config.port = bench.startServer();
    config.connections = 2000;
    config.messageLimit = 6000;
    QSignalSpy settled(&bench.fleet, &ClientFleet::connectionsSettled);
    QVERIFY(bench.runToCompletion(config, 60000));
    QCOMPARE(settled.count(), 1);
    QCOMPARE(settled.first().at(0).toInt(), 2000);
    QCOMPARE(settled.first().at(1).toInt(), 0);
    const FleetSnapshot last = bench.fleet.lastSnapshot();
    QCOMPARE(last.total.received, quint64(6000));
    QCOMPARE(last.total.errorTotal(), quint64(0));
    QTRY_COMPARE_WITH_TIMEOUT(bench.server.lastSnapshot().total.connectionsAccepted, quint64(2000), 10000);
}

void tst_ClientFleet::openLoopRateIsAccurate_data()
{
    QTest::addColumn<bool>("poisson");
    QTest::newRow("constant spacing") << false;
    QTest::newRow("poisson arrivals") << true;
}

void tst_ClientFleet::openLoopRateIsAccurate()
{
    QFETCH(bool, poisson);
    Bench bench;
    FleetConfig config;
    config.port = bench.startServer();
    config.connections = 10;
    config.schedule = FleetConfig::Schedule::OpenLoop;
    config.rate = 20000 * RateScale;
    config.poisson = poisson;
    config.seed = 42;
    bench.fleet.setSnapshotInterval(50);
    QSignalSpy settled(&bench.fleet, &ClientFleet::connectionsSettled);
    bench.fleet.start(config);
    QVERIFY(settled.wait(5000));

    // Three windows of 1.5 s past the start, each between two snapshots; their median.
    // A machine busy elsewhere can starve the fleet for a moment: the window it lands in
    // comes out low and the next, which catches up the messages due meanwhile, high. The
    // median is the window it missed.
    QTRY_VERIFY_WITH_TIMEOUT(bench.fleet.lastSnapshot().elapsedNs > 500 * Ms, 5000);
    FleetSnapshot second = bench.fleet.lastSnapshot();
    std::vector<double> achievedRates;
    for (int window = 0; window < 3; ++window) {
        const FleetSnapshot start = bench.fleet.lastSnapshot();
        QTRY_VERIFY_WITH_TIMEOUT(bench.fleet.lastSnapshot().elapsedNs > start.elapsedNs + 1500 * Ms, 10000);
        second = bench.fleet.lastSnapshot();
        achievedRates.push_back(double(second.total.sent - start.total.sent) / (double(second.elapsedNs - start.elapsedNs) / 1e9));
    }
    std::sort(achievedRates.begin(), achievedRates.end());
    const double achieved = achievedRates[1];
    QVERIFY2(std::abs(achieved - config.rate) / config.rate < 0.02,
             qPrintable(QStringLiteral("requested %1/s, achieved %2/s (windows %3, %4, %5)")
                            .arg(config.rate)
                            .arg(achieved)
                            .arg(achievedRates[0])
                            .arg(achievedRates[1])
                            .arg(achievedRates[2])));
    QCOMPARE(second.total.unsent, quint64(0));

    QVERIFY(bench.stopFleet(2000));
    QCOMPARE(bench.fleet.lastSnapshot().total.received, bench.fleet.lastSnapshot().total.sent);
}

void tst_ClientFleet::coordinatedOmissionIsCorrected()
{
    // As wrk2 shows it: 10,000 messages/s over 10 connections, one in flight each,
    // and the server stalls for 200 ms in a 5 s run. Messages due during the stall
    // wait; counted from when they were due, their latency shows the stall.
    StallingEchoServer server;
    IoThreadPool threads(2);
    ClientFleet fleet(threads);
    FleetConfig config;
    config.port = server.port();
    config.connections = 10;
    config.schedule = FleetConfig::Schedule::OpenLoop;
    config.rate = 10000 * RateScale;
    config.maxInFlight = 1;
    fleet.setSnapshotInterval(50);
    QSignalSpy settled(&fleet, &ClientFleet::connectionsSettled);
    fleet.start(config);
    QVERIFY(settled.wait(5000));

    QTRY_VERIFY_WITH_TIMEOUT(fleet.lastSnapshot().elapsedNs > 2500 * Ms, 10000);
    // The unstalled figure, measured in the same run.
    const qint64 unstalled = fleet.lastSnapshot().totalUncorrectedLatency.p99;
    server.stallFor(200);
    QTRY_VERIFY_WITH_TIMEOUT(fleet.lastSnapshot().elapsedNs > 5000 * Ms, 15000);
    // The stall made no errors. (Checked before the stop: a machine too slow to catch up
    // after the stall, as under AddressSanitizer beside other tests, still holds due
    // messages when the stop's 2 s grace ends, and those are counted as lost.)
    const quint64 errorsBeforeStop = fleet.lastSnapshot().total.errorTotal();
    QSignalSpy finished(&fleet, &ClientFleet::finished);
    fleet.stop(2000);
    QVERIFY(finished.wait(10000));

    const FleetSnapshot last = fleet.lastSnapshot();
    const qint64 corrected = last.totalLatency.p99;
    const qint64 uncorrected = last.totalUncorrectedLatency.p99;
    const QString figures =
        QStringLiteral("corrected p99 %1 ms, uncorrected p99 %2 ms (unstalled %3 ms), max %4 ms, %5 replies")
            .arg(double(corrected) / 1e6)
            .arg(double(uncorrected) / 1e6)
            .arg(double(unstalled) / 1e6)
            .arg(double(last.totalLatency.max) / 1e6)
            .arg(last.total.received);
    qInfo().noquote() << figures;
    QVERIFY2(corrected >= 100 * Ms, qPrintable(figures));
    // "Near": within twice the unstalled value, or 2 ms of it on a jittery machine.
    QVERIFY2(uncorrected <= std::max(2 * unstalled, unstalled + 2 * Ms), qPrintable(figures));
    QVERIFY2(last.totalLatency.max >= 180 * Ms, qPrintable(figures));
    QVERIFY(last.total.received > quint64(40000 * RateScale));
    QCOMPARE(errorsBeforeStop, quint64(0));
}

void tst_ClientFleet::replyTimeoutIsCountedNotMeasured()
{
    StallingEchoServer silent;
    silent.setSilent(true);
    IoThreadPool threads(1);
    ClientFleet fleet(threads);
    FleetConfig config;
    config.port = silent.port();
    config.connections = 2;
    config.window = 3;
    config.replyTimeoutMs = 150;
    fleet.setSnapshotInterval(20);
    fleet.start(config);
    QTRY_COMPARE_WITH_TIMEOUT(fleet.lastSnapshot().total.timeouts, quint64(6), 5000);
    QCOMPARE(fleet.lastSnapshot().totalCorrected->totalCount(), quint64(0));
    QCOMPARE(fleet.lastSnapshot().total.received, quint64(0));
    QSignalSpy finished(&fleet, &ClientFleet::finished);
    fleet.stop(0);
    QVERIFY(finished.wait(5000));
}

void tst_ClientFleet::connectFailureIsReported()
{
    quint16 closedPort = 0;
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        closedPort = probe.serverPort();
    }
    IoThreadPool threads(2);
    ClientFleet fleet(threads);
    QSignalSpy settled(&fleet, &ClientFleet::connectionsSettled);
    QSignalSpy error(&fleet, &ClientFleet::connectionError);
    FleetConfig config;
    config.port = closedPort;
    config.connections = 3;
    fleet.start(config);
    QVERIFY(settled.wait(5000));
    QCOMPARE(settled.first().at(0).toInt(), 0);
    QCOMPARE(settled.first().at(1).toInt(), 3);
    QCOMPARE(error.count(), 1);
    QCOMPARE(error.first().first().toString(),
             QStringLiteral("cannot connect to 127.0.0.1:%1: Connection refused").arg(closedPort));
    QTRY_COMPARE_WITH_TIMEOUT(fleet.lastSnapshot().total.connectFailures, quint64(3), 5000);
}

void tst_ClientFleet::gracefulStopWaitsForReplies()
{
    StallingEchoServer server;
    IoThreadPool threads(1);
    ClientFleet fleet(threads);
    FleetConfig config;
    config.port = server.port();
    config.connections = 5;
    config.window = 2;
    QSignalSpy settled(&fleet, &ClientFleet::connectionsSettled);
    fleet.start(config);
    QVERIFY(settled.wait(5000));
    server.stallFor(300);
    QSignalSpy finished(&fleet, &ClientFleet::finished);
    fleet.stop(3000);
    QVERIFY(finished.wait(10000));
    const FleetSnapshot last = fleet.lastSnapshot();
    QVERIFY(last.total.sent > 0);
    QCOMPARE(last.total.received, last.total.sent);
    QCOMPARE(last.total.lost, quint64(0));
    QCOMPARE(last.total.closed, quint64(5));
}

void tst_ClientFleet::badConfigurationIsRefused_data()
{
    QTest::addColumn<QString>("host");
    QTest::addColumn<int>("port");
    QTest::addColumn<int>("payload");
    QTest::addColumn<QString>("message");
    QTest::newRow("host") << "example" << 9 << 64 << "cannot connect to 'example': not an IP address";
    QTest::newRow("port") << "127.0.0.1" << 0 << 64 << "cannot connect to 127.0.0.1: no port given";
    QTest::newRow("payload") << "127.0.0.1" << 9 << 70000
                             << "a payload of 70000 bytes does not fit len2be framing (at most 65535)";
}

void tst_ClientFleet::badConfigurationIsRefused()
{
    QFETCH(QString, host);
    QFETCH(int, port);
    QFETCH(int, payload);
    QFETCH(QString, message);
    IoThreadPool threads(1);
    ClientFleet fleet(threads);
    QSignalSpy failed(&fleet, &ClientFleet::failed);
    FleetConfig config;
    config.host = host;
    config.port = quint16(port);
    config.payloadSize = payload;
    config.framing = Framing::Len2Be;
    fleet.start(config);
    QVERIFY(failed.wait(5000));
    QCOMPARE(failed.first().first().toString(), message);
    QCOMPARE(fleet.state(), ClientFleet::State::Idle);
}

void tst_ClientFleet::badMessagesAreRefused_data()
{
    QTest::addColumn<Framing>("framing");
    QTest::addColumn<QList<QByteArray>>("messages");
    QTest::addColumn<int>("flags");
    QTest::addColumn<QString>("message");
    QTest::newRow("newline in a line") << Framing(Framing::Line) << QList<QByteArray>{"a", "b\nc"} << 0
                                       << "message 2 contains a newline, which ends a line in line framing";
    QTest::newRow("no reply, closed loop") << Framing(Framing::Wb1) << QList<QByteArray>{} << 1
                                           << "NO_REPLY messages get no replies to wait for: use an open-loop rate";
}

void tst_ClientFleet::badMessagesAreRefused()
{
    QFETCH(Framing, framing);
    QFETCH(QList<QByteArray>, messages);
    QFETCH(int, flags);
    QFETCH(QString, message);
    IoThreadPool threads(1);
    ClientFleet fleet(threads);
    QSignalSpy failed(&fleet, &ClientFleet::failed);
    FleetConfig config;
    config.port = 9;
    config.framing = framing;
    config.messages = messages;
    config.wb1Flags = quint16(flags);
    fleet.start(config);
    QVERIFY(failed.wait(5000));
    QCOMPARE(failed.first().first().toString(), message);
}

void tst_ClientFleet::rampPacesTheConnects()
{
    Bench bench;
    FleetConfig config;
    config.port = bench.startServer();
    config.connections = 20;
    config.connectRate = 100; // 20 connects at 100/s: the last about 190 ms after the first
    config.schedule = FleetConfig::Schedule::OpenLoop;
    config.rate = 100;
    QSignalSpy settled(&bench.fleet, &ClientFleet::connectionsSettled);
    QElapsedTimer clock;
    clock.start();
    bench.fleet.start(config);
    QVERIFY(settled.wait(5000));
    const qint64 elapsedMs = clock.elapsed();
    QCOMPARE(settled.first().at(0).toInt(), 20);
    QVERIFY2(elapsedMs >= 170, qPrintable(QString::number(elapsedMs)));
    QVERIFY2(elapsedMs < 2000, qPrintable(QString::number(elapsedMs)));
    bench.fleet.stop(1000);
    QSignalSpy finished(&bench.fleet, &ClientFleet::finished);
    QVERIFY(finished.wait(5000));
}

void tst_ClientFleet::reconnectsAfterTheServerCloses()
{
    // The server closes each connection after 3 requests; with --reconnect the
    // fleet comes back (with back-off) and keeps going.
    Bench bench;
    ServerConfig serverConfig;
    serverConfig.faults = *FaultPlan::parse({QStringLiteral("close-after:3")});
    QVERIFY(bench.startServer(serverConfig) != 0);
    FleetConfig config;
    config.port = bench.server.port();
    config.connections = 2;
    config.reconnect = true;
    config.reconnectInitialMs = 5;
    config.reconnectMaxMs = 20;
    config.replyTimeoutMs = 2000;
    bench.fleet.setSnapshotInterval(20);
    bench.fleet.start(config);
    QTRY_VERIFY_WITH_TIMEOUT(bench.fleet.lastSnapshot().total.received >= 30, 10000);
    const FleetCounters total = bench.fleet.lastSnapshot().total;
    QVERIFY2(total.reconnects >= 8, qPrintable(QString::number(total.reconnects)));
    QVERIFY(total.connectsSucceeded >= 10);
    QCOMPARE(total.connectFailures, quint64(0));
    QSignalSpy stats(&bench.fleet, &ClientFleet::connectionStatsReady);
    bench.fleet.requestConnectionStats();
    QVERIFY(stats.wait(5000));
    const auto connections = stats.first().first().value<QList<ConnectionStats>>();
    QCOMPARE(connections.size(), 2);
    QVERIFY(connections[0].reconnects >= 3 && connections[1].reconnects >= 3);
    QVERIFY(bench.stopFleet(1000));
}

void tst_ClientFleet::openLoopStartsWithTheFirstConnection()
{
    // Nothing listens at first: messages of an open-loop schedule cannot be "due"
    // while no connection can carry them, so none may count as unsent.
    quint16 port = 0;
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        port = probe.serverPort();
    }
    Bench bench;
    FleetConfig config;
    config.port = port;
    config.connections = 2;
    config.schedule = FleetConfig::Schedule::OpenLoop;
    config.rate = 10000;
    config.reconnect = true;
    config.reconnectInitialMs = 5;
    config.reconnectMaxMs = 20;
    bench.fleet.setSnapshotInterval(20);
    bench.fleet.start(config);
    // Refused a few times over (tens of milliseconds: hundreds of messages at this rate).
    QTRY_VERIFY_WITH_TIMEOUT(bench.fleet.lastSnapshot().total.connectFailures >= 6, 10000);
    QCOMPARE(bench.fleet.lastSnapshot().total.sent, quint64(0));
    QCOMPARE(bench.fleet.lastSnapshot().total.unsent, quint64(0));

    ServerConfig serverConfig;
    serverConfig.port = port;
    QCOMPARE(bench.startServer(serverConfig), port);
    QTRY_VERIFY_WITH_TIMEOUT(bench.fleet.lastSnapshot().total.received >= 2000, 10000);
    QVERIFY(bench.stopFleet(1000));
    const FleetCounters total = bench.fleet.lastSnapshot().total;
    QCOMPARE(total.unsent, quint64(0));
    QCOMPARE(total.received, total.sent);
}

void tst_ClientFleet::messagesAreSentInTurn()
{
    Bench bench;
    FleetConfig config;
    config.port = bench.startServer(Framing::Line);
    config.framing = Framing::Line;
    config.messages = {"a", "bb", "ccc"};
    config.connections = 1;
    config.messageLimit = 9;
    QVERIFY(bench.runToCompletion(config, 10000));
    QCOMPARE(bench.fleet.lastSnapshot().total.received, quint64(9));
    // Three rounds of "a\n", "bb\n", "ccc\n".
    QCOMPARE(bench.fleet.lastSnapshot().total.bytesOut, quint64(3 * (2 + 3 + 4)));
    QTRY_COMPARE_WITH_TIMEOUT(bench.server.lastSnapshot().total.bytesIn, quint64(27), 5000);
}

void tst_ClientFleet::noReplyMessagesAreFireAndForget()
{
    Bench bench;
    FleetConfig config;
    config.port = bench.startServer();
    config.schedule = FleetConfig::Schedule::OpenLoop;
    config.rate = 2000;
    config.wb1Flags = FrameFlag::NoReply;
    config.messageLimit = 200;
    config.replyTimeoutMs = 200;
    QVERIFY(bench.runToCompletion(config, 10000));
    const FleetCounters total = bench.fleet.lastSnapshot().total;
    QCOMPARE(total.sent, quint64(200));
    QCOMPARE(total.received, quint64(0));
    QCOMPARE(total.timeouts, quint64(0));
    QCOMPARE(total.lost, quint64(0));
    QTRY_COMPARE_WITH_TIMEOUT(bench.server.lastSnapshot().total.framesIn, quint64(200), 5000);
    QCOMPARE(bench.server.lastSnapshot().total.framesOut, quint64(0));
}

void tst_ClientFleet::connectsFromSourceAddresses()
{
    QTcpServer listener;
    QVERIFY(listener.listen(QHostAddress::LocalHost, 0));
    IoThreadPool threads(1);
    ClientFleet fleet(threads);
    FleetConfig config;
    config.port = listener.serverPort();
    config.connections = 4;
    config.schedule = FleetConfig::Schedule::OpenLoop;
    config.rate = 1;
    config.sourceAddresses = *SourceAddresses::parse(QStringLiteral("127.0.0.2-127.0.0.3"));
    QSignalSpy settled(&fleet, &ClientFleet::connectionsSettled);
    fleet.start(config);
    QStringList peers;
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            while (QTcpSocket *socket = listener.nextPendingConnection())
                peers << socket->peerAddress().toString();
            return peers.size() == 4;
        }(),
        5000);
    peers.sort();
    QCOMPARE(peers, QStringList({"127.0.0.2", "127.0.0.2", "127.0.0.3", "127.0.0.3"}));
    QVERIFY(settled.wait(5000) || settled.size() == 1);
    QCOMPARE(settled.first().at(0).toInt(), 4);
    QSignalSpy finished(&fleet, &ClientFleet::finished);
    fleet.stop(500);
    QVERIFY(finished.wait(5000));
}

void tst_ClientFleet::connectionStatsOnRequest()
{
    Bench bench;
    FleetConfig config;
    config.port = bench.startServer();
    config.connections = 5;
    config.messageLimit = 500;
    QVERIFY(bench.runToCompletion(config, 10000));
    // Finished: the workers are gone and nothing is left to ask.
    QSignalSpy afterwards(&bench.fleet, &ClientFleet::connectionStatsReady);
    bench.fleet.requestConnectionStats();
    QVERIFY(afterwards.wait(5000));
    QVERIFY(afterwards.first().first().value<QList<ConnectionStats>>().isEmpty());

    // While running, every connection answers with its own figures.
    config.schedule = FleetConfig::Schedule::OpenLoop;
    config.rate = 500;
    config.messageLimit = 0;
    QSignalSpy settled(&bench.fleet, &ClientFleet::connectionsSettled);
    bench.fleet.start(config);
    QVERIFY(settled.wait(5000));
    QTRY_VERIFY_WITH_TIMEOUT(bench.fleet.lastSnapshot().total.received >= 100, 5000);
    QSignalSpy stats(&bench.fleet, &ClientFleet::connectionStatsReady);
    bench.fleet.requestConnectionStats();
    QVERIFY(stats.wait(5000));
    const auto connections = stats.first().first().value<QList<ConnectionStats>>();
    QCOMPARE(connections.size(), 5);
    for (int i = 0; i < 5; ++i) {
        QCOMPARE(connections[i].id, i);
        QCOMPARE(connections[i].state, ConnectionState::Open);
        QVERIFY(connections[i].sent >= 10);
        QVERIFY(connections[i].received >= 10);
        QVERIFY(connections[i].lastRoundTripNs > 0);
        QVERIFY(connections[i].maxRoundTripNs >= connections[i].lastRoundTripNs);
        QCOMPARE(connections[i].errors, quint64(0));
    }
    QVERIFY(bench.stopFleet(1000));
}

void tst_ClientFleet::rateChangesWhileRunning()
{
    Bench bench;
    FleetConfig config;
    config.port = bench.startServer();
    config.connections = 4;
    config.schedule = FleetConfig::Schedule::OpenLoop;
    config.rate = 500;
    bench.fleet.setSnapshotInterval(50);
    QSignalSpy settled(&bench.fleet, &ClientFleet::connectionsSettled);
    bench.fleet.start(config);
    QVERIFY(settled.wait(5000));
    QTRY_VERIFY_WITH_TIMEOUT(bench.fleet.lastSnapshot().elapsedNs > 300 * Ms, 5000);
    bench.fleet.setRate(4000);
    QCOMPARE(bench.fleet.config().rate, 4000.0);
    // Skip the change's own interval, then measure one second at the new rate.
    QTRY_VERIFY_WITH_TIMEOUT(bench.fleet.lastSnapshot().elapsedNs > 600 * Ms, 5000);
    const FleetSnapshot from = bench.fleet.lastSnapshot();
    QTRY_VERIFY_WITH_TIMEOUT(bench.fleet.lastSnapshot().elapsedNs - from.elapsedNs > 1000 * Ms, 5000);
    const FleetSnapshot to = bench.fleet.lastSnapshot();
    const double rate = double(to.total.sent - from.total.sent) * 1e9 / double(to.elapsedNs - from.elapsedNs);
    QVERIFY2(qAbs(rate - 4000) < 400, qPrintable(QString::number(rate)));
    bench.fleet.setWindow(8); // a closed-loop change on an open-loop fleet: ignored
    QCOMPARE(bench.fleet.config().window, 1);
    QVERIFY(bench.stopFleet(1000));
}

void tst_ClientFleet::windowChangesWhileRunning()
{
    // Against a server that answers after 50 ms, the messages in flight are the window.
    Bench bench;
    ServerConfig serverConfig;
    serverConfig.behaviour = *BehaviourSpec::parse(QStringLiteral("delay:50"));
    QVERIFY(bench.startServer(serverConfig) != 0);
    FleetConfig config;
    config.port = bench.server.port();
    config.connections = 2;
    config.window = 1;
    QSignalSpy settled(&bench.fleet, &ClientFleet::connectionsSettled);
    bench.fleet.start(config);
    QVERIFY(settled.wait(5000));
    auto inFlight = [&] {
        QSignalSpy stats(&bench.fleet, &ClientFleet::connectionStatsReady);
        bench.fleet.requestConnectionStats();
        if (!stats.wait(5000))
            return -1;
        int total = 0;
        for (const ConnectionStats &connection : stats.first().first().value<QList<ConnectionStats>>())
            total += connection.inFlight;
        return total;
    };
    QTRY_COMPARE_WITH_TIMEOUT(inFlight(), 2, 5000);
    bench.fleet.setWindow(5);
    QTRY_COMPARE_WITH_TIMEOUT(inFlight(), 10, 5000);
    bench.fleet.setWindow(2);
    QTRY_COMPARE_WITH_TIMEOUT(inFlight(), 4, 5000);
    QVERIFY(bench.stopFleet(1000));
    QCOMPARE(bench.fleet.lastSnapshot().total.errorTotal(), quint64(0));
}

void tst_ClientFleet::sendBurstsOnTopOfTheSchedule()
{
    // A sink never answers: one message stays in flight, and only bursts add more.
    Bench bench;
    ServerConfig serverConfig;
    serverConfig.framing = Framing::Line;
    serverConfig.behaviour = *BehaviourSpec::parse(QStringLiteral("sink"));
    QVERIFY(bench.startServer(serverConfig) != 0);
    FleetConfig config;
    config.port = bench.server.port();
    config.framing = Framing::Line;
    config.connections = 3;
    config.replyTimeoutMs = 60000;
    QSignalSpy settled(&bench.fleet, &ClientFleet::connectionsSettled);
    bench.fleet.start(config);
    QVERIFY(settled.wait(5000));
    QTRY_COMPARE_WITH_TIMEOUT(bench.server.lastSnapshot().total.framesIn, quint64(3), 5000);
    bench.fleet.send(50);
    QTRY_COMPARE_WITH_TIMEOUT(bench.server.lastSnapshot().total.framesIn, quint64(53), 5000);
    const QByteArray hello("hello");
    bench.fleet.send(7, MessageTemplate::fixed(hello));
    QTRY_COMPARE_WITH_TIMEOUT(bench.server.lastSnapshot().total.framesIn, quint64(60), 5000);
    // 53 pattern lines of 65 bytes, then 7 lines of "hello\n".
    QTRY_COMPARE_WITH_TIMEOUT(bench.server.lastSnapshot().total.bytesIn, quint64(53 * 65 + 7 * 6), 5000);
    QVERIFY(bench.stopFleet(100));
}

void tst_ClientFleet::heldBackMessagesLeaveOnceThePeerReadsAgain()
{
    // The server stops reading for its first 1.5 s: the kernel's buffers fill (up to
    // 32 MB on the receiving side here), then Qt's, and past the output high-water
    // mark the fleet holds messages back. No reply ever comes (NO_REPLY), so only
    // Qt's bytesWritten() can let them go.
    Bench bench;
    ServerConfig serverConfig;
    serverConfig.behaviour = *BehaviourSpec::parse(QStringLiteral("sink"));
    serverConfig.faults = *FaultPlan::parse({QStringLiteral("stall:1500")});
    serverConfig.maxPayload = 1 << 20;
    QVERIFY(bench.startServer(serverConfig) != 0);
    FleetConfig config;
    config.port = bench.server.port();
    config.connections = 1;
    config.schedule = FleetConfig::Schedule::OpenLoop;
    config.rate = 1000;
    config.payloadSize = 60000; // 60 MB/s: the stall outgrows every buffer
    config.wb1Flags = FrameFlag::NoReply;
    config.messageLimit = 2500;
    QSignalSpy spent(&bench.fleet, &ClientFleet::budgetSpent);
    QSignalSpy finished(&bench.fleet, &ClientFleet::finished);
    bench.fleet.setSnapshotInterval(50);
    bench.fleet.start(config);
    // Deep in the stall: far fewer sent than were due, and nothing read.
    QTRY_VERIFY_WITH_TIMEOUT(bench.fleet.lastSnapshot().elapsedNs > 1200 * Ms, 10000);
    const quint64 sentInStall = bench.fleet.lastSnapshot().total.sent;
    QVERIFY2(sentInStall < 1000, qPrintable(QString::number(sentInStall)));
    QCOMPARE(bench.server.lastSnapshot().total.framesIn, quint64(0));

    QVERIFY(spent.wait(20000));
    // Every message taken from the budget leaves once the peer reads again, however
    // long the backlog takes to drain on a busy machine (ctest runs two at a time).
    QTRY_COMPARE_WITH_TIMEOUT(bench.fleet.lastSnapshot().total.sent, quint64(2500), 20000);
    bench.fleet.stop(5000);
    QVERIFY(finished.wait(20000));
    const FleetSnapshot last = bench.fleet.lastSnapshot();
    QCOMPARE(last.total.sent, quint64(2500));
    QCOMPARE(last.total.unsent, quint64(0));
    QCOMPARE(last.total.backlogOverflows, quint64(0));
    QTRY_COMPARE_WITH_TIMEOUT(bench.server.lastSnapshot().total.framesIn, quint64(2500), 10000);
}

void tst_ClientFleet::composedMessagesAndTracedConnectionsAreLogged()
{
    Bench bench;
    FleetConfig config;
    config.port = bench.startServer();
    config.connections = 3;
    config.schedule = FleetConfig::Schedule::OpenLoop;
    config.rate = 0.001; // one message at the start, then quiet
    bench.fleet.setSnapshotInterval(20);
    QSignalSpy settled(&bench.fleet, &ClientFleet::connectionsSettled);
    bench.fleet.start(config);
    QVERIFY(settled.wait(5000));
    QList<TrafficEntry> log;
    connect(&bench.fleet, &ClientFleet::trafficCaptured, this,
            [&](const QList<TrafficEntry> &entries, quint64) { log += entries; });

    // Composed: fixed fields, on connection 1 only; the replies come back traced.
    MessageTemplate hello = MessageTemplate::fixed("hello");
    hello.fixedSequence = 4242;
    bench.fleet.sendTo(1, 1, hello);
    QTRY_COMPARE_WITH_TIMEOUT(log.size(), 2, 5000);
    QVERIFY(log[0].outgoing);
    QCOMPARE(log[0].connection, 1);
    QCOMPARE(log[0].sequence, quint64(4242));
    QCOMPARE(log[0].payload, QByteArray("hello"));
    QVERIFY(!log[1].outgoing);
    QCOMPARE(log[1].connection, 1);
    QCOMPARE(log[1].type, quint8(FrameType::Reply));
    QCOMPARE(log[1].sequence, quint64(4242));
    QCOMPARE(log[1].payload, QByteArray("hello"));
    QVERIFY(log[1].roundTripNs > 0);

    // Traced connection: everything on it, nothing from the others.
    log.clear();
    bench.fleet.setTraced({2});
    bench.fleet.send(30); // spread over the three connections
    QTRY_COMPARE_WITH_TIMEOUT(log.size(), 20, 5000);
    for (const TrafficEntry &entry : std::as_const(log))
        QCOMPARE(entry.connection, 2);
    QVERIFY(bench.stopFleet(500));
}

void tst_ClientFleet::repliesFramedApartFromRequests()
{
    // A memcached-like pair: requests are lines, each reply several lines ending in
    // END\r\n. Both ends have a reply framing, and every reply pairs with its request.
    Bench bench;
    ServerConfig serverConfig;
    serverConfig.framing = Framing::Line;
    serverConfig.replyFraming = Framing::delimited("END\r\n");
    serverConfig.behaviour = *BehaviourSpec::parse(QStringLiteral("fixed:VALUE k 0 3\\r\\nabc\\r\\n"));
    QVERIFY(bench.startServer(serverConfig) != 0);
    FleetConfig config;
    config.port = bench.server.port();
    config.framing = Framing::Line;
    config.replyFraming = Framing::delimited("END\r\n");
    config.messages = {QByteArray("get k")};
    config.connections = 2;
    config.window = 4;
    config.messageLimit = 1000;
    QVERIFY(bench.runToCompletion(config, 20000));
    const FleetSnapshot last = bench.fleet.lastSnapshot();
    QCOMPARE(last.total.received, quint64(1000));
    QCOMPARE(last.total.errorTotal(), quint64(0));
    // 6 bytes a request ("get k\n"), 23 a reply ("VALUE k 0 3\r\nabc\r\nEND\r\n").
    QCOMPARE(last.total.bytesOut, quint64(1000 * 6));
    QCOMPARE(last.total.bytesIn, quint64(1000 * 23));
}

QTEST_GUILESS_MAIN(tst_ClientFleet)
#include "tst_clientfleet.moc"
