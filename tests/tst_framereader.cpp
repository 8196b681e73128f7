// SPDX-License-Identifier: GPL-3.0-or-later
#include "codec/framereader.h"
#include "codec/lengthprefixcodec.h"
#include "codec/wb1codec.h"

#include <QTest>

#include <algorithm>
#include <cstring>

using namespace NetCore;

class tst_FrameReader : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void manyFramesInOneRead();
    void feedDecodesInPlace();
    void feedKeepsOnlyThePartialRest_data();
    void feedKeepsOnlyThePartialRest();
    void feedAfterAFatalErrorKeepsNothing();
    void partialFrameIsReported();
    void bufferIsReleasedWhenIdle();
    void consumedBytesDoNotAccumulate();
    void largeFrameRoomIsGivenBack();
};

namespace {

QByteArray lengthPrefixed(const FrameCodec &codec, const QByteArray &payload)
{
    QByteArray out;
    Frame frame;
    frame.payload = payload;
    codec.encode(frame, out);
    return out;
}

} // namespace

void tst_FrameReader::manyFramesInOneRead()
{
    const LengthPrefixCodec codec(LengthPrefixCodec::Width::TwoBytes, LengthPrefixCodec::ByteOrder::BigEndian, 100);
    QByteArray stream;
    for (int i = 0; i < 10000; ++i)
        stream += lengthPrefixed(codec, QByteArray::number(i));
    FrameReader reader(codec);
    reader.append(stream);
    Frame frame;
    for (int i = 0; i < 10000; ++i) {
        QCOMPARE(reader.next(frame).status, DecodeResult::Status::Complete);
        QCOMPARE(frame.payload.toByteArray(), QByteArray::number(i));
    }
    QCOMPARE(reader.next(frame).status, DecodeResult::Status::Incomplete);
    QCOMPARE(reader.bufferedBytes(), 0);
}

void tst_FrameReader::feedDecodesInPlace()
{
    const Wb1Codec codec;
    QByteArray wire;
    codec.encode(Frame{0x01, 0, 3, 4, "in place"}, wire);
    codec.encode(Frame{0x01, 0, 4, 5, "and again"}, wire);

    FrameReader reader(codec);
    reader.feed(wire);
    QCOMPARE(reader.bufferedBytes(), wire.size());
    Frame frame;
    QCOMPARE(reader.next(frame).status, DecodeResult::Status::Complete);
    QCOMPARE(frame.payload.toByteArray(), QByteArray("in place"));
    QCOMPARE(frame.sequence, quint64(3));
    // Not copied: the payload views the bytes that were fed.
    QVERIFY(frame.payload.data() >= wire.constData() && frame.payload.data() < wire.constData() + wire.size());
    QCOMPARE(reader.next(frame).status, DecodeResult::Status::Complete);
    QCOMPARE(frame.payload.toByteArray(), QByteArray("and again"));
    QCOMPARE(reader.next(frame).status, DecodeResult::Status::Incomplete);
    reader.settle();
    QCOMPARE(reader.bufferedBytes(), 0);
    QCOMPARE(reader.bufferCapacity(), 0); // whole frames never touched the reader's buffer
}

void tst_FrameReader::feedKeepsOnlyThePartialRest_data()
{
    QTest::addColumn<int>("chunk");
    for (int chunk : {1, 2, 7, 19, 24, 64, 1000})
        QTest::addRow("%d-byte reads", chunk) << chunk;
}

void tst_FrameReader::feedKeepsOnlyThePartialRest()
{
    // As on a connection: each read lands in one scratch buffer, which the next read
    // overwrites, so whatever the reader keeps must be its own copy.
    QFETCH(int, chunk);
    const Wb1Codec codec;
    QByteArray wire;
    for (quint64 i = 0; i < 50; ++i)
        codec.encode(Frame{0x01, 0, i, i, QByteArray::number(i * 7919).repeated(int(i % 5))}, wire);

    FrameReader reader(codec);
    QByteArray scratch(chunk, '\0');
    quint64 expected = 0;
    for (qsizetype at = 0; at < wire.size(); at += chunk) {
        const QByteArrayView piece = QByteArrayView(wire).sliced(at, std::min<qsizetype>(chunk, wire.size() - at));
        std::memcpy(scratch.data(), piece.data(), size_t(piece.size()));
        reader.feed(QByteArrayView(scratch.constData(), piece.size()));
        Frame frame;
        while (reader.next(frame).status == DecodeResult::Status::Complete) {
            QCOMPARE(frame.sequence, expected);
            QCOMPARE(frame.payload.toByteArray(), QByteArray::number(expected * 7919).repeated(int(expected % 5)));
            ++expected;
        }
        reader.settle();
        scratch.fill('#'); // the next read's bytes
    }
    QCOMPARE(expected, quint64(50));
    QCOMPARE(reader.bufferedBytes(), 0);
}

