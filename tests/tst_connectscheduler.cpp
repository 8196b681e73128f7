// SPDX-License-Identifier: GPL-3.0-or-later
// When a fleet worker's connections open: the ramp as a schedule, reconnects paced
// apart, on made-up clocks.
#include "fleet/connectscheduler.h"

#include <QTest>

#include <vector>

using namespace NetCore;

namespace {
constexpr qint64 Ms = 1'000'000;
constexpr qint64 Start = 1'000 * Ms;

std::vector<ConnectScheduler::Connect> take(ConnectScheduler &scheduler, qint64 nowNs, int max = 1'000'000)
{
    std::vector<ConnectScheduler::Connect> out;
    scheduler.takeDue(nowNs, max, out);
    return out;
}
} // namespace

class tst_ConnectScheduler : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void rampSlots_data();
    void rampSlots();
    void lateWakeUpTakesEveryConnectDue();
    void burstsAreBounded();
    void noRampIsAllAtOnce();
    void reconnectsWaitForTheirBackOff();
    void reconnectsCatchUpByOneAfterALateWakeUp();
    void rampGoesBeforeReconnects();
    void clearForgetsWhatWasNotTaken();
};

void tst_ConnectScheduler::rampSlots_data()
{
    QTest::addColumn<double>("rate");
    QTest::addColumn<int>("stride");
    QTest::addColumn<int>("offset");
    QTest::addColumn<int>("index");
    QTest::addColumn<qint64>("dueAfterStartNs");

    QTest::newRow("one worker, first") << 1000.0 << 1 << 0 << 0 << qint64(0);
    QTest::newRow("one worker, tenth") << 1000.0 << 1 << 0 << 10 << 10 * Ms;
    QTest::newRow("second of two workers, first") << 1000.0 << 2 << 1 << 0 << 1 * Ms;
    QTest::newRow("second of two workers, third") << 1000.0 << 2 << 1 << 2 << 5 * Ms;
    QTest::newRow("fraction of a microsecond, no drift") << 3000.0 << 1 << 0 << 3000 << 1000 * Ms;
    QTest::newRow("20k/s, 19,999th") << 20000.0 << 1 << 0 << 19999 << qint64(999'950'000);
}

void tst_ConnectScheduler::rampSlots()
{
    QFETCH(double, rate);
    QFETCH(int, stride);
    QFETCH(int, offset);
    QFETCH(int, index);
    QFETCH(qint64, dueAfterStartNs);
    ConnectScheduler scheduler;
    scheduler.planRamp(Start, index + 1, rate, stride, offset);
    QCOMPARE(scheduler.rampDueNs(index), Start + dueAfterStartNs);
}

void tst_ConnectScheduler::lateWakeUpTakesEveryConnectDue()
{
    // 1,000/s: a wake-up 50 ms late finds 51 connects due and gets all of them, not
    // one (the fleet fell behind its ramp under load when it caught up by one).
    ConnectScheduler scheduler;
    scheduler.planRamp(Start, 100, 1000.0);
    QCOMPARE(take(scheduler, Start).size(), size_t(1));
    QCOMPARE(scheduler.nextDueNs(), Start + 1 * Ms);
    const auto late = take(scheduler, Start + 51 * Ms);
    QCOMPARE(late.size(), size_t(51));
    QCOMPARE(late.front().index, 1);
    QCOMPARE(late.back().index, 51);
    QVERIFY(!late.front().reconnect);
    QCOMPARE(scheduler.nextDueNs(), Start + 52 * Ms);
    QCOMPARE(scheduler.rampRemaining(), 48);
    // The rest keep their slots: nothing is shifted by the late wake-up.
    QCOMPARE(take(scheduler, Start + 99 * Ms).size(), size_t(48));
    QVERIFY(scheduler.isEmpty());
    QCOMPARE(scheduler.nextDueNs(), ConnectScheduler::Never);
}

