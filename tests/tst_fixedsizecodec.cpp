// SPDX-License-Identifier: GPL-3.0-or-later
// fixed:N: every frame N bytes.
#include "codectestsupport.h"

#include "codec/fixedsizecodec.h"

#include <QTest>

using namespace NetCore;
using namespace CodecTestSupport;

class tst_FixedSizeCodec : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void decodes_data();
    void decodes();
    void encodes_data();
    void encodes();
};

void tst_FixedSizeCodec::decodes_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QList<QByteArray>>("frames");
    QTest::addColumn<qsizetype>("leftover");

    QTest::newRow("three whole") << QByteArray("abcdefghijkl") << QList<QByteArray>{"abcd", "efgh", "ijkl"} << qsizetype(0);
    QTest::newRow("and a partial") << QByteArray("abcdef") << QList<QByteArray>{"abcd"} << qsizetype(2);
    QTest::newRow("nothing yet") << QByteArray("ab") << QList<QByteArray>{} << qsizetype(2);
}

void tst_FixedSizeCodec::decodes()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QList<QByteArray>, frames);
    QFETCH(qsizetype, leftover);
    const FixedSizeCodec codec(4);
    QVERIFY(decodesAlike(codec, bytes, frames, FrameError::None, leftover));
}

void tst_FixedSizeCodec::encodes_data()
{
    QTest::addColumn<QByteArray>("payload");
    QTest::addColumn<QByteArray>("wire");
    QTest::addColumn<FrameError>("error");

    QTest::newRow("the size") << QByteArray("abcd") << QByteArray("abcd") << FrameError::None;
    QTest::newRow("short") << QByteArray("abc") << QByteArray() << FrameError::WrongSize;
    QTest::newRow("long") << QByteArray("abcde") << QByteArray() << FrameError::TooLarge;
}

void tst_FixedSizeCodec::encodes()
{
    QFETCH(QByteArray, payload);
    QFETCH(QByteArray, wire);
    QFETCH(FrameError, error);
    QVERIFY(encodesAs(FixedSizeCodec(4), payload, wire, error));
}

QTEST_APPLESS_MAIN(tst_FixedSizeCodec)
#include "tst_fixedsizecodec.moc"
