// SPDX-License-Identifier: GPL-3.0-or-later
#include "text/fieldtemplate.h"

#include <QSet>
#include <QTest>

using namespace NetCore;

class tst_FieldTemplate : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void fillsEachFormat_data();
    void fillsEachFormat();
    void sequenceWrapsWithinItsWidthAndSkipsZero_data();
    void sequenceWrapsWithinItsWidthAndSkipsZero();
    void randomFieldsStayInRangeAndVary();
    void badFieldsAreNamed_data();
    void badFieldsAreNamed();
    void literalsAndBraces();
    void maxSizeBoundsEveryRendering();
};

void tst_FieldTemplate::fillsEachFormat_data()
{
    QTest::addColumn<QByteArray>("stored");
    QTest::addColumn<QByteArray>("expected");
    // sequence 0x0102 (258), connection 7, time 0x0102030405060708.
    QTest::newRow("seq u8") << QByteArray("{seq:u8}") << QByteArray("\x03", 1); // 258 wraps at 255 → 3
    QTest::newRow("seq u16be") << QByteArray("{seq:u16be}") << QByteArray("\x01\x02", 2);
    QTest::newRow("seq u16le") << QByteArray("{seq:u16le}") << QByteArray("\x02\x01", 2);
    QTest::newRow("seq u32be") << QByteArray("{seq:u32be}") << QByteArray("\0\0\x01\x02", 4);
    QTest::newRow("seq u32le") << QByteArray("{seq:u32le}") << QByteArray("\x02\x01\0\0", 4);
    QTest::newRow("seq u64be") << QByteArray("{seq:u64be}") << QByteArray("\0\0\0\0\0\0\x01\x02", 8);
    QTest::newRow("seq u64le") << QByteArray("{seq:u64le}") << QByteArray("\x02\x01\0\0\0\0\0\0", 8);
    QTest::newRow("seq dec") << QByteArray("id={seq:dec};") << QByteArray("id=258;");
    QTest::newRow("conn dec") << QByteArray("c{conn:dec}") << QByteArray("c7");
    QTest::newRow("conn u16be") << QByteArray("{conn:u16be}") << QByteArray("\0\x07", 2);
    QTest::newRow("time u64be") << QByteArray("{time:u64be}") << QByteArray("\x01\x02\x03\x04\x05\x06\x07\x08");
    QTest::newRow("time u32be is its low bits") << QByteArray("{time:u32be}") << QByteArray("\x05\x06\x07\x08");
    QTest::newRow("fields between bytes") << QByteArray("\x10{seq:u16be}\x20") << QByteArray("\x10\x01\x02\x20", 4);
    QTest::newRow("two fields") << QByteArray("{conn:dec}-{seq:dec}") << QByteArray("7-258");
    // {bulk}: a RESP bulk string whose length is counted once its fields are filled.
    QTest::newRow("bulk") << QByteArray("*2\r\n$3\r\nGET\r\n{bulk}key:{seq:dec}{/bulk}") << QByteArray("*2\r\n$3\r\nGET\r\n$7\r\nkey:258\r\n");
    QTest::newRow("two bulks") << QByteArray("{bulk}{conn:dec}{/bulk}{bulk}{{x{/bulk}") << QByteArray("$1\r\n7\r\n$2\r\n{x\r\n");
    QTest::newRow("nested bulks") << QByteArray("{bulk}a{bulk}b{/bulk}{/bulk}") << QByteArray("$8\r\na$1\r\nb\r\n\r\n");
    QTest::newRow("an unclosed bulk ends with the message") << QByteArray("{bulk}{seq:dec}") << QByteArray("$3\r\n258\r\n");
    QTest::newRow("a stray close is nothing") << QByteArray("a{/bulk}b") << QByteArray("ab");
}

void tst_FieldTemplate::fillsEachFormat()
{
    QFETCH(QByteArray, stored);
    QFETCH(QByteArray, expected);
    const FieldTemplate t = FieldTemplate::compile(stored);
    QVERIFY(t.hasFields());
    FieldRandom random;
    QByteArray out("prefix");
    t.render(FieldValues{258, 7, 0x0102030405060708ULL, &random}, out);
    QCOMPARE(out, QByteArray("prefix") + expected);
}

void tst_FieldTemplate::sequenceWrapsWithinItsWidthAndSkipsZero_data()
{
    QTest::addColumn<QByteArray>("stored");
    QTest::addColumn<quint64>("count");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("u8 first") << QByteArray("{seq:u8}") << quint64(1) << QByteArray("\x01");
    QTest::newRow("u8 last") << QByteArray("{seq:u8}") << quint64(255) << QByteArray("\xff");
    QTest::newRow("u8 wraps to 1") << QByteArray("{seq:u8}") << quint64(256) << QByteArray("\x01");
    QTest::newRow("u16 last") << QByteArray("{seq:u16be}") << quint64(65535) << QByteArray("\xff\xff");
    QTest::newRow("u16 wraps to 1") << QByteArray("{seq:u16be}") << quint64(65536) << QByteArray("\0\x01", 2);
    QTest::newRow("dec does not wrap") << QByteArray("{seq:dec}") << quint64(65536) << QByteArray("65536");
}

void tst_FieldTemplate::sequenceWrapsWithinItsWidthAndSkipsZero()
{
    QFETCH(QByteArray, stored);
    QFETCH(quint64, count);
    QFETCH(QByteArray, expected);
    QByteArray out;
    FieldTemplate::compile(stored).render(FieldValues{count, 0, 0, nullptr}, out);
    QCOMPARE(out, expected);
}

