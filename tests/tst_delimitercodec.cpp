// SPDX-License-Identifier: GPL-3.0-or-later
// delim:SEP: frames ended by any separator (memcached's END\r\n, \x03, \r\n).
#include "codectestsupport.h"

#include "codec/delimitercodec.h"

#include <QTest>

using namespace NetCore;
using namespace CodecTestSupport;

class tst_DelimiterCodec : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void decodes_data();
    void decodes();
    void encodes_data();
    void encodes();
    void peerWithoutSeparatorIsRefusedAtTheMaximum();
};

void tst_DelimiterCodec::decodes_data()
{
    QTest::addColumn<QByteArray>("separator");
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QList<QByteArray>>("frames");
    QTest::addColumn<FrameError>("error");
    QTest::addColumn<qsizetype>("leftover");

    QTest::newRow("crlf, two and a partial") << QByteArray("\r\n") << QByteArray("a\r\nbc\r\nd")
                                             << QList<QByteArray>{"a", "bc"} << FrameError::None << qsizetype(1);
    QTest::newRow("memcached get reply") << QByteArray("END\r\n")
                                         << QByteArray("VALUE k 0 3\r\nabc\r\nEND\r\nEND\r\n")
                                         << QList<QByteArray>{"VALUE k 0 3\r\nabc\r\n", ""} << FrameError::None
                                         << qsizetype(0);
    QTest::newRow("one byte, binary") << QByteArray("\x03") << QByteArray("\x02hi\x03\x02\x00\x03", 7)
                                      << QList<QByteArray>{"\x02hi", QByteArray("\x02\x00", 2)} << FrameError::None
                                      << qsizetype(0);
    QTest::newRow("separator split across reads") << QByteArray("END") << QByteArray("xxEN") << QList<QByteArray>{}
                                                  << FrameError::None << qsizetype(4);
    QTest::newRow("exactly the maximum (8)") << QByteArray("\r\n") << QByteArray("12345678\r\n")
                                             << QList<QByteArray>{"12345678"} << FrameError::None << qsizetype(0);
    QTest::newRow("one over the maximum") << QByteArray("\r\n") << QByteArray("123456789\r\n") << QList<QByteArray>{}
                                          << FrameError::TooLarge << qsizetype(0);
}

void tst_DelimiterCodec::decodes()
{
    QFETCH(QByteArray, separator);
    QFETCH(QByteArray, bytes);
    QFETCH(QList<QByteArray>, frames);
    QFETCH(FrameError, error);
    QFETCH(qsizetype, leftover);
    const DelimiterCodec codec(separator, separator == "END\r\n" ? 64 : 8);
    QVERIFY(decodesAlike(codec, bytes, frames, error, leftover));
}

void tst_DelimiterCodec::encodes_data()
{
    QTest::addColumn<QByteArray>("payload");
    QTest::addColumn<QByteArray>("wire");
    QTest::addColumn<FrameError>("error");

    QTest::newRow("text") << QByteArray("get k") << QByteArray("get kEND") << FrameError::None;
    QTest::newRow("empty") << QByteArray() << QByteArray("END") << FrameError::None;
    QTest::newRow("holds the separator") << QByteArray("xENDx") << QByteArray() << FrameError::SeparatorInPayload;
    QTest::newRow("part of it is fine") << QByteArray("EN") << QByteArray("ENEND") << FrameError::None;
    QTest::newRow("over the maximum") << QByteArray("123456789") << QByteArray() << FrameError::TooLarge;
}

void tst_DelimiterCodec::encodes()
{
    QFETCH(QByteArray, payload);
    QFETCH(QByteArray, wire);
    QFETCH(FrameError, error);
    const DelimiterCodec codec("END", 8);
    QVERIFY(encodesAs(codec, payload, wire, error));
}

void tst_DelimiterCodec::peerWithoutSeparatorIsRefusedAtTheMaximum()
{
    QCOMPARE(chunksUntilRefused(DelimiterCodec("\r\n", 1000), QByteArray(100, 'x')), 11);
}

QTEST_APPLESS_MAIN(tst_DelimiterCodec)
#include "tst_delimitercodec.moc"