void tst_FrameReader::feedAfterAFatalErrorKeepsNothing()
{
    const Wb1Codec codec;
    FrameReader reader(codec);
    QByteArray garbage("XX not a frame at all, and more bytes behind it");
    reader.feed(garbage);
    Frame frame;
    QCOMPARE(reader.next(frame).status, DecodeResult::Status::Failed);
    QVERIFY(reader.failed());
    reader.settle();
    QCOMPARE(reader.bufferedBytes(), 0);
    reader.feed("WB more");
    reader.settle();
    QCOMPARE(reader.bufferedBytes(), 0);
    QCOMPARE(reader.next(frame).status, DecodeResult::Status::Failed);
}

void tst_FrameReader::partialFrameIsReported()
{
    const Wb1Codec codec;
    FrameReader reader(codec);
    QVERIFY(!reader.hasPartialFrame());
    reader.append("WB\x01");
    Frame frame;
    const DecodeResult result = reader.next(frame);
    QCOMPARE(result.status, DecodeResult::Status::Incomplete);
    QCOMPARE(result.needed, Wb1Codec::HeaderSize);
    QVERIFY(reader.hasPartialFrame());
}

void tst_FrameReader::bufferIsReleasedWhenIdle()
{
    const LengthPrefixCodec codec(LengthPrefixCodec::Width::FourBytes, LengthPrefixCodec::ByteOrder::BigEndian, 1 << 20);
    FrameReader reader(codec);
    reader.append(lengthPrefixed(codec, QByteArray(100000, 'x')));
    Frame frame;
    QCOMPARE(reader.next(frame).status, DecodeResult::Status::Complete);
    reader.releaseMemory();
    QCOMPARE(reader.bufferedBytes(), 0);
    // Still usable afterwards.
    reader.append(lengthPrefixed(codec, "again"));
    QCOMPARE(reader.next(frame).status, DecodeResult::Status::Complete);
    QCOMPARE(frame.payload.toByteArray(), QByteArray("again"));
}

void tst_FrameReader::consumedBytesDoNotAccumulate()
{
    // A long-lived connection that always keeps half a frame buffered must not grow.
    const LengthPrefixCodec codec(LengthPrefixCodec::Width::TwoBytes, LengthPrefixCodec::ByteOrder::BigEndian, 1000);
    const QByteArray frameBytes = lengthPrefixed(codec, QByteArray(500, 'y'));
    FrameReader reader(codec);
    reader.append(frameBytes.first(250));
    Frame frame;
    for (int i = 0; i < 20000; ++i) {
        reader.append(frameBytes.sliced(250));
        reader.append(frameBytes.first(250));
        QCOMPARE(reader.next(frame).status, DecodeResult::Status::Complete);
        QCOMPARE(reader.next(frame).status, DecodeResult::Status::Incomplete);
        QVERIFY2(reader.bufferedBytes() == 250, "only the partial frame stays buffered");
    }
}

void tst_FrameReader::largeFrameRoomIsGivenBack()
{
    // A connection that once received a 1 MiB frame must not keep 1 MiB forever.
    const LengthPrefixCodec codec(LengthPrefixCodec::Width::FourBytes, LengthPrefixCodec::ByteOrder::BigEndian, 1 << 21);
    FrameReader reader(codec);
    reader.append(lengthPrefixed(codec, QByteArray(1 << 20, 'L')));
    Frame frame;
    QCOMPARE(reader.next(frame).status, DecodeResult::Status::Complete);
    reader.append(lengthPrefixed(codec, "small"));
    QVERIFY2(reader.bufferCapacity() <= 64 * 1024, qPrintable(QString::number(reader.bufferCapacity())));
    QCOMPARE(reader.next(frame).status, DecodeResult::Status::Complete);
    QCOMPARE(frame.payload.toByteArray(), QByteArray("small"));
}

QTEST_GUILESS_MAIN(tst_FrameReader)
#include "tst_framereader.moc"
