// SPDX-License-Identifier: GPL-3.0-or-later
#include "text/escapedtext.h"

#include <QTest>

using namespace NetCore;

class tst_EscapedText : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parsesEscapes_data();
    void parsesEscapes();
    void rejectsBadEscapes_data();
    void rejectsBadEscapes();
    void formatRoundTrips();
};

void tst_EscapedText::parsesEscapes_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QByteArray>("bytes");
    QTest::newRow("plain") << QStringLiteral("PING") << QByteArray("PING");
    QTest::newRow("empty") << QString() << QByteArray();
    QTest::newRow("newline and tab") << QStringLiteral("a\\nb\\tc\\r") << QByteArray("a\nb\tc\r");
    QTest::newRow("nul") << QStringLiteral("x\\0y") << QByteArray("x\0y", 3);
    QTest::newRow("backslash") << QStringLiteral("C:\\\\dir") << QByteArray("C:\\dir");
    QTest::newRow("hex either case") << QStringLiteral("\\x41\\xff\\xFe") << QByteArray("A\xff\xfe");
    QTest::newRow("utf-8") << QStringLiteral("café") << QByteArray("caf\xc3\xa9");
    QTest::newRow("escape at the end") << QStringLiteral("ok\\n") << QByteArray("ok\n");
}

void tst_EscapedText::parsesEscapes()
{
    QFETCH(QString, text);
    QFETCH(QByteArray, bytes);
    QString error;
    const auto parsed = EscapedText::parse(text, &error);
    QVERIFY2(parsed, qPrintable(error));
    QCOMPARE(*parsed, bytes);
}

void tst_EscapedText::rejectsBadEscapes_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("message");
    QTest::newRow("lone backslash") << QStringLiteral("abc\\") << QStringLiteral("a lone backslash at the end (position 4)");
    QTest::newRow("unknown") << QStringLiteral("a\\qb") << QStringLiteral("unknown escape \\q at position 2");
    QTest::newRow("short hex") << QStringLiteral("\\x4") << QStringLiteral("\\x at position 1 needs two hex digits");
    QTest::newRow("bad hex") << QStringLiteral("ab\\xg0") << QStringLiteral("\\x at position 3 needs two hex digits");
}

void tst_EscapedText::rejectsBadEscapes()
{
    QFETCH(QString, text);
    QFETCH(QString, message);
    QString error;
    QVERIFY(!EscapedText::parse(text, &error));
    QVERIFY2(error.startsWith(message), qPrintable(error));
}

void tst_EscapedText::formatRoundTrips()
{
    QByteArray all;
    for (int i = 0; i < 256; ++i)
        all += char(i);
    const QString text = EscapedText::format(all);
    QVERIFY(text.contains(QLatin1String("\\x00")));
    QVERIFY(text.contains(QLatin1String("\\n")));
    QVERIFY(text.contains(QLatin1String("ABC")));
    const auto back = EscapedText::parse(text);
    QVERIFY(back);
    QCOMPARE(*back, all);
}

QTEST_APPLESS_MAIN(tst_EscapedText)
#include "tst_escapedtext.moc"
