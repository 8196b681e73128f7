// SPDX-License-Identifier: GPL-3.0-or-later
// resp: one RESP2/RESP3 value per frame, whole and in pieces, with every error.
#include "codectestsupport.h"

#include "codec/respcodec.h"

#include <QTest>

using namespace NetCore;
using namespace CodecTestSupport;

class tst_RespCodec : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void decodes_data();
    void decodes();
    void encodesAsWritten();
    void limitsAreCheckedWhileReading();
    void errorRepliesAreReplies();
};

void tst_RespCodec::decodes_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QList<QByteArray>>("frames");
    QTest::addColumn<FrameError>("error");
    QTest::addColumn<qsizetype>("leftover");

    using Frames = QList<QByteArray>;
    const QByteArray ok = "+OK\r\n";
    const QByteArray error = "-ERR unknown command 'FOO'\r\n";
    const QByteArray integer = ":-42\r\n";
    const QByteArray bulk = "$5\r\nhello\r\n";
    const QByteArray bulkWithCrlf = "$7\r\nhi\r\nyou\r\n";
    const QByteArray nullBulk = "$-1\r\n";
    const QByteArray emptyBulk = "$0\r\n\r\n";
    const QByteArray command = "*2\r\n$3\r\nGET\r\n$1\r\nk\r\n";
    const QByteArray nested = "*2\r\n*1\r\n:1\r\n*0\r\n";
    const QByteArray nullArray = "*-1\r\n";
    QTest::newRow("RESP2 values, pipelined")
        << ok + error + integer + bulk + bulkWithCrlf + nullBulk + emptyBulk + command + nested + nullArray
        << Frames{ok, error, integer, bulk, bulkWithCrlf, nullBulk, emptyBulk, command, nested, nullArray}
        << FrameError::None << qsizetype(0);
    const QByteArray map = "%2\r\n+a\r\n:1\r\n+b\r\n#t\r\n";
    const QByteArray set = "~2\r\n,3.14\r\n(3492890328409238509324850943850943825024385\r\n";
    const QByteArray push = ">3\r\n+message\r\n+chan\r\n=9\r\ntxt:hello\r\n";
    const QByteArray attributed = "|1\r\n+ttl\r\n:60\r\n$2\r\nok\r\n"; // the attribute and its value: one frame
    const QByteArray nulls = "_\r\n";
    const QByteArray bulkError = "!11\r\nSYNTAX bad!\r\n";
    QTest::newRow("RESP3 values") << map + set + push + attributed + nulls + bulkError
                                  << Frames{map, set, push, attributed, nulls, bulkError} << FrameError::None
                                  << qsizetype(0);
    QTest::newRow("an array waits for its last element") << QByteArray("*2\r\n$3\r\nGET\r\n$1\r\n") << Frames{}
                                                          << FrameError::None << qsizetype(17);
    QTest::newRow("a bulk string waits for its CR LF") << QByteArray("$5\r\nhello") << Frames{} << FrameError::None
                                                       << qsizetype(9);
    QTest::newRow("unknown type byte") << QByteArray("+OK\r\n?what\r\n") << Frames{ok} << FrameError::BadType
                                       << qsizetype(0);
    QTest::newRow("bare LF") << QByteArray("+OK\n") << Frames{} << FrameError::BadSyntax << qsizetype(0);
    QTest::newRow("bulk without its CR LF") << QByteArray("$2\r\nabXY") << Frames{} << FrameError::BadSyntax
                                            << qsizetype(0);
    QTest::newRow("integer not a number") << QByteArray(":12a\r\n") << Frames{} << FrameError::BadSyntax << qsizetype(0);
    QTest::newRow("boolean neither t nor f") << QByteArray("#x\r\n") << Frames{} << FrameError::BadSyntax << qsizetype(0);
    QTest::newRow("bulk length not a number") << QByteArray("$x\r\n") << Frames{} << FrameError::BadLength << qsizetype(0);
    QTest::newRow("negative bulk length") << QByteArray("$-2\r\n") << Frames{} << FrameError::BadLength << qsizetype(0);
    QTest::newRow("null map") << QByteArray("%-1\r\n") << Frames{} << FrameError::BadLength << qsizetype(0);
}

void tst_RespCodec::decodes()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QList<QByteArray>, frames);
    QFETCH(FrameError, error);
    QFETCH(qsizetype, leftover);
    const RespCodec codec(4096);
    QVERIFY(decodesAlike(codec, bytes, frames, error, leftover));
}

void tst_RespCodec::encodesAsWritten()
{
    const RespCodec codec(64);
    QVERIFY(encodesAs(codec, "*1\r\n$4\r\nPING\r\n", "*1\r\n$4\r\nPING\r\n", FrameError::None));
    QVERIFY(encodesAs(codec, QByteArray(65, '+'), {}, FrameError::TooLarge));
}

void tst_RespCodec::limitsAreCheckedWhileReading()
{
    // A bulk string over the maximum is refused from its length, before its bytes come.
    const RespCodec small(100);
    QVERIFY(decodesAlike(small, "$1000000\r\n", {}, FrameError::TooLarge, 0));
    // A whole value over the maximum, made of small parts.
    QByteArray many = "*50\r\n";
    for (int i = 0; i < 50; ++i)
        many += ":1\r\n";
    QVERIFY(decodesAlike(small, many, {}, FrameError::TooLarge, 0));
    // A simple line that never ends: refused once it passes the maximum with its type
    // byte and CR LF (103 bytes), at the tenth chunk of 11.
    QCOMPARE(chunksUntilRefused(small, "+aaaaaaaaaa"), 10);
    // Nesting past the limit, and more elements than an aggregate may have.
    const RespCodec large(1 << 20);
    QVERIFY(decodesAlike(large, QByteArray("*1\r\n").repeated(RespCodec::MaxDepth + 1) + ":1\r\n", {},
                         FrameError::TooDeep, 0));
    QVERIFY(decodesAlike(large, QByteArray("*1\r\n").repeated(RespCodec::MaxDepth) + ":1\r\n",
                         {QByteArray("*1\r\n").repeated(RespCodec::MaxDepth) + ":1\r\n"}, FrameError::None, 0));
    QVERIFY(decodesAlike(large, "*99999999\r\n", {}, FrameError::TooManyElements, 0));
}

void tst_RespCodec::errorRepliesAreReplies()
{
    QVERIFY(RespCodec::isErrorReply("-ERR wrong\r\n"));
    QVERIFY(RespCodec::isErrorReply("!3\r\nbad\r\n"));
    QVERIFY(!RespCodec::isErrorReply("+OK\r\n"));
    QVERIFY(!RespCodec::isErrorReply({}));
    QCOMPARE(frameErrorCode(FrameError::TooDeep), QByteArrayView("too-deep"));
    QVERIFY(isFatal(FrameError::BadType));
}

QTEST_GUILESS_MAIN(tst_RespCodec)
#include "tst_respcodec.moc"
