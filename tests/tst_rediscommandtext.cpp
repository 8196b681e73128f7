// SPDX-License-Identifier: GPL-3.0-or-later
// Redis commands typed as words, to the RESP arrays a server reads, fields and quotes included.
#include "text/fieldtemplate.h"
#include "text/rediscommandtext.h"

#include <QTest>

using namespace NetCore;

class tst_RedisCommandText : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void buildsArrays_data();
    void buildsArrays();
    void badCommandsAreNamed_data();
    void badCommandsAreNamed();
};

void tst_RedisCommandText::buildsArrays_data()
{
    QTest::addColumn<QString>("command");
    QTest::addColumn<QByteArray>("wire"); // rendered with sequence 42 and a fixed random source
    QTest::newRow("GET") << "GET k" << QByteArray("*2\r\n$3\r\nGET\r\n$1\r\nk\r\n");
    QTest::newRow("spaces between words") << "  PING   " << QByteArray("*1\r\n$4\r\nPING\r\n");
    QTest::newRow("a field in a word") << "GET key:{seq:dec}" << QByteArray("*2\r\n$3\r\nGET\r\n$6\r\nkey:42\r\n");
    QTest::newRow("double quotes with escapes") << "SET k \"a b\\r\\n\"" << QByteArray("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$5\r\na b\r\n\r\n");
    QTest::newRow("single quotes as written") << "SET k 'x\\ny'" << QByteArray("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$4\r\nx\\ny\r\n");
    QTest::newRow("an empty word") << "SET k \"\"" << QByteArray("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$0\r\n\r\n");
    QTest::newRow("a literal brace") << "SET k {\"a\":1}" << QByteArray("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$7\r\n{\"a\":1}\r\n");
}

void tst_RedisCommandText::buildsArrays()
{
    QFETCH(QString, command);
    QFETCH(QByteArray, wire);
    QString why;
    const auto stored = RedisCommandText::build(command, &why);
    QVERIFY2(stored, qPrintable(why));
    FieldRandom random;
    QByteArray out;
    FieldTemplate::compile(*stored).render(FieldValues{42, 0, 0, &random}, out);
    QCOMPARE(out, wire);
}

void tst_RedisCommandText::badCommandsAreNamed_data()
{
    QTest::addColumn<QString>("command");
    QTest::addColumn<QString>("message");
    QTest::newRow("empty") << "   " << "the command is empty";
    QTest::newRow("unclosed quote") << "SET k \"abc" << "a quoted word starting at character 7 is not closed";
    QTest::newRow("text after a quote") << "SET \"k\"x" << "must be followed by a space";
    QTest::newRow("bad field") << "GET {seq:u24}" << "word 2: field {seq:u24}";
}

void tst_RedisCommandText::badCommandsAreNamed()
{
    QFETCH(QString, command);
    QFETCH(QString, message);
    QString why;
    QVERIFY(!RedisCommandText::build(command, &why));
    QVERIFY2(why.contains(message), qPrintable(why));
}

QTEST_GUILESS_MAIN(tst_RedisCommandText)
#include "tst_rediscommandtext.moc"
