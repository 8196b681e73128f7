// SPDX-License-Identifier: GPL-3.0-or-later
#include "io/ringqueue.h"

#include <QRandomGenerator>
#include <QTest>

#include <deque>

using namespace NetCore;

namespace {
struct Item {
    quint64 sequence;
    qint64 time;
    bool flag;
    bool operator==(const Item &) const = default;
};
} // namespace

class tst_RingQueue : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void keepsOrderAcrossWrapAndGrowth();
    void removeAtMovesOnlyThoseBehind_data();
    void removeAtMovesOnlyThoseBehind();
    void removeFirstIsBounded();
    void clearGivesTheMemoryBack();
    void behavesLikeADequeUnderRandomUse_data();
    void behavesLikeADequeUnderRandomUse();
};

void tst_RingQueue::keepsOrderAcrossWrapAndGrowth()
{
    RingQueue<Item> queue;
    QCOMPARE(queue.capacity(), 0);
    quint64 next = 0;
    quint64 expected = 0;
    // A window of 3 slides a long way through a ring of 4: the head wraps many times.
    for (int round = 0; round < 1000; ++round) {
        while (queue.size() < 3)
            queue.append({next, qint64(next), false}), ++next;
        QCOMPARE(queue[0].sequence, expected);
        queue.removeFirst();
        ++expected;
    }
    QCOMPARE(queue.capacity(), 4);
    // Then it grows while wrapped, keeping the order.
    for (int i = 0; i < 50; ++i)
        queue.append({next, qint64(next), false}), ++next;
    QCOMPARE(queue.size(), 52);
    QCOMPARE(queue.capacity(), 64);
    for (qsizetype i = 0; i < queue.size(); ++i)
        QCOMPARE(queue[i].sequence, expected + quint64(i));
}

void tst_RingQueue::removeAtMovesOnlyThoseBehind_data()
{
    QTest::addColumn<int>("index");
    QTest::addColumn<QList<int>>("left");
    QTest::newRow("first") << 0 << QList<int>{1, 2, 3, 4};
    QTest::newRow("middle") << 2 << QList<int>{0, 1, 3, 4};
    QTest::newRow("last") << 4 << QList<int>{0, 1, 2, 3};
    QTest::newRow("past the end") << 5 << QList<int>{0, 1, 2, 3, 4};
    QTest::newRow("negative") << -1 << QList<int>{0, 1, 2, 3, 4};
}

void tst_RingQueue::removeAtMovesOnlyThoseBehind()
{
    QFETCH(int, index);
    QFETCH(QList<int>, left);
    RingQueue<Item> queue;
    // Start the ring part-way round, so the items straddle its end.
    for (int i = 0; i < 6; ++i)
        queue.append({99, 0, false});
    queue.removeFirst(6);
    for (int i = 0; i < 5; ++i)
        queue.append({quint64(i), i, i % 2 == 0});
    queue.removeAt(index);
    QCOMPARE(queue.size(), left.size());
    for (qsizetype i = 0; i < left.size(); ++i)
        QCOMPARE(queue[i], (Item{quint64(left[i]), left[i], left[i] % 2 == 0}));
}

void tst_RingQueue::removeFirstIsBounded()
{
    RingQueue<Item> queue;
    for (int i = 0; i < 3; ++i)
        queue.append({quint64(i), i, false});
    queue.removeFirst(0);
    QCOMPARE(queue.size(), 3);
    queue.removeFirst(10);
    QVERIFY(queue.isEmpty());
    queue.append({7, 7, true});
    QCOMPARE(queue[0].sequence, quint64(7));
}

void tst_RingQueue::clearGivesTheMemoryBack()
{
    RingQueue<Item> queue;
    for (int i = 0; i < 100; ++i)
        queue.append({quint64(i), i, false});
    QVERIFY(queue.capacity() >= 100);
    queue.clear();
    QVERIFY(queue.isEmpty());
    QCOMPARE(queue.capacity(), 0);
    queue.append({1, 1, false});
    QCOMPARE(queue.size(), 1);
}

void tst_RingQueue::behavesLikeADequeUnderRandomUse_data()
{
    QTest::addColumn<quint32>("seed");
    for (quint32 seed : {1u, 2u, 3u, 20261121u})
        QTest::addRow("seed %u", seed) << seed;
}

void tst_RingQueue::behavesLikeADequeUnderRandomUse()
{
    QFETCH(quint32, seed);
    QRandomGenerator random(seed);
    RingQueue<Item> queue;
    std::deque<Item> model;
    quint64 next = 0;
    for (int step = 0; step < 20000; ++step) {
        const quint32 operation = random.bounded(10u);
        if (operation < 5) {
            const Item item{next++, qint64(random.generate()), random.bounded(2u) == 1};
            queue.append(item);
            model.push_back(item);
        } else if (operation < 7) {
            const auto count = qsizetype(random.bounded(4u));
            queue.removeFirst(count);
            model.erase(model.begin(), model.begin() + std::min<qsizetype>(count, qsizetype(model.size())));
        } else if (operation < 9 && !model.empty()) {
            const auto index = qsizetype(random.bounded(quint32(model.size())));
            queue.removeAt(index);
            model.erase(model.begin() + index);
        } else if (random.bounded(100u) == 0) {
            queue.clear();
            model.clear();
        }
        QCOMPARE(queue.size(), qsizetype(model.size()));
        if (!model.empty()) {
            QCOMPARE(queue[0], model.front());
            QCOMPARE(queue[queue.size() - 1], model.back());
        }
    }
    for (qsizetype i = 0; i < queue.size(); ++i)
        QCOMPARE(queue[i], model[size_t(i)]);
}

QTEST_GUILESS_MAIN(tst_RingQueue)
#include "tst_ringqueue.moc"
