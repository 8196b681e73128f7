// SPDX-License-Identifier: GPL-3.0-or-later
#include "codec/framecodec.h"
#include "codec/framing.h"

#include <QTest>

using namespace NetCore;

class tst_Framing : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void namesRoundTrip_data();
    void namesRoundTrip();
    void unknownNamesAreRefused();
    void factoryHonoursMaximum();
};

void tst_Framing::namesRoundTrip_data()
{
    QTest::addColumn<Framing>("framing");
    QTest::addColumn<QString>("name");
    QTest::addColumn<qsizetype>("defaultMax");
    QTest::addColumn<bool>("bySequence");

    QTest::newRow("wb1") << Framing::Wb1 << "wb1" << qsizetype(16 * 1024 * 1024) << true;
    QTest::newRow("line") << Framing::Line << "line" << qsizetype(64 * 1024) << false;
    QTest::newRow("len2be") << Framing::Len2Be << "len2be" << qsizetype(65535) << false;
    QTest::newRow("len2le") << Framing::Len2Le << "len2le" << qsizetype(65535) << false;
    QTest::newRow("len4be") << Framing::Len4Be << "len4be" << qsizetype(16 * 1024 * 1024) << false;
    QTest::newRow("len4le") << Framing::Len4Le << "len4le" << qsizetype(16 * 1024 * 1024) << false;
    QTest::newRow("raw") << Framing::Raw << "raw" << qsizetype(64 * 1024) << false;
}

void tst_Framing::namesRoundTrip()
{
    QFETCH(Framing, framing);
    QFETCH(QString, name);
    QFETCH(qsizetype, defaultMax);
    QFETCH(bool, bySequence);

    QCOMPARE(framingName(framing), name);
    QCOMPARE(parseFraming(name), std::optional<Framing>(framing));
    QCOMPARE(parseFraming(name.toUpper()), std::optional<Framing>(framing));
    const auto codec = makeCodec(framing);
    QCOMPARE(codec->framing(), framing);
    QCOMPARE(codec->maxPayload(), defaultMax);
    QCOMPARE(defaultMaxPayload(framing), defaultMax);
    QCOMPARE(codec->matchesBySequence(), bySequence);
}

void tst_Framing::unknownNamesAreRefused()
{
    QVERIFY(!parseFraming(u"len3be"));
    QVERIFY(!parseFraming(u""));
    QVERIFY(!parseFraming(u"wb1 "));
}

void tst_Framing::factoryHonoursMaximum()
{
    QCOMPARE(makeCodec(Framing::Wb1, 512)->maxPayload(), qsizetype(512));
    QCOMPARE(makeCodec(Framing::Line, 80)->maxPayload(), qsizetype(80));
    QCOMPARE(makeCodec(Framing::Len2Le, 1 << 20)->maxPayload(), qsizetype(65535));
    QCOMPARE(makeCodec(Framing::Raw, 0)->maxPayload(), defaultMaxPayload(Framing::Raw));
}

QTEST_GUILESS_MAIN(tst_Framing)
#include "tst_framing.moc"
