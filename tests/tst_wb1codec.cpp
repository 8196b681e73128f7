// SPDX-License-Identifier: GPL-3.0-or-later
#include "codectestsupport.h"

#include "codec/crc32c.h"
#include "codec/wb1codec.h"

#include <QRandomGenerator>
#include <QTest>

using namespace NetCore;
using namespace CodecTestSupport;

namespace {

QByteArray hex(const char *text)
{
    return QByteArray::fromHex(QByteArray(text).replace(' ', ""));
}

// docs/protocol.md's test vectors.
const QByteArray dataHello = hex("57 42 01 01 00 00 00 00 00 00 00 05 00 00 00 00 00 00 00 01"
                                 "00 00 00 00 00 00 00 00 68 65 6c 6c 6f 8e 9f 8a d1");
const QByteArray replyHello = hex("57 42 01 02 00 00 00 00 00 00 00 05 00 00 00 00 00 00 00 01"
                                  "00 00 00 00 00 00 00 00 68 65 6c 6c 6f b0 52 49 ca");
const QByteArray dataEmpty = hex("57 42 01 01 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 07"
                                 "01 02 03 04 05 06 07 08 ff 39 2e 70");
const QByteArray errorChecksum = hex("57 42 01 03 00 00 00 00 00 00 00 15 00 00 00 00 00 00 00 00"
                                     "00 00 00 00 00 00 00 00 62 61 64 2d 63 68 65 63 6b 73 75 6d"
                                     "3a 20 66 72 61 6d 65 20 33 bb 48 49 82");

QByteArray encoded(const Wb1Codec &codec, quint8 type, quint16 flags, quint64 sequence, quint64 timestamp,
                   const QByteArray &payload)
{
    QByteArray out;
    const Frame frame{type, flags, sequence, timestamp, payload};
    if (codec.encode(frame, out) != FrameError::None)
        qFatal("test frame did not encode");
    return out;
}

// A valid frame with one header byte changed and the checksum made right again, so
// that only the intended field is wrong.
QByteArray withHeaderByte(QByteArray frame, int offset, char value)
{
    frame[offset] = value;
    const qsizetype crcAt = frame.size() - 4;
    const quint32 crc = Crc32c::compute(frame.constData(), crcAt);
    frame[crcAt] = char(crc >> 24);
    frame[crcAt + 1] = char(crc >> 16);
    frame[crcAt + 2] = char(crc >> 8);
    frame[crcAt + 3] = char(crc);
    return frame;
}

} // namespace

class tst_Wb1Codec : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void encodesTestVectors_data();
    void encodesTestVectors();
    void decodesTestVectors_data();
    void decodesTestVectors();
    void splitAcrossReadsGivesSameFrames_data();
    void splitAcrossReadsGivesSameFrames();
    void violations_data();
    void violations();
    void tooLargeIsRefusedFromTheHeaderAlone();
    void maximumPayloadIsConfigurable();
    void unknownTypeKeepsTheStream();
    void nothingIsReadAfterAFatalError();
    void randomFramesRoundTrip();
};

void tst_Wb1Codec::encodesTestVectors_data()
{
    QTest::addColumn<int>("type");
    QTest::addColumn<quint64>("sequence");
    QTest::addColumn<quint64>("timestamp");
    QTest::addColumn<QByteArray>("payload");
    QTest::addColumn<QByteArray>("expected");

    QTest::newRow("DATA seq 1 'hello'") << 0x01 << quint64(1) << quint64(0) << QByteArray("hello") << dataHello;
    QTest::newRow("REPLY seq 1 'hello'") << 0x02 << quint64(1) << quint64(0) << QByteArray("hello") << replyHello;
    QTest::newRow("DATA seq 7 timestamp, empty")
        << 0x01 << quint64(7) << quint64(0x0102030405060708) << QByteArray() << dataEmpty;
    QTest::newRow("ERROR bad-checksum text")
        << 0x03 << quint64(0) << quint64(0) << QByteArray("bad-checksum: frame 3") << errorChecksum;
}

void tst_Wb1Codec::encodesTestVectors()
{
    QFETCH(int, type);
    QFETCH(quint64, sequence);
    QFETCH(quint64, timestamp);
    QFETCH(QByteArray, payload);
    QFETCH(QByteArray, expected);

    const Wb1Codec codec;
    QByteArray out("prefix");
    QCOMPARE(codec.encode(Frame{quint8(type), 0, sequence, timestamp, payload}, out), FrameError::None);
    QCOMPARE(out.sliced(6).toHex(' '), expected.toHex(' '));
    QCOMPARE(codec.encodedSize(payload.size()), expected.size());
}

void tst_Wb1Codec::decodesTestVectors_data()
{
    encodesTestVectors_data();
}

