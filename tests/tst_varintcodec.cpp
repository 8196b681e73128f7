// SPDX-License-Identifier: GPL-3.0-or-later
// varint:OFFSET: whole frames sized by a base-128 varint (MQTT, protobuf delimited streams).
#include "codectestsupport.h"

#include "codec/varintcodec.h"

#include <QTest>

using namespace NetCore;
using namespace CodecTestSupport;

namespace {
QByteArray hex(const char *text)
{
    return QByteArray::fromHex(text);
}
} // namespace

class tst_VarintCodec : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void decodes_data();
    void decodes();
    void encodes_data();
    void encodes();
    void roundTripsAcrossVarintWidths();
    void sizePastASmallMaximumIsRefusedAtOnce();
};

void tst_VarintCodec::decodes_data()
{
    QTest::addColumn<int>("offset");
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QList<QByteArray>>("frames");
    QTest::addColumn<FrameError>("error");
    QTest::addColumn<qsizetype>("leftover");

    const QByteArray pingreq = hex("c000");
    const QByteArray connack = hex("20020000");
    QTest::newRow("mqtt pingreq and connack") << 1 << pingreq + connack << QList<QByteArray>{pingreq, connack}
                                              << FrameError::None << qsizetype(0);
    const QByteArray big = hex("30c801") + QByteArray(200, 'p'); // 200 = c8 01
    QTest::newRow("two-byte size") << 1 << big << QList<QByteArray>{big} << FrameError::None << qsizetype(0);
    QTest::newRow("protobuf delimited") << 0 << hex("02089601ff") << QList<QByteArray>{hex("020896"), hex("01ff")}
                                        << FrameError::None << qsizetype(0);
    QTest::newRow("size split, waits") << 1 << hex("30c8") << QList<QByteArray>{} << FrameError::None << qsizetype(2);
    QTest::newRow("five size bytes") << 1 << hex("30ffffffff01") << QList<QByteArray>{} << FrameError::BadLength
                                     << qsizetype(0);
    QTest::newRow("over the maximum, from the size") << 1 << hex("30ffff7f") << QList<QByteArray>{}
                                                     << FrameError::TooLarge << qsizetype(0);
}

void tst_VarintCodec::decodes()
{
    QFETCH(int, offset);
    QFETCH(QByteArray, bytes);
    QFETCH(QList<QByteArray>, frames);
    QFETCH(FrameError, error);
    QFETCH(qsizetype, leftover);
    const VarintCodec codec(offset, 4096);
    QVERIFY(decodesAlike(codec, bytes, frames, error, leftover));
}

void tst_VarintCodec::encodes_data()
{
    QTest::addColumn<QByteArray>("payload");
    QTest::addColumn<QByteArray>("wire");
    QTest::addColumn<FrameError>("error");

    QTest::newRow("size rewritten") << hex("820000010000") << hex("820400010000") << FrameError::None;
    QTest::newRow("size grows to two bytes") << hex("30") + hex("00") + QByteArray(130, 'x')
                                             << hex("308201") + QByteArray(130, 'x') << FrameError::None;
    QTest::newRow("size shrinks to one byte") << hex("30ff01") + QByteArray(3, 'x') << hex("3003") + QByteArray(3, 'x')
                                              << FrameError::None;
    QTest::newRow("no size byte") << hex("30") << QByteArray() << FrameError::BadLength;
    QTest::newRow("unfinished size") << hex("3080") << QByteArray() << FrameError::BadLength;
}

void tst_VarintCodec::encodes()
{
    QFETCH(QByteArray, payload);
    QFETCH(QByteArray, wire);
    QFETCH(FrameError, error);
    const VarintCodec codec(1, 1 << 20);
    // The size is rewritten from what follows it: a frame may grow or shrink by a byte.
    Frame frame;
    frame.payload = payload;
    QByteArray out;
    QCOMPARE(codec.encode(frame, out), error);
    QCOMPARE(out.toHex(' '), wire.toHex(' '));
}

void tst_VarintCodec::roundTripsAcrossVarintWidths()
{
    const VarintCodec codec(2, 1 << 22);
    QByteArray stream;
    QList<QByteArray> frames;
    for (qsizetype body : {0, 127, 128, 16383, 16384, 70000}) {
        Frame frame;
        const QByteArray payload = hex("abcd00") + QByteArray(body, 'b');
        frame.payload = payload;
        QCOMPARE(codec.encode(frame, stream), FrameError::None);
        const int sizeBytes = body < 128 ? 1 : body < 16384 ? 2 : 3;
        frames << stream.right(2 + sizeBytes + body);
    }
    QVERIFY(decodesAlike(codec, stream, frames, FrameError::None, 0));
}

void tst_VarintCodec::sizePastASmallMaximumIsRefusedAtOnce()
{
    // Frames of at most 2 bytes: an unfinished size after the header is already too
    // much, however the bytes were split, and a 5-byte size says the same.
    const VarintCodec codec(1, 2);
    QVERIFY(decodesAlike(codec, hex("30ff"), {}, FrameError::TooLarge, 0));
    QVERIFY(decodesAlike(codec, hex("30ffffffff01"), {}, FrameError::TooLarge, 0));
    QVERIFY(decodesAlike(codec, hex("3000"), {hex("3000")}, FrameError::None, 0));
}

QTEST_APPLESS_MAIN(tst_VarintCodec)
#include "tst_varintcodec.moc"
