// SPDX-License-Identifier: GPL-3.0-or-later
#include "fleet/messagetemplate.h"

#include <QSet>
#include <QTemporaryDir>
#include <QTest>

using namespace NetCore;

class tst_MessageTemplate : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void patternAndFixed();
    void randomBytesVaryAndStayPrintableForLines();
    void listIsSentInTurn();
    void fileOfMessages();
    void fileErrorsNameTheLine_data();
    void fileErrorsNameTheLine();
    void problemsWithAFraming_data();
    void problemsWithAFraming();
};

void tst_MessageTemplate::patternAndFixed()
{
    const MessageTemplate pattern = MessageTemplate::pattern(30);
    QCOMPARE(pattern.payloadFor(0), QByteArrayView("abcdefghijklmnopqrstuvwxyzabcd"));
    QCOMPARE(pattern.payloadFor(5), pattern.payloadFor(0));
    QCOMPARE(pattern.largestPayload(), qsizetype(30));
    QCOMPARE(MessageTemplate::pattern(0).payloadFor(3).size(), qsizetype(0));
    const MessageTemplate fixed = MessageTemplate::fixed("GET /\r\n");
    QCOMPARE(fixed.payloadFor(7), QByteArrayView("GET /\r\n"));
    QCOMPARE(fixed.describe(), QStringLiteral("a fixed message of 7 bytes"));
}

void tst_MessageTemplate::randomBytesVaryAndStayPrintableForLines()
{
    const MessageTemplate binary = MessageTemplate::random(64, 5);
    const MessageTemplate again = MessageTemplate::random(64, 5);
    QSet<QByteArray> seen;
    for (quint64 i = 0; i < 200; ++i) {
        QCOMPARE(binary.payloadFor(i).size(), qsizetype(64));
        QCOMPARE(binary.payloadFor(i), again.payloadFor(i)); // same seed, same bytes
        seen.insert(binary.payloadFor(i).toByteArray());
    }
    QVERIFY2(seen.size() > 190, qPrintable(QString::number(seen.size())));
    const MessageTemplate printable = MessageTemplate::random(256, 9, true);
    for (quint64 i = 0; i < 100; ++i) {
        for (const char c : printable.payloadFor(i))
            QVERIFY(c >= 0x20 && c < 0x7f);
    }
    QVERIFY(printable.problemWith(Framing::Line, 1 << 20).isEmpty());
}

void tst_MessageTemplate::listIsSentInTurn()
{
    const MessageTemplate list = MessageTemplate::list({"one", "two", "three"});
    QCOMPARE(list.kind(), MessageTemplate::Kind::List);
    QCOMPARE(list.payloadFor(0), QByteArrayView("one"));
    QCOMPARE(list.payloadFor(1), QByteArrayView("two"));
    QCOMPARE(list.payloadFor(2), QByteArrayView("three"));
    QCOMPARE(list.payloadFor(3), QByteArrayView("one"));
    QCOMPARE(list.largestPayload(), qsizetype(5));
    QCOMPARE(MessageTemplate::list({"only"}).kind(), MessageTemplate::Kind::Fixed);
}

void tst_MessageTemplate::fileOfMessages()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("messages.txt"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("# a login, then queries\r\nLOGIN bob\n\nQUERY\\t1\n\\x00\\x01\nGET {seq:dec} {{x}\n");
    file.close();
    QString error;
    const auto stored = MessageTemplate::readMessagesFile(path, &error);
    QVERIFY2(stored, qPrintable(error));
    const MessageTemplate messages = MessageTemplate::list(*stored);
    QCOMPARE(messages.messageCount(), 4);
    QCOMPARE(messages.payloadFor(0), QByteArrayView("LOGIN bob"));
    QCOMPARE(messages.payloadFor(1), QByteArrayView("QUERY\t1"));
    QCOMPARE(messages.payloadFor(2), QByteArrayView("\0\1", 2));
    QVERIFY(messages.hasFields());
    QByteArray scratch;
    FieldRandom random;
    QCOMPARE(messages.render(3, FieldValues{42, 0, 0, &random}, scratch), QByteArrayView("GET 42 {x}"));
    QCOMPARE(messages.render(0, FieldValues{43, 0, 0, &random}, scratch), QByteArrayView("LOGIN bob"));
}

void tst_MessageTemplate::fileErrorsNameTheLine_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("message");
    QTest::newRow("bad escape") << QByteArray("ok\nbad \\q\n") << QStringLiteral("line 2: unknown escape \\q");
    QTest::newRow("empty") << QByteArray("# only a comment\n\n") << QStringLiteral("has no messages");
    QTest::newRow("bad field") << QByteArray("GET {seq:u24}\n") << QStringLiteral("line 1: field {seq:u24}: 'u24' is not a format");
}

