// SPDX-License-Identifier: GPL-3.0-or-later
#include "text/hexbytes.h"

#include <QTest>

using namespace NetCore;

class tst_HexBytes : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parses_data();
    void parses();
    void formatsAndDumps();
};

void tst_HexBytes::parses_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("error");

    QTest::newRow("spaced") << "57 42 01" << true << QByteArray("WB\x01") << QString();
    QTest::newRow("packed mixed case") << "5742aBcD" << true << QByteArray("WB\xab\xcd") << QString();
    QTest::newRow("0x prefixes and commas") << "0x57, 0x42" << true << QByteArray("WB") << QString();
    QTest::newRow("colons and newlines") << "57:42\n01" << true << QByteArray("WB\x01") << QString();
    QTest::newRow("empty") << "" << true << QByteArray() << QString();
    QTest::newRow("odd digits") << "574" << false << QByteArray()
                                << "odd number of hex digits: the last byte has only one";
    QTest::newRow("not hex") << "57 4g" << false << QByteArray() << "'g' at position 5 splits a byte in two";
    QTest::newRow("stray letter") << "zz" << false << QByteArray() << "'z' at position 1 is not a hex digit";
}

void tst_HexBytes::parses()
{
    QFETCH(QString, text);
    QFETCH(bool, ok);
    QFETCH(QByteArray, bytes);
    QFETCH(QString, error);

    QString message;
    const auto parsed = HexBytes::parse(text, &message);
    QCOMPARE(parsed.has_value(), ok);
    if (ok)
        QCOMPARE(*parsed, bytes);
    QCOMPARE(message, error);
}

void tst_HexBytes::formatsAndDumps()
{
    QCOMPARE(HexBytes::format("WB\x01"), QStringLiteral("57 42 01"));
    const QString dump = HexBytes::dump("0123456789abcdefXY\x01");
    QCOMPARE(dump,
             QStringLiteral("00000000  30 31 32 33 34 35 36 37  38 39 61 62 63 64 65 66  0123456789abcdef\n"
                            "00000010  58 59 01                                          XY.\n"));
    QVERIFY(HexBytes::dump(QByteArray(100, 'a'), 32).endsWith(QStringLiteral("... 68 more bytes not shown\n")));
}

QTEST_GUILESS_MAIN(tst_HexBytes)
#include "tst_hexbytes.moc"