void tst_ConnectScheduler::burstsAreBounded()
{
    ConnectScheduler scheduler;
    scheduler.planRamp(Start, 100, 1000.0);
    QCOMPARE(take(scheduler, Start + 99 * Ms, 32).size(), size_t(32));
    // The rest are due already: the caller comes back at once.
    QVERIFY(scheduler.nextDueNs() <= Start + 99 * Ms);
    QCOMPARE(take(scheduler, Start + 99 * Ms, 32).size(), size_t(32));
    QCOMPARE(take(scheduler, Start + 99 * Ms, 32).size(), size_t(32));
    QCOMPARE(take(scheduler, Start + 99 * Ms, 32).size(), size_t(4));
    QVERIFY(scheduler.isEmpty());
}

void tst_ConnectScheduler::noRampIsAllAtOnce()
{
    ConnectScheduler scheduler;
    scheduler.planRamp(Start, 10, 0.0);
    QCOMPARE(scheduler.nextDueNs(), Start);
    QCOMPARE(take(scheduler, Start).size(), size_t(10));
}

void tst_ConnectScheduler::reconnectsWaitForTheirBackOff()
{
    ConnectScheduler scheduler;
    scheduler.setReconnectRate(1000.0);
    scheduler.queueReconnect(7, Start + 100 * Ms);
    scheduler.queueReconnect(3, Start + 50 * Ms);
    QCOMPARE(scheduler.nextDueNs(), Start + 50 * Ms);
    QVERIFY(take(scheduler, Start + 49 * Ms).empty());
    const auto first = take(scheduler, Start + 50 * Ms);
    QCOMPARE(first.size(), size_t(1));
    QCOMPARE(first.front().index, 3);
    QVERIFY(first.front().reconnect);
    QCOMPARE(scheduler.nextDueNs(), Start + 100 * Ms);
    QCOMPARE(take(scheduler, Start + 100 * Ms).front().index, 7);
}

void tst_ConnectScheduler::reconnectsCatchUpByOneAfterALateWakeUp()
{
    // A server that dropped everyone: 100 reconnects due at once, 1,000/s allowed.
    ConnectScheduler scheduler;
    scheduler.setReconnectRate(1000.0);
    for (int i = 0; i < 100; ++i)
        scheduler.queueReconnect(i, Start);
    // One, and one slot of catching up (the limiter was idle), then one per slot.
    QCOMPARE(take(scheduler, Start).size(), size_t(2));
    QCOMPARE(scheduler.nextDueNs(), Start + 1 * Ms);
    QCOMPARE(take(scheduler, Start + 1 * Ms).size(), size_t(1));
    // 20 ms late: the limit allows one slot of catching up, not twenty.
    QCOMPARE(take(scheduler, Start + 21 * Ms).size(), size_t(2));
    QCOMPARE(take(scheduler, Start + 21 * Ms).size(), size_t(0));
    QCOMPARE(scheduler.nextDueNs(), Start + 22 * Ms);
}

void tst_ConnectScheduler::rampGoesBeforeReconnects()
{
    ConnectScheduler scheduler;
    scheduler.planRamp(Start, 2, 1000.0);
    scheduler.setReconnectRate(1000.0);
    scheduler.queueReconnect(5, Start);
    const auto due = take(scheduler, Start + 1 * Ms);
    QCOMPARE(due.size(), size_t(3));
    QVERIFY(!due[0].reconnect);
    QVERIFY(!due[1].reconnect);
    QVERIFY(due[2].reconnect);
    QCOMPARE(due[2].index, 5);
}

void tst_ConnectScheduler::clearForgetsWhatWasNotTaken()
{
    ConnectScheduler scheduler;
    scheduler.planRamp(Start, 10, 1000.0);
    scheduler.queueReconnect(1, Start);
    scheduler.clear();
    QVERIFY(scheduler.isEmpty());
    QVERIFY(take(scheduler, Start + 1000 * Ms).empty());
    QCOMPARE(scheduler.nextDueNs(), ConnectScheduler::Never);
}

QTEST_GUILESS_MAIN(tst_ConnectScheduler)
#include "tst_connectscheduler.moc"