void tst_MessageTemplate::fileErrorsNameTheLine()
{
    QFETCH(QByteArray, content);
    QFETCH(QString, message);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("bad.txt"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(content);
    file.close();
    QString error;
    QVERIFY(!MessageTemplate::readMessagesFile(path, &error));
    QVERIFY2(error.startsWith(path) && error.contains(message), qPrintable(error));
    QVERIFY(!MessageTemplate::readMessagesFile(dir.filePath(QStringLiteral("missing")), &error));
    QVERIFY2(error.startsWith(QStringLiteral("cannot read ")), qPrintable(error));
}

void tst_MessageTemplate::problemsWithAFraming_data()
{
    QTest::addColumn<QList<QByteArray>>("messages");
    QTest::addColumn<Framing>("framing");
    QTest::addColumn<QString>("problem");
    QTest::newRow("fine") << QList<QByteArray>{"a", "b"} << Framing(Framing::Line) << QString();
    QTest::newRow("resp, one value each") << QList<QByteArray>{"*1\r\n$4\r\nPING\r\n", "+x\r\n"} << Framing(Framing::Resp)
                                          << QString();
    QTest::newRow("resp, plain words") << QList<QByteArray>{"GET k"} << Framing(Framing::Resp)
                                       << QStringLiteral("the message is not one RESP value (bad-type)") + QStringLiteral(": write it in RESP, e.g. *2\\r\\n$3\\r\\nGET\\r\\n$1\\r\\nk\\r\\n");
    QTest::newRow("resp, unfinished") << QList<QByteArray>{"+ok\r\n", "$5\r\nab\r\n"} << Framing(Framing::Resp)
                                      << QStringLiteral("message 2 is not one RESP value (it ends before its value does)") + QStringLiteral(": write it in RESP, e.g. *2\\r\\n$3\\r\\nGET\\r\\n$1\\r\\nk\\r\\n");
    QTest::newRow("resp, two values in one") << QList<QByteArray>{"+a\r\n+b\r\n"} << Framing(Framing::Resp)
                                             << QStringLiteral("the message is not one RESP value (bytes follow its first value)") + QStringLiteral(": write it in RESP, e.g. *2\\r\\n$3\\r\\nGET\\r\\n$1\\r\\nk\\r\\n");
    QTest::newRow("newline in a line") << QList<QByteArray>{"a\nb"} << Framing(Framing::Line)
                                       << QStringLiteral("the message contains a newline, which ends a line in line framing");
    QTest::newRow("newline in the second") << QList<QByteArray>{"a", "b\n"} << Framing(Framing::Line)
                                           << QStringLiteral("message 2 contains a newline, which ends a line in line framing");
    QTest::newRow("newline is fine in wb1") << QList<QByteArray>{"a\nb"} << Framing(Framing::Wb1) << QString();
    QTest::newRow("too large for len2") << QList<QByteArray>{QByteArray(70000, 'x')} << Framing(Framing::Len2Be)
                                        << QStringLiteral("a payload of 70000 bytes does not fit len2be framing (at most 65535)");
    QTest::newRow("modbus frame, field left zero") << QList<QByteArray>{QByteArray::fromHex("000100000000010300000001")}
                                                   << Framing::length(4, 2, Framing::ByteOrder::BigEndian) << QString();
    QTest::newRow("shorter than the length field") << QList<QByteArray>{"ab", QByteArray::fromHex("000100000000")}
                                                   << Framing::length(4, 2, Framing::ByteOrder::BigEndian)
                                                   << QStringLiteral("message 1 is 2 bytes, shorter than length:4:2:be's header and adjustment");
    QTest::newRow("mqtt pingreq") << QList<QByteArray>{QByteArray::fromHex("c000")} << Framing::varint(1) << QString();
    QTest::newRow("no size byte for varint") << QList<QByteArray>{QByteArray::fromHex("c0")} << Framing::varint(1)
                                             << QStringLiteral("the message has no size field at byte 1 for varint:1 (write 00 there: it is filled in)");
    QTest::newRow("separator inside") << QList<QByteArray>{"get k", "a\r\nb"} << Framing::delimited("\r\n")
                                      << QStringLiteral("message 2 contains the separator, which ends a frame in delim:\\r\\n framing");
    QTest::newRow("fixed size") << QList<QByteArray>{"abcd", "abc"} << Framing::fixed(4)
                                << QStringLiteral("message 2 is 3 bytes; fixed:4 frames are 4");
}

void tst_MessageTemplate::problemsWithAFraming()
{
    QFETCH(QList<QByteArray>, messages);
    QFETCH(Framing, framing);
    QFETCH(QString, problem);
    QCOMPARE(MessageTemplate::list(messages).problemWith(framing, framing == Framing::Len2Be ? 65535 : 1 << 20), problem);
}

QTEST_APPLESS_MAIN(tst_MessageTemplate)
#include "tst_messagetemplate.moc"
