// SPDX-License-Identifier: GPL-3.0-or-later
#include "behaviour/faultinjector.h"
#include "behaviour/faultplan.h"
#include "codec/framecodec.h"

#include <QTest>

using namespace NetCore;

namespace {
constexpr qint64 Ms = 1'000'000;
}

class tst_FaultPlan : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parsesAndWritesBack_data();
    void parsesAndWritesBack();
    void rejectsBadSpecs_data();
    void rejectsBadSpecs();
    void windowsOnceAndRepeated();
    void probabilitiesHoldForAFixedSeed();
    void corruptionIsDetectableAndKeepsLines_data();
    void corruptionIsDetectableAndKeepsLines();
};

void tst_FaultPlan::parsesAndWritesBack_data()
{
    QTest::addColumn<QStringList>("specs");
    QTest::addColumn<QStringList>("written");
    QTest::newRow("none") << QStringList() << QStringList();
    QTest::newRow("drop") << QStringList{QStringLiteral("drop:0.25")} << QStringList{QStringLiteral("drop:0.25")};
    QTest::newRow("all, any order")
        << QStringList{QStringLiteral("refuse:500"), QStringLiteral("stall:200@5000"), QStringLiteral("corrupt:0.1"),
                       QStringLiteral("close:0.01"), QStringLiteral("close-after:3"), QStringLiteral("drop:1")}
        << QStringList{QStringLiteral("drop:1"), QStringLiteral("close-after:3"), QStringLiteral("close:0.01"),
                       QStringLiteral("corrupt:0.1"), QStringLiteral("stall:200@5000"), QStringLiteral("refuse:500")};
    QTest::newRow("fractional ms") << QStringList{QStringLiteral("stall:0.5")} << QStringList{QStringLiteral("stall:0.5")};
}

void tst_FaultPlan::parsesAndWritesBack()
{
    QFETCH(QStringList, specs);
    QFETCH(QStringList, written);
    QString error;
    const auto plan = FaultPlan::parse(specs, &error);
    QVERIFY2(plan, qPrintable(error));
    QCOMPARE(plan->specs(), written);
    QCOMPARE(plan->isEmpty(), written.isEmpty());
    const auto again = FaultPlan::parse(plan->specs());
    QVERIFY(again);
    QCOMPARE(again->specs(), written);
}

void tst_FaultPlan::rejectsBadSpecs_data()
{
    QTest::addColumn<QString>("spec");
    QTest::addColumn<QString>("message");
    QTest::newRow("unknown") << QStringLiteral("explode:1") << QStringLiteral("fault 'explode:1': unknown");
    QTest::newRow("probability above 1") << QStringLiteral("drop:1.5")
                                         << QStringLiteral("fault 'drop:1.5': '1.5' is not a probability from 0 to 1");
    QTest::newRow("probability missing") << QStringLiteral("corrupt") << QStringLiteral("fault 'corrupt': '' is not a probability");
    QTest::newRow("close-after zero") << QStringLiteral("close-after:0")
                                      << QStringLiteral("fault 'close-after:0': '0' is not a whole number of frames above 0");
    QTest::newRow("stall without time") << QStringLiteral("stall:") << QStringLiteral("fault 'stall:': expected stall:MS[@EVERY_MS]");
    QTest::newRow("period shorter than stall")
        << QStringLiteral("stall:500@100") << QStringLiteral("fault 'stall:500@100': the period '100' must be longer than the stall");
    QTest::newRow("period not a number") << QStringLiteral("stall:200@oops")
                                         << QStringLiteral("fault 'stall:200@oops': the period 'oops' is not a number of milliseconds above 0");
    QTest::newRow("negative refuse") << QStringLiteral("refuse:-5") << QStringLiteral("fault 'refuse:-5': expected refuse:MS");
}

void tst_FaultPlan::rejectsBadSpecs()
{
    QFETCH(QString, spec);
    QFETCH(QString, message);
    QString error;
    QVERIFY(!FaultPlan::parse({spec}, &error));
    QVERIFY2(error.startsWith(message), qPrintable(error));
    QVERIFY(!FaultPlan::parse({QStringLiteral("drop:0.1"), QStringLiteral("drop:0.2")}, &error));
    QVERIFY2(error.contains(QLatin1String("given twice")), qPrintable(error));
}