void tst_FieldTemplate::randomFieldsStayInRangeAndVary()
{
    FieldRandom random{42};
    const FieldTemplate range = FieldTemplate::compile("{rand:10-12}");
    const FieldTemplate bytes = FieldTemplate::compile("{bytes:13}");
    const FieldTemplate word = FieldTemplate::compile("{rand:u32be}");
    QSet<QByteArray> ranges, blobs, words;
    for (int i = 0; i < 200; ++i) {
        QByteArray out;
        range.render(FieldValues{1, 0, 0, &random}, out);
        QVERIFY2(out == "10" || out == "11" || out == "12", out.constData());
        ranges.insert(out);
        out.clear();
        bytes.render(FieldValues{1, 0, 0, &random}, out);
        QCOMPARE(out.size(), qsizetype(13));
        blobs.insert(out);
        out.clear();
        word.render(FieldValues{1, 0, 0, &random}, out);
        QCOMPARE(out.size(), qsizetype(4));
        words.insert(out);
    }
    QCOMPARE(ranges.size(), qsizetype(3));
    QVERIFY(blobs.size() > 190);
    QVERIFY(words.size() > 190);
    // The same seed gives the same bytes.
    FieldRandom again{42};
    QByteArray first, second;
    range.render(FieldValues{1, 0, 0, &again}, first);
    FieldRandom third{42};
    range.render(FieldValues{1, 0, 0, &third}, second);
    QCOMPARE(first, second);
}

void tst_FieldTemplate::badFieldsAreNamed_data()
{
    QTest::addColumn<QString>("spec");
    QTest::addColumn<QString>("message");
    QTest::newRow("unknown name") << QStringLiteral("id:u8") << QStringLiteral("unknown field 'id'");
    QTest::newRow("no format") << QStringLiteral("seq") << QStringLiteral("'' is not a format");
    QTest::newRow("bad format") << QStringLiteral("seq:u24be") << QStringLiteral("'u24be' is not a format");
    QTest::newRow("bytes without a count") << QStringLiteral("bytes:") << QStringLiteral("{bytes:N} with N from 1");
    QTest::newRow("bytes zero") << QStringLiteral("bytes:0") << QStringLiteral("{bytes:N} with N from 1");
    QTest::newRow("bulk with an argument") << QStringLiteral("bulk:4") << QStringLiteral("write {bulk} and {/bulk}");
    QTest::newRow("bytes too many") << QStringLiteral("bytes:9999999") << QStringLiteral("{bytes:N} with N from 1");
    QTest::newRow("range reversed") << QStringLiteral("rand:9-3") << QStringLiteral("minimum 9 is above its maximum 3");
    QTest::newRow("range not numbers") << QStringLiteral("rand:a-b") << QStringLiteral("two unsigned decimal numbers");
    QTest::newRow("negative range") << QStringLiteral("rand:-3-4") << QStringLiteral("two unsigned decimal numbers");
}

void tst_FieldTemplate::badFieldsAreNamed()
{
    QFETCH(QString, spec);
    QFETCH(QString, message);
    QString error;
    QVERIFY(!FieldTemplate::parseField(spec, &error));
    QVERIFY2(error.startsWith(QStringLiteral("field {%1}").arg(spec)) && error.contains(message), qPrintable(error));
}

void tst_FieldTemplate::literalsAndBraces()
{
    const FieldTemplate plain = FieldTemplate::compile("PING\r\n");
    QVERIFY(!plain.hasFields());
    QCOMPARE(plain.literal(), QByteArray("PING\r\n"));
    // "{{" is a brace; a brace that starts no field is one too.
    const FieldTemplate json = FieldTemplate::compile("{{\"a\":{seq:dec}} {x}");
    QVERIFY(json.hasFields());
    QByteArray out;
    json.render(FieldValues{5, 0, 0, nullptr}, out);
    QCOMPARE(out, QByteArray("{\"a\":5} {x}"));
    QCOMPARE(FieldTemplate::escapeLiteral("a{b}{{"), QByteArray("a{{b}{{{{"));
    QCOMPARE(FieldTemplate::compile(FieldTemplate::escapeLiteral("{seq:u8}")).literal(), QByteArray("{seq:u8}"));
}

void tst_FieldTemplate::maxSizeBoundsEveryRendering()
{
    const FieldTemplate t = FieldTemplate::compile("x{seq:dec}{rand:0-99999}{bytes:3}{conn:u16le}");
    QCOMPARE(t.maxSize(), qsizetype(1 + 20 + 5 + 3 + 2));
    FieldRandom random;
    QByteArray out;
    t.render(FieldValues{~quint64(0), 0, 0, &random}, out);
    QVERIFY(out.size() <= t.maxSize());
    // Nested bulks at their largest: each header is written in the room kept for it.
    const FieldTemplate bulks = FieldTemplate::compile("{bulk}{bulk}{seq:dec}{bytes:200}{/bulk}{/bulk}");
    QByteArray bulkOut("before");
    bulks.render(FieldValues{~quint64(0), 0, 0, &random}, bulkOut);
    QVERIFY(bulkOut.size() - 6 <= bulks.maxSize());
    QVERIFY(bulkOut.startsWith("before$228\r\n$220\r\n18446744073709551615"));
}

QTEST_GUILESS_MAIN(tst_FieldTemplate)
#include "tst_fieldtemplate.moc"
