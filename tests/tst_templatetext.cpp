// SPDX-License-Identifier: GPL-3.0-or-later
#include "text/templatetext.h"

#include <QTest>

using namespace NetCore;
using Style = TemplateText::Style;

Q_DECLARE_METATYPE(TemplateText::Style)

class tst_TemplateText : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parsesToTheStoredForm_data();
    void parsesToTheStoredForm();
    void errorsSayWhatIsWrong_data();
    void errorsSayWhatIsWrong();
    void formatIsTheInverse_data();
    void formatIsTheInverse();
};

void tst_TemplateText::parsesToTheStoredForm_data()
{
    QTest::addColumn<Style>("style");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QByteArray>("stored");
    QTest::newRow("escapes, no fields") << Style::Escaped << QStringLiteral("PING\\r\\n") << QByteArray("PING\r\n");
    QTest::newRow("a field in text") << Style::Escaped << QStringLiteral("GET k{seq:dec}\\r\\n") << QByteArray("GET k{seq:dec}\r\n");
    QTest::newRow("doubled brace") << Style::Escaped << QStringLiteral("a{{b") << QByteArray("a{{b");
    QTest::newRow("JSON stays as typed") << Style::Escaped << QStringLiteral("{\"id\":{seq:dec}}")
                                         << QByteArray("{{\"id\":{seq:dec}}");
    QTest::newRow("escaped brace is a brace") << Style::Escaped << QStringLiteral("\\x7bseq:u8}") << QByteArray("{{seq:u8}");
    QTest::newRow("plain keeps backslashes") << Style::Plain << QStringLiteral("a\\n{conn:dec}") << QByteArray("a\\n{conn:dec}");
    QTest::newRow("hex with fields") << Style::Hex << QStringLiteral("{seq:u16be} 00 00 00 06 01 03")
                                     << QByteArray("{seq:u16be}\0\0\0\x06\x01\x03", 17);
    QTest::newRow("hex brace byte") << Style::Hex << QStringLiteral("7b 7d") << QByteArray("{{}");
    QTest::newRow("hex field last") << Style::Hex << QStringLiteral("c0{bytes:2}") << QByteArray("\xc0{bytes:2}");
}

void tst_TemplateText::parsesToTheStoredForm()
{
    QFETCH(Style, style);
    QFETCH(QString, text);
    QFETCH(QByteArray, stored);
    QString error;
    const auto parsed = TemplateText::parse(text, style, &error);
    QVERIFY2(parsed, qPrintable(error));
    QCOMPARE(*parsed, stored);
}

void tst_TemplateText::errorsSayWhatIsWrong_data()
{
    QTest::addColumn<Style>("style");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("message");
    QTest::newRow("bad format in text") << Style::Escaped << QStringLiteral("x{seq:u9}") << QStringLiteral("field {seq:u9}: 'u9' is not a format");
    QTest::newRow("bad escape after a field") << Style::Escaped << QStringLiteral("{seq:dec}\\q")
                                              << QStringLiteral("after character 9: unknown escape \\q");
    QTest::newRow("unknown field in hex") << Style::Hex << QStringLiteral("00 {id:u8}") << QStringLiteral("unknown field 'id'");
    QTest::newRow("unclosed brace in hex") << Style::Hex << QStringLiteral("00 {seq:u8") << QStringLiteral("not closed");
    QTest::newRow("half a byte before a field") << Style::Hex << QStringLiteral("0{seq:u8}") << QStringLiteral("odd number of hex digits");
}

void tst_TemplateText::errorsSayWhatIsWrong()
{
    QFETCH(Style, style);
    QFETCH(QString, text);
    QFETCH(QString, message);
    QString error;
    QVERIFY(!TemplateText::parse(text, style, &error));
    QVERIFY2(error.contains(message), qPrintable(error));
}

void tst_TemplateText::formatIsTheInverse_data()
{
    QTest::addColumn<QByteArray>("stored");
    QTest::addColumn<bool>("utf8"); // plain text can only write UTF-8
    QTest::newRow("plain") << QByteArray("PING") << true;
    QTest::newRow("binary and fields") << QByteArray("\x10\0{seq:u16be}\xff{rand:1-9}", 24) << false;
    QTest::newRow("braces") << QByteArray("{{\"a\":{conn:dec}}") << true;
    QTest::newRow("newline") << QByteArray("GET {seq:dec}\r\n") << true;
}

void tst_TemplateText::formatIsTheInverse()
{
    QFETCH(QByteArray, stored);
    QFETCH(bool, utf8);
    for (const Style style : {Style::Plain, Style::Escaped, Style::Hex}) {
        if (style == Style::Plain && !utf8)
            continue;
        const QString text = TemplateText::format(stored, style);
        QString error;
        const auto parsed = TemplateText::parse(text, style, &error);
        QVERIFY2(parsed, qPrintable(text + QStringLiteral(": ") + error));
        QCOMPARE(*parsed, stored);
    }
}

QTEST_GUILESS_MAIN(tst_TemplateText)
#include "tst_templatetext.moc"