void tst_FaultPlan::windowsOnceAndRepeated()
{
    const FaultPlan::Window once{200 * Ms, 0};
    QVERIFY(once.activeAt(0));
    QVERIFY(once.activeAt(199 * Ms));
    QVERIFY(!once.activeAt(200 * Ms));
    QCOMPARE(once.nextChangeAt(10 * Ms), 200 * Ms);
    QCOMPARE(once.nextChangeAt(300 * Ms), qint64(-1));

    // The last 200 ms of every second: [800, 1000), [1800, 2000), ...
    const FaultPlan::Window repeated{200 * Ms, 1000 * Ms};
    QVERIFY(!repeated.activeAt(0));
    QVERIFY(!repeated.activeAt(799 * Ms));
    QVERIFY(repeated.activeAt(800 * Ms));
    QVERIFY(repeated.activeAt(999 * Ms));
    QVERIFY(!repeated.activeAt(1000 * Ms));
    QVERIFY(repeated.activeAt(1900 * Ms));
    QCOMPARE(repeated.nextChangeAt(0), 800 * Ms);
    QCOMPARE(repeated.nextChangeAt(850 * Ms), 1000 * Ms);
    QCOMPARE(repeated.nextChangeAt(1000 * Ms), 1800 * Ms);

    QVERIFY(!FaultPlan::Window{}.activeAt(0));
    QCOMPARE(FaultPlan::Window{}.nextChangeAt(0), qint64(-1));
}

void tst_FaultPlan::probabilitiesHoldForAFixedSeed()
{
    FaultPlan plan;
    plan.dropProbability = 0.3;
    FaultInjector first(42), second(42);
    first.setPlan(plan, 0);
    second.setPlan(plan, 0);
    constexpr int Trials = 20000;
    int dropped = 0;
    for (int i = 0; i < Trials; ++i) {
        const bool drop = first.dropReply();
        QCOMPARE(second.dropReply(), drop); // same seed, same decisions
        dropped += drop ? 1 : 0;
    }
    // Binomial: sd = sqrt(n p (1-p)) ~ 65; five of them either way.
    QVERIFY2(qAbs(dropped - 6000) < 5 * 65, qPrintable(QString::number(dropped)));
    QVERIFY(!first.corruptReply()); // probability 0 never fires
    QVERIFY(!first.closeAfter(1000));
}

void tst_FaultPlan::corruptionIsDetectableAndKeepsLines_data()
{
    QTest::addColumn<Framing>("framing");
    QTest::addColumn<QByteArray>("payload");
    QTest::addColumn<bool>("corrupted");
    QTest::newRow("wb1") << Framing(Framing::Wb1) << QByteArray("hello") << true;
    QTest::newRow("wb1 empty payload") << Framing(Framing::Wb1) << QByteArray() << true;
    QTest::newRow("line") << Framing(Framing::Line) << QByteArray("hello") << true;
    QTest::newRow("line near a newline") << Framing(Framing::Line) << QByteArray("\x0b\x0b\x0b") << true;
    QTest::newRow("len4be") << Framing(Framing::Len4Be) << QByteArray("abcdef") << true;
    QTest::newRow("len2le empty") << Framing(Framing::Len2Le) << QByteArray() << false;
}

void tst_FaultPlan::corruptionIsDetectableAndKeepsLines()
{
    QFETCH(Framing, framing);
    QFETCH(QByteArray, payload);
    QFETCH(bool, corrupted);
    const auto codec = makeCodec(framing, 0);
    QByteArray out("previous bytes");
    const qsizetype start = out.size();
    QCOMPARE(codec->encode(Frame{quint8(FrameType::Reply), 0, 7, 0, payload}, out), FrameError::None);
    const QByteArray clean = out;
    QCOMPARE(FaultInjector::corruptFrame(out, start, payload.size(), framing), corrupted);
    QCOMPARE(out.left(start), clean.left(start)); // earlier frames untouched
    QCOMPARE(out.size(), clean.size());
    if (!corrupted) {
        QCOMPARE(out, clean);
        return;
    }
    QVERIFY(out != clean);
    Frame frame;
    const DecodeResult result = codec->decode(QByteArrayView(out).sliced(start), frame);
    if (framing == Framing::Wb1) {
        QCOMPARE(result.status, DecodeResult::Status::Failed);
        QCOMPARE(result.error, FrameError::BadChecksum);
    } else {
        QCOMPARE(result.status, DecodeResult::Status::Complete);
        QCOMPARE(result.consumed, out.size() - start); // a line still ends where it did
        QVERIFY(frame.payload != QByteArrayView(payload));
    }
}

QTEST_APPLESS_MAIN(tst_FaultPlan)
#include "tst_faultplan.moc"
