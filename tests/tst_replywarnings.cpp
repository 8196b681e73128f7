// SPDX-License-Identifier: GPL-3.0-or-later
// A fleet whose replies mostly go wrong says so, with the share, the error and a hint.
#include "fleet/fleetcounters.h"
#include "fleet/replywarnings.h"

#include <QTest>

using namespace NetCore;

Q_DECLARE_METATYPE(NetCore::FleetCounters)

class tst_ReplyWarnings : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void warns_data();
    void warns();
};

void tst_ReplyWarnings::warns_data()
{
    QTest::addColumn<FleetCounters>("counters");
    QTest::addColumn<int>("framing");
    QTest::addColumn<QStringList>("expected"); // one substring per warning, in order; empty: no warning

    FleetCounters healthy;
    healthy.sent = 10000;
    healthy.received = 9990;
    healthy.timeouts = 10;
    QTest::newRow("a healthy run") << healthy << int(Framing::Wb1) << QStringList{};

    FleetCounters faulty = healthy; // a 5% drop fault is what the run is about
    faulty.received = 9500;
    faulty.timeouts = 500;
    QTest::newRow("a few percent lost") << faulty << int(Framing::Wb1) << QStringList{};

    FleetCounters wrongFraming;
    wrongFraming.sent = 100;
    wrongFraming.received = 2;
    wrongFraming.decodeErrors[size_t(FrameError::BadMagic)] = 97;
    wrongFraming.decodeErrors[size_t(FrameError::TooLarge)] = 1;
    QTest::newRow("replies in another framing")
        << wrongFraming << int(Framing::Wb1)
        << QStringList{QStringLiteral("98% of replies failed to decode (bad magic): does the server speak wb1? "
                                      "Try another --framing.")};

    FleetCounters longLines;
    longLines.sent = 50;
    longLines.decodeErrors[size_t(FrameError::TooLarge)] = 50;
    QTest::newRow("lines too long") << longLines << int(Framing::Line)
                                    << QStringList{QStringLiteral("100% of replies failed to decode (line too long)")};

    FleetCounters twoLinesEach; // a Redis bulk reply read as lines: the second line of each answers nothing
    twoLinesEach.sent = 1000;
    twoLinesEach.received = 1000;
    twoLinesEach.unmatched = 1000;
    QTest::newRow("several frames per reply")
        << twoLinesEach << int(Framing::Line)
        << QStringList{QStringLiteral("50% of replies matched no request: the server sends more line frames")};

    FleetCounters errors;
    errors.sent = 100;
    errors.received = 60;
    errors.errorFrames = 40;
    QTest::newRow("WB1 ERROR frames") << errors << int(Framing::Wb1)
                                      << QStringList{QStringLiteral("40% of replies were WB1 ERROR frames")};

    FleetCounters silent;
    silent.sent = 4;
    silent.timeouts = 3;
    silent.lost = 1;
    QTest::newRow("no reply at all")
        << silent << int(Framing::Len4Be)
        << QStringList{QStringLiteral("No request got a reply (3 timed out, 1 lost with their connection): does the "
                                      "server answer, and does it speak len4be?")};

    FleetCounters echoedRequests = silent; // frames came back, none of them a reply: silence is said first
    echoedRequests.unmatched = 2;
    QTest::newRow("no reply, and frames that answer nothing")
        << echoedRequests << int(Framing::Wb1)
        << QStringList{QStringLiteral("No request got a reply (3 timed out, 1 lost with their connection)"),
                       QStringLiteral("100% of replies matched no request")};

    FleetCounters slow;
    slow.sent = 1000;
    slow.received = 700;
    slow.timeouts = 300;
    QTest::newRow("many timeouts") << slow << int(Framing::Wb1)
                                   << QStringList{QStringLiteral("30% of requests got no reply (300 timed out")};

    FleetCounters both = wrongFraming;
    both.timeouts = 90;
    QTest::newRow("undecoded and timed out")
        << both << int(Framing::Wb1)
        << QStringList{QStringLiteral("failed to decode (bad magic)"), QStringLiteral("90% of requests got no reply")};
}

void tst_ReplyWarnings::warns()
{
    QFETCH(FleetCounters, counters);
    QFETCH(int, framing);
    QFETCH(QStringList, expected);
    const QStringList warnings = replyWarnings(counters, Framing(Framing::Kind(framing)));
    QCOMPARE(warnings.size(), expected.size());
    for (qsizetype i = 0; i < expected.size(); ++i)
        QVERIFY2(warnings[i].contains(expected[i]), qPrintable(warnings[i]));
}

QTEST_APPLESS_MAIN(tst_ReplyWarnings)
#include "tst_replywarnings.moc"
