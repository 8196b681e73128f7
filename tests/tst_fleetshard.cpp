// SPDX-License-Identifier: GPL-3.0-or-later
#include "fleet/evenshare.h"
#include "fleet/fleetshard.h"

#include <QTest>

using namespace NetCore;

class tst_FleetShard : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void partsAddUpExactly_data();
    void partsAddUpExactly();
    void tooFewToShareIsRefused_data();
    void tooFewToShareIsRefused();
    void eachPartHasItsOwnSeed();
};

void tst_FleetShard::partsAddUpExactly_data()
{
    QTest::addColumn<int>("connections");
    QTest::addColumn<qint64>("budget");
    QTest::addColumn<int>("parts");
    QTest::newRow("even") << 60'000 << qint64(600'000) << 3;
    QTest::newRow("uneven") << 1000 << qint64(1001) << 7;
    QTest::newRow("one each") << 5 << qint64(5) << 5;
    QTest::newRow("no budget") << 10 << qint64(0) << 4;
    QTest::newRow("one part") << 3 << qint64(3) << 1;
}

void tst_FleetShard::partsAddUpExactly()
{
    QFETCH(int, connections);
    QFETCH(qint64, budget);
    QFETCH(int, parts);
    FleetConfig whole;
    whole.connections = connections;
    whole.messageLimit = budget;
    whole.rate = 12'345.0;
    whole.connectRate = 1000.0;
    int connectionSum = 0;
    qint64 budgetSum = 0;
    double rateSum = 0;
    double rampSum = 0;
    for (int i = 0; i < parts; ++i) {
        QString error;
        const std::optional<FleetConfig> part = fleetShard(whole, i, parts, &error);
        QVERIFY2(part, qPrintable(error));
        QVERIFY(part->connections >= 1);
        QVERIFY(std::abs(part->connections - connections / parts) <= 1); // as even as it divides
        if (budget > 0)
            QVERIFY(part->messageLimit >= 1);
        else
            QCOMPARE(part->messageLimit, qint64(0)); // no budget stays none
        connectionSum += part->connections;
        budgetSum += part->messageLimit;
        rateSum += part->rate;
        rampSum += part->connectRate;
        QVERIFY(qFuzzyCompare(part->rate, whole.rate * part->connections / connections)); // rate follows the connections
    }
    QCOMPARE(connectionSum, connections);
    QCOMPARE(budgetSum, budget);
    QVERIFY(std::abs(rateSum - whole.rate) < 1e-6);
    QVERIFY(std::abs(rampSum - whole.connectRate) < 1e-9);
    QCOMPARE(evenShare(10, 0, 3) + evenShare(10, 1, 3) + evenShare(10, 2, 3), qint64(10));
}

void tst_FleetShard::tooFewToShareIsRefused_data()
{
    QTest::addColumn<int>("connections");
    QTest::addColumn<qint64>("budget");
    QTest::addColumn<int>("index");
    QTest::addColumn<int>("parts");
    QTest::addColumn<QString>("expected");
    QTest::newRow("connections") << 2 << qint64(0) << 0 << 3 << "2 connections cannot be shared by 3 parts";
    QTest::newRow("budget") << 10 << qint64(2) << 0 << 3 << "a budget of 2 messages cannot be shared by 3 parts";
    QTest::newRow("index past the end") << 10 << qint64(0) << 3 << 3 << "part 3 of 3 does not exist";
    QTest::newRow("negative index") << 10 << qint64(0) << -1 << 3 << "part -1 of 3 does not exist";
}

void tst_FleetShard::tooFewToShareIsRefused()
{
    QFETCH(int, connections);
    QFETCH(qint64, budget);
    QFETCH(int, index);
    QFETCH(int, parts);
    QFETCH(QString, expected);
    FleetConfig whole;
    whole.connections = connections;
    whole.messageLimit = budget;
    QString error;
    QVERIFY(!fleetShard(whole, index, parts, &error));
    QVERIFY2(error.startsWith(expected), qPrintable(error));
}

void tst_FleetShard::eachPartHasItsOwnSeed()
{
    FleetConfig whole;
    whole.connections = 9;
    whole.seed = 7;
    QString error;
    QCOMPARE(fleetShard(whole, 0, 3, &error)->seed, quint64(7)); // the first part is the fleet as given
    QVERIFY(fleetShard(whole, 1, 3, &error)->seed != fleetShard(whole, 2, 3, &error)->seed);
    QVERIFY(fleetShard(whole, 1, 3, &error)->seed != quint64(7));
}

QTEST_GUILESS_MAIN(tst_FleetShard)
#include "tst_fleetshard.moc"
