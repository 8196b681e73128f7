// SPDX-License-Identifier: GPL-3.0-or-later
#include "codec/frameerror.h"

#include <QTest>

using namespace NetCore;

class tst_FrameError : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void codesAndFatality_data();
    void codesAndFatality();
    void unknownCodeIsNone();
};

void tst_FrameError::codesAndFatality_data()
{
    QTest::addColumn<FrameError>("error");
    QTest::addColumn<QByteArray>("code");
    QTest::addColumn<bool>("fatal");

    QTest::newRow("bad-magic") << FrameError::BadMagic << QByteArray("bad-magic") << true;
    QTest::newRow("bad-version") << FrameError::BadVersion << QByteArray("bad-version") << true;
    QTest::newRow("bad-flags") << FrameError::BadFlags << QByteArray("bad-flags") << true;
    QTest::newRow("bad-reserved") << FrameError::BadReserved << QByteArray("bad-reserved") << true;
    QTest::newRow("too-large") << FrameError::TooLarge << QByteArray("too-large") << true;
    QTest::newRow("bad-checksum") << FrameError::BadChecksum << QByteArray("bad-checksum") << true;
    QTest::newRow("unknown-type") << FrameError::UnknownType << QByteArray("unknown-type") << false;
    QTest::newRow("newline-in-payload") << FrameError::NewlineInPayload << QByteArray("newline-in-payload") << true;
    QTest::newRow("bad-length") << FrameError::BadLength << QByteArray("bad-length") << true;
    QTest::newRow("separator-in-payload") << FrameError::SeparatorInPayload << QByteArray("separator-in-payload") << true;
    QTest::newRow("wrong-size") << FrameError::WrongSize << QByteArray("wrong-size") << true;
    QTest::newRow("none") << FrameError::None << QByteArray("none") << false;
}

void tst_FrameError::codesAndFatality()
{
    QFETCH(FrameError, error);
    QFETCH(QByteArray, code);
    QFETCH(bool, fatal);
    QCOMPARE(frameErrorCode(error).toByteArray(), code);
    QCOMPARE(frameErrorFromCode(code), error);
    QCOMPARE(isFatal(error), fatal);
}

void tst_FrameError::unknownCodeIsNone()
{
    QCOMPARE(frameErrorFromCode("no-such-code"), FrameError::None);
    QCOMPARE(frameErrorFromCode(""), FrameError::None);
}

QTEST_GUILESS_MAIN(tst_FrameError)
#include "tst_frameerror.moc"
