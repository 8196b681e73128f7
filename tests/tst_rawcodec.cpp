// SPDX-License-Identifier: GPL-3.0-or-later
#include "codectestsupport.h"

#include "codec/rawcodec.h"

#include <QTest>

using namespace NetCore;
using namespace CodecTestSupport;

class tst_RawCodec : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void chunksAreWhatArrived_data();
    void chunksAreWhatArrived();
    void encodesBytesAsTheyAre();
};

void tst_RawCodec::chunksAreWhatArrived_data()
{
    QTest::addColumn<qsizetype>("maxChunk");
    QTest::addColumn<qsizetype>("readSize");
    QTest::addColumn<QList<QByteArray>>("chunks");

    QTest::newRow("one read, one chunk") << qsizetype(100) << qsizetype(0) << QList<QByteArray>{"abcdefghij"};
    QTest::newRow("reads of 4") << qsizetype(100) << qsizetype(4) << QList<QByteArray>{"abcd", "efgh", "ij"};
    QTest::newRow("max chunk 3") << qsizetype(3) << qsizetype(0) << QList<QByteArray>{"abc", "def", "ghi", "j"};
    QTest::newRow("max chunk 0 still progresses") << qsizetype(0) << qsizetype(0)
                                                  << QList<QByteArray>{"a", "b", "c", "d", "e", "f", "g", "h", "i", "j"};
}

void tst_RawCodec::chunksAreWhatArrived()
{
    QFETCH(qsizetype, maxChunk);
    QFETCH(qsizetype, readSize);
    QFETCH(QList<QByteArray>, chunks);

    const RawCodec codec(maxChunk);
    QList<Outcome> expected;
    for (const QByteArray &chunk : chunks)
        expected.append(frameOutcome(chunk));
    qsizetype leftover = -1;
    QCOMPARE(decodeInChunks(codec, "abcdefghij", readSize, &leftover), expected);
    QCOMPARE(leftover, 0);
}

void tst_RawCodec::encodesBytesAsTheyAre()
{
    const RawCodec codec(4);
    QByteArray out;
    Frame frame;
    frame.payload = QByteArrayView("\x00\xff\n\r", 4);
    frame.sequence = 77; // ignored: raw bytes carry nothing but the payload
    QCOMPARE(codec.encode(frame, out), FrameError::None);
    QCOMPARE(out, QByteArray("\x00\xff\n\r", 4));
    frame.payload = "12345";
    QCOMPARE(codec.encode(frame, out), FrameError::TooLarge);
    QCOMPARE(out.size(), 4);
}

QTEST_GUILESS_MAIN(tst_RawCodec)
#include "tst_rawcodec.moc"
