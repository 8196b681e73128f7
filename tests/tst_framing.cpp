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
    void generalFramingsParse_data();
    void generalFramingsParse();
    void badParametersAreNamed_data();
    void badParametersAreNamed();
    void factoryHonoursMaximum();
};

void tst_Framing::namesRoundTrip_data()
{
    QTest::addColumn<Framing>("framing");
    QTest::addColumn<QString>("name");
    QTest::addColumn<qsizetype>("defaultMax");
    QTest::addColumn<bool>("bySequence");

    QTest::newRow("wb1") << Framing(Framing::Wb1) << "wb1" << qsizetype(16 * 1024 * 1024) << true;
    QTest::newRow("line") << Framing(Framing::Line) << "line" << qsizetype(64 * 1024) << false;
    QTest::newRow("len2be") << Framing(Framing::Len2Be) << "len2be" << qsizetype(65535) << false;
    QTest::newRow("len2le") << Framing(Framing::Len2Le) << "len2le" << qsizetype(65535) << false;
    QTest::newRow("len4be") << Framing(Framing::Len4Be) << "len4be" << qsizetype(16 * 1024 * 1024) << false;
    QTest::newRow("len4le") << Framing(Framing::Len4Le) << "len4le" << qsizetype(16 * 1024 * 1024) << false;
    QTest::newRow("raw") << Framing(Framing::Raw) << "raw" << qsizetype(64 * 1024) << false;
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

void tst_Framing::generalFramingsParse_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<Framing>("framing");
    QTest::addColumn<QString>("canonical");
    QTest::addColumn<qsizetype>("defaultMax");

    using Order = Framing::ByteOrder;
    QTest::newRow("modbus") << "length:4:2:be" << Framing::length(4, 2, Order::BigEndian) << "length:4:2:be"
                            << qsizetype(6 + 65535);
    QTest::newRow("postgresql") << "length:1:4:be:-4" << Framing::length(1, 4, Order::BigEndian, -4)
                                << "length:1:4:be:-4" << qsizetype(16 << 20);
    QTest::newRow("mysql, upper case") << "LENGTH:0:3:LE:1" << Framing::length(0, 3, Order::LittleEndian, 1)
                                       << "length:0:3:le:1" << qsizetype(16 << 20);
    QTest::newRow("adjust 0 left out") << "length:0:2:be:0" << Framing::length(0, 2, Order::BigEndian) << "length:0:2:be"
                                       << qsizetype(2 + 65535);
    QTest::newRow("mqtt") << "varint:1" << Framing::varint(1) << "varint:1" << qsizetype(16 << 20);
    QTest::newRow("crlf") << "delim:\\r\\n" << Framing::delimited("\r\n") << "delim:\\r\\n" << qsizetype(64 * 1024);
    QTest::newRow("a colon in the separator") << "delim:a:b" << Framing::delimited("a:b") << "delim:a:b"
                                              << qsizetype(64 * 1024);
    QTest::newRow("memcached END") << "delim:END\\r\\n" << Framing::delimited("END\r\n") << "delim:END\\r\\n"
                                   << qsizetype(64 * 1024);
    QTest::newRow("fixed") << "fixed:16" << Framing::fixed(16) << "fixed:16" << qsizetype(16);
}

void tst_Framing::generalFramingsParse()
{
    QFETCH(QString, name);
    QFETCH(Framing, framing);
    QFETCH(QString, canonical);
    QFETCH(qsizetype, defaultMax);
    QString error;
    const auto parsed = parseFraming(name, &error);
    QVERIFY2(parsed, qPrintable(error));
    QVERIFY(*parsed == framing);
    QCOMPARE(framingName(framing), canonical);
    QVERIFY(*parseFraming(canonical) == framing);
    const auto codec = makeCodec(framing);
    QVERIFY(codec->framing() == framing);
    QCOMPARE(codec->maxPayload(), defaultMax);
    QVERIFY(!codec->matchesBySequence());
}

void tst_Framing::badParametersAreNamed_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("error");
    QTest::newRow("length, too few parts") << "length:0:2" << "length: expected length:OFFSET:SIZE:be|le[:ADJUST], e.g. length:0:2:be";
    QTest::newRow("length, size 5") << "length:0:5:be" << "length: SIZE must be 1, 2, 3, 4 or 8; found '5'";
    QTest::newRow("length, order") << "length:0:2:network" << "length: ORDER must be be or le; found 'network'";
    QTest::newRow("length, offset") << "length:-1:2:be" << "length: OFFSET must be 0 to 65535; found '-1'";
    QTest::newRow("length, adjust") << "length:0:2:be:x" << "length: ADJUST must be -65535 to 65535; found 'x'";
    QTest::newRow("varint, no offset") << "varint" << "varint: expected varint:OFFSET with OFFSET 0 to 65535, e.g. varint:1";
    QTest::newRow("delim, empty") << "delim:" << "delim: the separator is empty (e.g. delim:\\r\\n)";
    QTest::newRow("delim, bad escape") << "delim:\\q" << "delim: ";
    QTest::newRow("fixed, zero") << "fixed:0" << "fixed: expected fixed:N with N 1 to 16777216, e.g. fixed:16";
    QTest::newRow("unknown") << "xml" << "expected one of wb1|line|";
}

void tst_Framing::badParametersAreNamed()
{
    QFETCH(QString, name);
    QFETCH(QString, error);
    QString why;
    QVERIFY(!parseFraming(name, &why));
    QVERIFY2(why.startsWith(error), qPrintable(why));
}

void tst_Framing::factoryHonoursMaximum()
{
    QCOMPARE(makeCodec(Framing::Wb1, 512)->maxPayload(), qsizetype(512));
    QCOMPARE(makeCodec(Framing::Line, 80)->maxPayload(), qsizetype(80));
    QCOMPARE(makeCodec(Framing::Len2Le, 1 << 20)->maxPayload(), qsizetype(65535));
    QCOMPARE(makeCodec(Framing::Raw, 0)->maxPayload(), defaultMaxPayload(Framing::Raw));
    // A size field caps what it can describe; fixed:N is N whatever is asked.
    QCOMPARE(makeCodec(Framing::length(0, 1, Framing::ByteOrder::BigEndian), 1 << 20)->maxPayload(), qsizetype(1 + 255));
    QCOMPARE(makeCodec(Framing::fixed(8), 1 << 20)->maxPayload(), qsizetype(8));
}

QTEST_GUILESS_MAIN(tst_Framing)
#include "tst_framing.moc"