void tst_Wb1Codec::decodesTestVectors()
{
    QFETCH(int, type);
    QFETCH(quint64, sequence);
    QFETCH(quint64, timestamp);
    QFETCH(QByteArray, payload);
    QFETCH(QByteArray, expected);

    const Wb1Codec codec;
    Frame frame;
    const DecodeResult result = codec.decode(expected, frame);
    QCOMPARE(result.status, DecodeResult::Status::Complete);
    QCOMPARE(result.consumed, expected.size());
    QCOMPARE(int(frame.type), type);
    QCOMPARE(frame.flags, quint16(0));
    QCOMPARE(frame.sequence, sequence);
    QCOMPARE(frame.timestamp, timestamp);
    QCOMPARE(frame.payload.toByteArray(), payload);
}

void tst_Wb1Codec::splitAcrossReadsGivesSameFrames_data()
{
    QTest::addColumn<qsizetype>("chunkSize");
    for (qsizetype size : {1, 2, 3, 5, 27, 28, 29, 31, 36, 37, 38, 64, 100})
        QTest::addRow("chunks of %lld bytes", qlonglong(size)) << size;
}

void tst_Wb1Codec::splitAcrossReadsGivesSameFrames()
{
    QFETCH(qsizetype, chunkSize);
    const Wb1Codec codec;
    const QByteArray stream = dataHello + replyHello + dataEmpty + errorChecksum + dataHello;
    const QList<Outcome> expected{
        frameOutcome("hello", 1),
        frameOutcome("hello", 1, 0, 0x02),
        frameOutcome({}, 7, 0x0102030405060708),
        frameOutcome("bad-checksum: frame 3", 0, 0, 0x03),
        frameOutcome("hello", 1),
    };
    qsizetype leftover = -1;
    QCOMPARE(decodeInChunks(codec, stream, chunkSize, &leftover), expected);
    QCOMPARE(leftover, 0);

    // Cut one byte short: every whole frame is out and the partial one waits.
    QCOMPARE(decodeInChunks(codec, stream.chopped(1), chunkSize, &leftover), expected.first(4));
    QCOMPARE(leftover, dataHello.size() - 1);
}

void tst_Wb1Codec::violations_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<FrameError>("error");
    QTest::addColumn<quint64>("sequence");

    const Wb1Codec codec;
    const QByteArray valid = encoded(codec, 0x01, 0, 42, 99, "payload");
    QByteArray badChecksum = valid;
    badChecksum[valid.size() - 1] = char(badChecksum.back() ^ 0x01);
    QByteArray badPayload = valid;
    badPayload[30] = 'X';
    QByteArray tooLarge = valid.first(Wb1Codec::HeaderSize);
    tooLarge[8] = char(0x01); // length 16 MiB + 7: one header is enough to refuse it

    QTest::newRow("bad-magic first byte") << withHeaderByte(valid, 0, 'X') << FrameError::BadMagic << quint64(0);
    QTest::newRow("bad-magic second byte") << withHeaderByte(valid, 1, 'b') << FrameError::BadMagic << quint64(0);
    QTest::newRow("bad-magic on two bytes alone") << QByteArray("HT") << FrameError::BadMagic << quint64(0);
    QTest::newRow("bad-version 2") << withHeaderByte(valid, 2, 2) << FrameError::BadVersion << quint64(0);
    QTest::newRow("bad-version 0") << withHeaderByte(valid, 2, 0) << FrameError::BadVersion << quint64(0);
    QTest::newRow("bad-flags bit 1") << withHeaderByte(valid, 5, 0x02) << FrameError::BadFlags << quint64(42);
    QTest::newRow("bad-flags high byte") << withHeaderByte(valid, 4, char(0x80)) << FrameError::BadFlags << quint64(42);
    QTest::newRow("bad-reserved") << withHeaderByte(valid, 7, 0x01) << FrameError::BadReserved << quint64(42);
    QTest::newRow("too-large from header") << tooLarge << FrameError::TooLarge << quint64(42);
    QTest::newRow("bad-checksum trailer") << badChecksum << FrameError::BadChecksum << quint64(42);
    QTest::newRow("bad-checksum payload") << badPayload << FrameError::BadChecksum << quint64(42);
}

void tst_Wb1Codec::violations()
{
    QFETCH(QByteArray, bytes);
    QFETCH(FrameError, error);
    QFETCH(quint64, sequence);

    const Wb1Codec codec;
    for (qsizetype chunk : {0, 1, 7}) {
        const QList<Outcome> outcomes = decodeInChunks(codec, bytes + dataHello, chunk);
        QCOMPARE(outcomes, QList<Outcome>{errorOutcome(error, sequence)});
    }
    // Magic and version errors show on their own bytes, however they were split.
    if (error == FrameError::BadMagic || error == FrameError::BadVersion) {
        for (qsizetype chunk : {0, 1, 2})
            QCOMPARE(decodeInChunks(codec, bytes.first(3), chunk), QList<Outcome>{errorOutcome(error)});
    }
    QVERIFY(isFatal(error));
}

