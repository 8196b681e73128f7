// SPDX-License-Identifier: GPL-3.0-or-later
// Which request a reply answers: in order, or by WB1 sequence; timeouts from the front.
#include "fleet/inflightrequests.h"

#include <QTest>

using namespace NetCore;

namespace {
InFlightRequests three(InFlightRequests::Matching matching)
{
    InFlightRequests requests(matching);
    requests.append({10, 100, 110, 1, false});
    requests.append({11, 200, 210, 2, true});
    requests.append({12, 300, 310, 3, false});
    return requests;
}

Frame replyWithSequence(quint64 sequence)
{
    Frame frame;
    frame.sequence = sequence;
    return frame;
}
} // namespace

class tst_InFlightRequests : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void findsTheRequestAReplyAnswers_data();
    void findsTheRequestAReplyAnswers();
    void byKeyFindsAnyInFlight();
    void takeRemovesOnlyThatOne();
    void expiresFromTheFront();
};

void tst_InFlightRequests::findsTheRequestAReplyAnswers_data()
{
    QTest::addColumn<bool>("bySequence");
    QTest::addColumn<quint64>("replySequence");
    QTest::addColumn<qsizetype>("index");

    QTest::newRow("in order: always the oldest") << false << quint64(12) << qsizetype(0);
    QTest::newRow("in order: sequence ignored") << false << quint64(99) << qsizetype(0);
    QTest::newRow("by sequence: the first") << true << quint64(10) << qsizetype(0);
    QTest::newRow("by sequence: out of order") << true << quint64(12) << qsizetype(2);
    QTest::newRow("by sequence: unknown") << true << quint64(99) << qsizetype(-1);
}

void tst_InFlightRequests::findsTheRequestAReplyAnswers()
{
    QFETCH(bool, bySequence);
    QFETCH(quint64, replySequence);
    QFETCH(qsizetype, index);
    const auto matching = bySequence ? InFlightRequests::Matching::BySequence : InFlightRequests::Matching::InOrder;
    const InFlightRequests requests = three(matching);
    QCOMPARE(requests.find(replyWithSequence(replySequence)), index);
    QCOMPARE(InFlightRequests(matching).find(replyWithSequence(10)), qsizetype(-1)); // nothing in flight
}

void tst_InFlightRequests::byKeyFindsAnyInFlight()
{
    // The key (an id read from request and reply) is kept where WB1 keeps its sequence.
    const InFlightRequests requests = three(InFlightRequests::Matching::ByKey);
    QCOMPARE(requests.findKey(12), qsizetype(2));
    QCOMPARE(requests.findKey(10), qsizetype(0));
    QCOMPARE(requests.findKey(13), qsizetype(-1));
    QCOMPARE(requests[2].ordinal, quint32(3));
}

void tst_InFlightRequests::takeRemovesOnlyThatOne()
{
    InFlightRequests requests = three(InFlightRequests::Matching::BySequence);
    const InFlightRequests::Request taken = requests.take(1);
    QCOMPARE(taken.sequence, quint64(11));
    QCOMPARE(taken.sentNs, qint64(210));
    QVERIFY(taken.traced);
    QCOMPARE(requests.size(), qsizetype(2));
    QCOMPARE(requests[0].sequence, quint64(10));
    QCOMPARE(requests[1].sequence, quint64(12));
    QCOMPARE(requests.find(replyWithSequence(11)), qsizetype(-1));
}

void tst_InFlightRequests::expiresFromTheFront()
{
    InFlightRequests requests = three(InFlightRequests::Matching::InOrder);
    QCOMPARE(requests.expireSentBy(109), qsizetype(0));
    QCOMPARE(requests.expireSentBy(210), qsizetype(2));
    QCOMPARE(requests.size(), qsizetype(1));
    QCOMPARE(requests[0].sequence, quint64(12));
    requests.clear();
    QVERIFY(requests.isEmpty());
    QCOMPARE(requests.expireSentBy(1000), qsizetype(0));
}

QTEST_APPLESS_MAIN(tst_InFlightRequests)
#include "tst_inflightrequests.moc"
