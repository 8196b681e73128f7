// SPDX-License-Identifier: GPL-3.0-or-later
// A fleet's connect ramp against `wirebench serve` in another process: the ramp keeps
// its schedule while the connections already open carry a closed-loop load, and
// source addresses open more connections than one address has ports for a bind.
#include "serveprocess.h"

#include "fleet/clientfleet.h"
#include "fleet/sourceaddresses.h"
#include "io/iothreadpool.h"
#include "io/resourcelimits.h"

#include <QSignalSpy>
#include <QTest>

using namespace NetCore;

class tst_ConnectRamp : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void rampKeepsItsScheduleUnderLoad_data();
    void rampKeepsItsScheduleUnderLoad();
};

void tst_ConnectRamp::initTestCase()
{
    ResourceLimits::raiseFileDescriptorLimit();
}

void tst_ConnectRamp::rampKeepsItsScheduleUnderLoad_data()
{
    QTest::addColumn<int>("connections");
    QTest::addColumn<double>("ramp");
    QTest::addColumn<QString>("sources");
    QTest::addColumn<double>("settledWithinS");

    // The figures: 4,000 at 2,000/s is fully open within 2.5 s while it runs
    // its load; 18,000 from two addresses at 9,000/s all open, none failed. That one's
    // bound only catches a stalled ramp: it settles in about 3.5 s here, 4.4 s under
    // AddressSanitizer, 12.8 s once on a busy CI machine; two vCPUs are what it measures
    // past that.
    QTest::newRow("4000 at 2000/s") << 4000 << 2000.0 << QString() << 2.5;
    QTest::newRow("18000 at 9000/s from two addresses") << 18000 << 9000.0 << QStringLiteral("127.0.0.1,127.0.0.2")
                                                          << 30.0;
}

void tst_ConnectRamp::rampKeepsItsScheduleUnderLoad()
{
    QFETCH(int, connections);
    QFETCH(double, ramp);
    QFETCH(QString, sources);
    QFETCH(double, settledWithinS);

    // A second attempt when the first missed its bound: on a shared machine a neighbour
    // can take the CPU for a moment; a ramp that cannot keep its schedule misses both.
    constexpr int Attempts = 2;
    for (int attempt = 1; attempt <= Attempts; ++attempt) {
        ServeProcess server({QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--max-connections"),
                             QStringLiteral("30000")});
        const quint16 port = server.waitForPort();
        QVERIFY2(port != 0, server.output().constData());

        FleetConfig config;
        config.port = port;
        config.connections = connections;
        config.connectRate = ramp;
        config.window = 1; // closed loop: each connection carries load from the moment it opens
        if (!sources.isEmpty())
            config.sourceAddresses = *SourceAddresses::parse(sources);
        IoThreadPool pool;
        ClientFleet fleet(pool);
        QSignalSpy settled(&fleet, &ClientFleet::connectionsSettled);
        fleet.start(config);
        QVERIFY(settled.wait(int(settledWithinS * 1000) + 5000));
        QCOMPARE(settled.first().at(1).toInt(), 0); // none failed
        QCOMPARE(settled.first().at(0).toInt(), connections);
        const double settledS = double(fleet.connectSettledNs()) / 1e9;
        qInfo("%d connections at %.0f/s settled in %.3f s (schedule: %.3f s), attempt %d", connections, ramp, settledS,
              double(connections - 1) / ramp, attempt);
        if (settledS > settledWithinS && attempt < Attempts) {
            QSignalSpy finished(&fleet, &ClientFleet::finished);
            fleet.stop();
            QVERIFY(finished.wait(20000));
            continue;
        }
        QVERIFY2(settledS <= settledWithinS, qPrintable(QStringLiteral("settled in %1 s").arg(settledS)));
        // A schedule, not all at once: the last connection waited for its slot.
        QVERIFY(settledS >= double(connections - 1) / ramp - 0.01);

        // The load ran while the ramp did, and runs on every connection now.
        QTRY_VERIFY_WITH_TIMEOUT(fleet.lastSnapshot().total.connectionsOpen() == connections, 5000);
        const quint64 receivedBefore = fleet.lastSnapshot().total.received;
        QVERIFY(receivedBefore > 0);
        QTRY_VERIFY_WITH_TIMEOUT(fleet.lastSnapshot().total.received > receivedBefore + quint64(connections), 10000);
        QCOMPARE(fleet.lastSnapshot().total.connectFailures, quint64(0));

        QSignalSpy finished(&fleet, &ClientFleet::finished);
        fleet.stop();
        QVERIFY(finished.wait(20000));
        break;
    }
}

QTEST_GUILESS_MAIN(tst_ConnectRamp)
#include "tst_connectramp.moc"
