// SPDX-License-Identifier: GPL-3.0-or-later
#include "codectestsupport.h"

#include "codec/linecodec.h"

#include <QTest>

using namespace NetCore;
using namespace CodecTestSupport;

class tst_LineCodec : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void decodes_data();
    void decodes();
    void encodes_data();
    void encodes();
    void longLineIsRefusedWithoutBufferingMore();
    void emptyInputWaits();
};

void tst_LineCodec::decodes_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QList<QByteArray>>("lines");
    QTest::addColumn<FrameError>("error");
    QTest::addColumn<qsizetype>("leftover");

    const QList<QByteArray> none;
    QTest::newRow("one line") << QByteArray("hello\n") << QList<QByteArray>{"hello"} << FrameError::None << qsizetype(0);
    QTest::newRow("crlf tolerated") << QByteArray("a\r\nb\n") << QList<QByteArray>{"a", "b"} << FrameError::None
                                    << qsizetype(0);
    QTest::newRow("only one cr dropped") << QByteArray("a\r\r\n") << QList<QByteArray>{"a\r"} << FrameError::None
                                         << qsizetype(0);
    QTest::newRow("empty lines") << QByteArray("\n\r\n\n") << QList<QByteArray>{"", "", ""} << FrameError::None
                                 << qsizetype(0);
    QTest::newRow("partial line waits") << QByteArray("done\npart") << QList<QByteArray>{"done"} << FrameError::None
                                        << qsizetype(4);
    QTest::newRow("binary bytes kept") << QByteArray("\x00\x01\xff\n", 4) << QList<QByteArray>{QByteArray("\x00\x01\xff", 3)}
                                       << FrameError::None << qsizetype(0);
    QTest::newRow("exactly the maximum (8)") << QByteArray("12345678\n") << QList<QByteArray>{"12345678"}
                                             << FrameError::None << qsizetype(0);
    QTest::newRow("maximum with crlf") << QByteArray("12345678\r\n") << QList<QByteArray>{"12345678"}
                                       << FrameError::None << qsizetype(0);
    QTest::newRow("one over the maximum") << QByteArray("ok\n123456789\nnext\n") << QList<QByteArray>{"ok"}
                                          << FrameError::TooLarge << qsizetype(0);
    QTest::newRow("long line, no newline yet") << QByteArray("123456789ABC") << none << FrameError::TooLarge
                                               << qsizetype(0);
}

void tst_LineCodec::decodes()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QList<QByteArray>, lines);
    QFETCH(FrameError, error);
    QFETCH(qsizetype, leftover);

    QVERIFY(decodesAlike(LineCodec(8), bytes, lines, error, leftover));
}

void tst_LineCodec::encodes_data()
{
    QTest::addColumn<QByteArray>("payload");
    QTest::addColumn<QByteArray>("wire");
    QTest::addColumn<FrameError>("error");

    QTest::newRow("text") << QByteArray("GET /") << QByteArray("GET /\n") << FrameError::None;
    QTest::newRow("empty") << QByteArray() << QByteArray("\n") << FrameError::None;
    QTest::newRow("embedded newline refused") << QByteArray("a\nb") << QByteArray() << FrameError::NewlineInPayload;
    QTest::newRow("over the maximum refused") << QByteArray("123456789") << QByteArray() << FrameError::TooLarge;
}

void tst_LineCodec::encodes()
{
    QFETCH(QByteArray, payload);
    QFETCH(QByteArray, wire);
    QFETCH(FrameError, error);

    QVERIFY(encodesAs(LineCodec(8), payload, wire, error));
}

void tst_LineCodec::longLineIsRefusedWithoutBufferingMore()
{
    // A peer that never sends a newline is refused once the maximum is passed,
    // however much more it would send.
    QCOMPARE(chunksUntilRefused(LineCodec(1000), QByteArray(100, 'x')), 11);
}

void tst_LineCodec::emptyInputWaits()
{
    const LineCodec codec;
    Frame frame;
    const DecodeResult result = codec.decode(QByteArrayView(), frame);
    QCOMPARE(result.status, DecodeResult::Status::Incomplete);
    QCOMPARE(result.needed, qsizetype(1));
}

QTEST_GUILESS_MAIN(tst_LineCodec)
#include "tst_linecodec.moc"
