// SPDX-License-Identifier: GPL-3.0-or-later
// PreciseTimer: fires once at its deadline, on the epoll dispatcher and elsewhere, and
// on the epoll dispatcher within one pass however many descriptors are ready.
#include "alwaysready.h"
#include "epollthread.h"

#include "io/monotonicclock.h"
#include "io/precisetimer.h"
#include "io/resourcelimits.h"

#include <QSignalSpy>
#include <QTest>
#include <QThread>

#include <atomic>
#include <memory>
#include <vector>


using namespace NetCore;


class tst_PreciseTimer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { ResourceLimits::raiseFileDescriptorLimit(); }
    void firesOnceAtItsDeadline_data();
    void firesOnceAtItsDeadline();
    void stopCancels();
    void firesWithinOnePassWhileManyDescriptorsAreReady();
};

void tst_PreciseTimer::firesOnceAtItsDeadline_data()
{
    QTest::addColumn<bool>("epoll");
    QTest::newRow("epoll dispatcher") << true;
    QTest::newRow("Qt's dispatcher") << false;
}

void tst_PreciseTimer::firesOnceAtItsDeadline()
{
    QFETCH(bool, epoll);
    std::unique_ptr<EpollThread> epollThread = epoll ? std::make_unique<EpollThread>() : nullptr;
    QThread plainThread;
    QObject plainContext;
    if (!epoll) {
        plainThread.start();
        plainContext.moveToThread(&plainThread);
    }
    QObject *context = epoll ? epollThread->context() : &plainContext;

    std::atomic<int> fired{0};
    std::atomic<qint64> firedAtNs{0};
    qint64 deadlineNs = 0;
    QMetaObject::invokeMethod(
        context,
        [&] {
            auto *timer = new PreciseTimer(context);
            QVERIFY(timer->isValid());
            QObject::connect(timer, &PreciseTimer::timeout, timer, [&] {
                firedAtNs = monotonicNowNs();
                ++fired;
            });
            deadlineNs = monotonicNowNs() + 20'000'000;
            timer->startAt(deadlineNs);
        },
        Qt::BlockingQueuedConnection);
    QTRY_COMPARE_WITH_TIMEOUT(fired.load(), 1, 5000);
    QVERIFY(firedAtNs.load() >= deadlineNs);
    // One shot: nothing more comes.
    QTest::qWait(60);
    QCOMPARE(fired.load(), 1);

    if (!epoll) {
        QMetaObject::invokeMethod(&plainContext, [&] { qDeleteAll(plainContext.children()); }, Qt::BlockingQueuedConnection);
        plainThread.quit();
        plainThread.wait();
    }
}

void tst_PreciseTimer::stopCancels()
{
    EpollThread thread;
    std::atomic<int> fired{0};
    thread.run([&] {
        auto *timer = new PreciseTimer(thread.context());
        QObject::connect(timer, &PreciseTimer::timeout, timer, [&] { ++fired; });
        timer->startAt(monotonicNowNs() + 10'000'000);
        timer->stop();
    });
    QTest::qWait(60);
    QCOMPARE(fired.load(), 0);
}

void tst_PreciseTimer::firesWithinOnePassWhileManyDescriptorsAreReady()
{
    // 2,000 descriptors that are always ready, as a thread's busy connections are. A
    // timer due now fires in the next pass (at most 256 descriptors are handled per
    // pass); a timerfd of its own waited behind all of them.
    constexpr int Descriptors = 2000;
    EpollThread thread;
    std::atomic<int> calls{0};
    std::vector<std::unique_ptr<AlwaysReady>> ready;
    std::atomic<int> callsBeforeTimeout{-1};
    thread.run([&] {
        for (int i = 0; i < Descriptors; ++i) {
            ready.push_back(std::make_unique<AlwaysReady>(calls));
            QVERIFY(ready.back()->isValid());
            ready.back()->start();
        }
    });
    // Let the loop go round a few times, every descriptor now in the ready list.
    QTRY_VERIFY_WITH_TIMEOUT(calls.load() > 4 * Descriptors, 10000);
    thread.run([&] {
        auto *timer = new PreciseTimer(thread.context());
        const int before = calls.load();
        QObject::connect(timer, &PreciseTimer::timeout, timer,
                         [&, before] { callsBeforeTimeout = calls.load() - before; });
        timer->startAt(monotonicNowNs());
    });
    QTRY_VERIFY_WITH_TIMEOUT(callsBeforeTimeout.load() >= 0, 10000);
    qInfo("handler calls before the timer fired: %d", callsBeforeTimeout.load());
    QVERIFY2(callsBeforeTimeout.load() <= 256, qPrintable(QString::number(callsBeforeTimeout.load())));
    thread.run([&] { ready.clear(); });
}

QTEST_GUILESS_MAIN(tst_PreciseTimer)
#include "tst_precisetimer.moc"
