// SPDX-License-Identifier: GPL-3.0-or-later
// length:OFFSET:SIZE:ORDER[:ADJUST]: whole frames found by a length field anywhere in the header.
#include "codectestsupport.h"

#include "codec/lengthfieldcodec.h"

#include <QTest>

using namespace NetCore;
using namespace CodecTestSupport;

namespace {
QByteArray hex(const char *text)
{
    return QByteArray::fromHex(text);
}
Framing framing(const char *name)
{
    return *parseFraming(QString::fromLatin1(name));
}
} // namespace

class tst_LengthFieldCodec : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void decodes_data();
    void decodes();
    void encodes_data();
    void encodes();
    void roundTrips_data();
    void roundTrips();
};

void tst_LengthFieldCodec::decodes_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<qsizetype>("maxFrame");
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QList<QByteArray>>("frames");
    QTest::addColumn<FrameError>("error");
    QTest::addColumn<qsizetype>("leftover");

    const QByteArray modbus = hex("00010000000601030000000a");
    QTest::newRow("modbus/tcp, two pipelined") << "length:4:2:be" << qsizetype(260) << modbus + modbus
                                               << QList<QByteArray>{modbus, modbus} << FrameError::None << qsizetype(0);
    const QByteArray postgres = hex("510000000e53454c45435420313b00"); // Q, length 13 counts itself, "SELECT 1;\0"
    QTest::newRow("postgresql, adjust -4") << "length:1:4:be:-4" << qsizetype(1 << 20) << postgres
                                           << QList<QByteArray>{postgres} << FrameError::None << qsizetype(0);
    const QByteArray mysql = hex("03000000414243"); // 3-byte LE length, then a sequence byte
    QTest::newRow("mysql, 3 bytes le, adjust 1") << "length:0:3:le:1" << qsizetype(1 << 20) << mysql
                                                 << QList<QByteArray>{mysql} << FrameError::None << qsizetype(0);
    const QByteArray dns = hex("0003abcdef");
    QTest::newRow("dns over tcp, then a partial") << "length:0:2:be" << qsizetype(65537) << dns + hex("0005ab")
                                                  << QList<QByteArray>{dns} << FrameError::None << qsizetype(3);
    QTest::newRow("1-byte field, empty body") << "length:0:1:be" << qsizetype(300) << hex("0000")
                                              << QList<QByteArray>{hex("00"), hex("00")} << FrameError::None << qsizetype(0);
    QTest::newRow("8-byte le field") << "length:2:8:le" << qsizetype(100) << hex("aabb0100000000000000ff")
                                     << QList<QByteArray>{hex("aabb0100000000000000ff")} << FrameError::None << qsizetype(0);
    QTest::newRow("over the maximum, from the header") << "length:0:4:be" << qsizetype(16) << hex("7fffffff")
                                                       << QList<QByteArray>{} << FrameError::TooLarge << qsizetype(0);
    QTest::newRow("8-byte field near 2^64") << "length:0:8:be" << qsizetype(1 << 20) << hex("ffffffffffffffff")
                                            << QList<QByteArray>{} << FrameError::TooLarge << qsizetype(0);
    QTest::newRow("shorter than its own header") << "length:1:4:be:-4" << qsizetype(1 << 20) << hex("5100000002")
                                                 << QList<QByteArray>{} << FrameError::BadLength << qsizetype(0);
    QTest::newRow("a maximum below the header refuses at once") << "length:4:4:be" << qsizetype(6) << hex("00")
                                                                << QList<QByteArray>{} << FrameError::TooLarge << qsizetype(0);
    QTest::newRow("header not there yet") << "length:4:2:be" << qsizetype(260) << hex("00010000")
                                          << QList<QByteArray>{} << FrameError::None << qsizetype(4);
}

void tst_LengthFieldCodec::decodes()
{
    QFETCH(QString, name);
    QFETCH(qsizetype, maxFrame);
    QFETCH(QByteArray, bytes);
    QFETCH(QList<QByteArray>, frames);
    QFETCH(FrameError, error);
    QFETCH(qsizetype, leftover);
    const LengthFieldCodec codec(framing(name.toLatin1()), maxFrame);
    QVERIFY(decodesAlike(codec, bytes, frames, error, leftover));
}

void tst_LengthFieldCodec::encodes_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QByteArray>("payload");
    QTest::addColumn<QByteArray>("wire");
    QTest::addColumn<FrameError>("error");

    QTest::newRow("modbus field written") << "length:4:2:be" << hex("000100000000010300000001")
                                          << hex("000100000006010300000001") << FrameError::None;
    QTest::newRow("postgres counts itself") << "length:1:4:be:-4" << hex("510000000053454c45435420313b00")
                                            << hex("510000000e53454c45435420313b00") << FrameError::None;
    QTest::newRow("little-endian 3 bytes") << "length:0:3:le" << hex("000000") + QByteArray(300, 'x')
                                           << hex("2c0100") + QByteArray(300, 'x') << FrameError::None;
    QTest::newRow("header only") << "length:0:2:be" << hex("ffff") << hex("0000") << FrameError::None;
    QTest::newRow("shorter than the header") << "length:4:2:be" << hex("0001") << QByteArray() << FrameError::BadLength;
    QTest::newRow("value does not fit the field") << "length:0:1:be" << hex("00") + QByteArray(256, 'x')
                                                  << QByteArray() << FrameError::TooLarge;
    QTest::newRow("adjust past the body") << "length:0:2:be:8" << hex("0000aa") << QByteArray() << FrameError::BadLength;
}

void tst_LengthFieldCodec::encodes()
{
    QFETCH(QString, name);
    QFETCH(QByteArray, payload);
    QFETCH(QByteArray, wire);
    QFETCH(FrameError, error);
    const LengthFieldCodec codec(framing(name.toLatin1()), 1 << 20);
    QVERIFY(encodesAs(codec, payload, wire, error));
}

void tst_LengthFieldCodec::roundTrips_data()
{
    QTest::addColumn<QString>("name");
    for (const char *name : {"length:0:1:be", "length:0:2:le", "length:3:3:be:2", "length:1:4:le:-5", "length:0:8:be"})
        QTest::newRow(name) << QString::fromLatin1(name);
}

void tst_LengthFieldCodec::roundTrips()
{
    QFETCH(QString, name);
    const Framing chosen = framing(name.toLatin1());
    QCOMPARE(framingName(chosen), name);
    const auto codec = makeCodec(chosen, 4096);
    QByteArray stream;
    QList<QByteArray> frames;
    const qsizetype header = chosen.offset() + chosen.fieldSize() + std::max(0, chosen.adjust());
    for (qsizetype body : {0, 1, 17, 200}) {
        Frame frame;
        const QByteArray payload = QByteArray(header + body, char(body));
        frame.payload = payload;
        QCOMPARE(codec->encode(frame, stream), FrameError::None);
        frames << stream.right(payload.size());
    }
    QVERIFY(decodesAlike(*codec, stream, frames, FrameError::None, 0));
}

QTEST_APPLESS_MAIN(tst_LengthFieldCodec)
#include "tst_lengthfieldcodec.moc"
