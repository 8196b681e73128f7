// SPDX-License-Identifier: GPL-3.0-or-later
#include "codectestsupport.h"

#include "codec/lengthprefixcodec.h"

#include <QTest>

using namespace NetCore;
using namespace CodecTestSupport;

using Width = LengthPrefixCodec::Width;
using Order = LengthPrefixCodec::ByteOrder;

class tst_LengthPrefixCodec : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void encodesPrefix_data();
    void encodesPrefix();
    void decodesSplitStreams_data();
    void decodesSplitStreams();
    void tooLargeFromPrefixAlone_data();
    void tooLargeFromPrefixAlone();
    void maximumIsClampedToWidth();
};

void tst_LengthPrefixCodec::encodesPrefix_data()
{
    QTest::addColumn<Width>("width");
    QTest::addColumn<Order>("order");
    QTest::addColumn<Framing>("framing");
    QTest::addColumn<QByteArray>("prefix");

    QTest::newRow("len2be") << Width::TwoBytes << Order::BigEndian << Framing(Framing::Len2Be) << QByteArray("\x01\x02", 2);
    QTest::newRow("len2le") << Width::TwoBytes << Order::LittleEndian << Framing(Framing::Len2Le) << QByteArray("\x02\x01", 2);
    QTest::newRow("len4be") << Width::FourBytes << Order::BigEndian << Framing(Framing::Len4Be)
                            << QByteArray("\x00\x00\x01\x02", 4);
    QTest::newRow("len4le") << Width::FourBytes << Order::LittleEndian << Framing(Framing::Len4Le)
                            << QByteArray("\x02\x01\x00\x00", 4);
}

void tst_LengthPrefixCodec::encodesPrefix()
{
    QFETCH(Width, width);
    QFETCH(Order, order);
    QFETCH(Framing, framing);
    QFETCH(QByteArray, prefix);

    const LengthPrefixCodec codec(width, order, 100000);
    QCOMPARE(codec.framing(), framing);
    const QByteArray payload(0x0102, 'p');
    QByteArray out;
    Frame frame;
    frame.payload = payload;
    QCOMPARE(codec.encode(frame, out), FrameError::None);
    QCOMPARE(out.first(prefix.size()).toHex(), prefix.toHex());
    QCOMPARE(out.sliced(prefix.size()), payload);
    QCOMPARE(codec.encodedSize(payload.size()), out.size());
}

void tst_LengthPrefixCodec::decodesSplitStreams_data()
{
    encodesPrefix_data();
}

void tst_LengthPrefixCodec::decodesSplitStreams()
{
    QFETCH(Width, width);
    QFETCH(Order, order);

    const LengthPrefixCodec codec(width, order, 1000);
    QByteArray stream;
    QList<Outcome> expected;
    for (const QByteArray &payload : {QByteArray("a"), QByteArray(), QByteArray(1000, 'z'), QByteArray("end")}) {
        Frame frame;
        frame.payload = payload;
        QCOMPARE(codec.encode(frame, stream), FrameError::None);
        expected.append(frameOutcome(payload));
    }
    for (qsizetype chunk : {0, 1, 2, 3, 4, 5, 333}) {
        qsizetype leftover = -1;
        QCOMPARE(decodeInChunks(codec, stream, chunk, &leftover), expected);
        QCOMPARE(leftover, 0);
        QCOMPARE(decodeInChunks(codec, stream.chopped(2), chunk, &leftover), expected.first(3));
        QCOMPARE(leftover, qsizetype(width) + 1);
    }
}

void tst_LengthPrefixCodec::tooLargeFromPrefixAlone_data()
{
    encodesPrefix_data();
}

void tst_LengthPrefixCodec::tooLargeFromPrefixAlone()
{
    QFETCH(Width, width);
    QFETCH(Order, order);

    const LengthPrefixCodec codec(width, order, 0x0101);
    // 0x0102 either way round: only the prefix has arrived, and it is refused.
    const QByteArray prefix = width == Width::TwoBytes ? QByteArray("\x01\x02", 2) : QByteArray("\x00\x00\x01\x02", 4);
    QByteArray bytes = prefix;
    if (order == Order::LittleEndian)
        std::reverse(bytes.begin(), bytes.end());
    QCOMPARE(decodeInChunks(codec, bytes, 1), QList<Outcome>{errorOutcome(FrameError::TooLarge)});

    QByteArray out("x");
    Frame frame;
    const QByteArray payload(0x0102, 'p');
    frame.payload = payload;
    QCOMPARE(codec.encode(frame, out), FrameError::TooLarge);
    QCOMPARE(out, QByteArray("x"));
}

void tst_LengthPrefixCodec::maximumIsClampedToWidth()
{
    const LengthPrefixCodec two(Width::TwoBytes, Order::BigEndian, 1 << 20);
    QCOMPARE(two.maxPayload(), qsizetype(0xFFFF));
    QByteArray out;
    Frame frame;
    const QByteArray payload(0x10000, 'p');
    frame.payload = payload;
    QCOMPARE(two.encode(frame, out), FrameError::TooLarge);
}

QTEST_GUILESS_MAIN(tst_LengthPrefixCodec)
#include "tst_lengthprefixcodec.moc"