void tst_Wb1Codec::tooLargeIsRefusedFromTheHeaderAlone()
{
    const Wb1Codec codec;
    QByteArray header = encoded(codec, 0x01, 0, 5, 0, {}).first(Wb1Codec::HeaderSize);
    const quint32 length = quint32(Wb1Codec::DefaultMaxPayload) + 1;
    header[8] = char(length >> 24);
    header[9] = char(length >> 16);
    header[10] = char(length >> 8);
    header[11] = char(length);
    Frame frame;
    const DecodeResult result = codec.decode(header, frame);
    QCOMPARE(result.status, DecodeResult::Status::Failed);
    QCOMPARE(result.error, FrameError::TooLarge);
    QVERIFY(result.isFatal());
    QCOMPARE(frame.sequence, quint64(5));

    // Exactly the maximum is a frame that waits for its payload.
    header[11] = char(length - 1);
    header[10] = char((length - 1) >> 8);
    QCOMPARE(codec.decode(header, frame).status, DecodeResult::Status::Incomplete);
    QCOMPARE(codec.decode(header, frame).needed, Wb1Codec::HeaderSize + qsizetype(length - 1) + 4);
}

void tst_Wb1Codec::maximumPayloadIsConfigurable()
{
    const Wb1Codec codec(10);
    QCOMPARE(codec.maxPayload(), qsizetype(10));
    QByteArray out;
    QCOMPARE(codec.encode(Frame{0x01, 0, 1, 0, "0123456789"}, out), FrameError::None);
    QCOMPARE(decodeInChunks(codec, out, 0), QList<Outcome>{frameOutcome("0123456789", 1)});

    const Wb1Codec roomy;
    const QByteArray eleven = encoded(roomy, 0x01, 0, 2, 0, "0123456789A");
    QCOMPARE(decodeInChunks(codec, eleven, 0), QList<Outcome>{errorOutcome(FrameError::TooLarge, 2)});

    QByteArray untouched("keep");
    QCOMPARE(codec.encode(Frame{0x01, 0, 1, 0, "0123456789A"}, untouched), FrameError::TooLarge);
    QCOMPARE(untouched, QByteArray("keep"));
}

void tst_Wb1Codec::unknownTypeKeepsTheStream()
{
    const Wb1Codec codec;
    const QByteArray unknown = encoded(codec, 0x7f, 0, 9, 3, "?");
    Outcome expectedUnknown = frameOutcome("?", 9, 3, 0x7f);
    expectedUnknown.status = DecodeResult::Status::Failed;
    expectedUnknown.error = FrameError::UnknownType;
    QVERIFY(!isFatal(FrameError::UnknownType));
    for (qsizetype chunk : {0, 1, 13}) {
        QCOMPARE(decodeInChunks(codec, unknown + dataHello, chunk),
                 (QList<Outcome>{expectedUnknown, frameOutcome("hello", 1)}));
    }
    // An unknown type with a broken checksum is a checksum error, not an unknown type.
    QByteArray broken = unknown;
    broken[broken.size() - 1] = char(broken.back() ^ 0xff);
    QCOMPARE(decodeInChunks(codec, broken, 0), QList<Outcome>{errorOutcome(FrameError::BadChecksum, 9)});
}

void tst_Wb1Codec::nothingIsReadAfterAFatalError()
{
    const Wb1Codec codec;
    FrameReader reader(codec);
    reader.append(QByteArray("XB") + dataHello);
    Frame frame;
    QCOMPARE(reader.next(frame).error, FrameError::BadMagic);
    QVERIFY(reader.failed());
    reader.append(dataHello);
    const DecodeResult again = reader.next(frame);
    QCOMPARE(again.status, DecodeResult::Status::Failed);
    QCOMPARE(again.error, FrameError::BadMagic);
    QCOMPARE(reader.bufferedBytes(), 0);
}

void tst_Wb1Codec::randomFramesRoundTrip()
{
    const Wb1Codec codec;
    QRandomGenerator random(20261120);
    QByteArray stream;
    QList<Outcome> expected;
    for (int i = 0; i < 200; ++i) {
        QByteArray payload(random.bounded(0, 3000), Qt::Uninitialized);
        random.fillRange(reinterpret_cast<quint32 *>(payload.data()), payload.size() / 4);
        const quint8 type = quint8(random.bounded(1, 4));
        const quint16 flags = random.bounded(2) ? FrameFlag::NoReply : 0;
        const quint64 sequence = random.generate64();
        const quint64 timestamp = random.generate64();
        stream += encoded(codec, type, flags, sequence, timestamp, payload);
        expected.append(frameOutcome(payload, sequence, timestamp, type, flags));
    }
    for (qsizetype chunk : {0, 1, 997, 4096})
        QCOMPARE(decodeInChunks(codec, stream, chunk), expected);
}

QTEST_GUILESS_MAIN(tst_Wb1Codec)
#include "tst_wb1codec.moc"
