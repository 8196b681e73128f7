// SPDX-License-Identifier: GPL-3.0-or-later
#include "frameworkbench.h"
#include "mainwindow.h"

#include <QTest>

using namespace Gui;

class tst_FrameWorkbench : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void encodesTheTestVector();
    void decodesTheDemoStream();
    void reportsBadHexInput();
    void lineFramingRefusesNewlines();
    void fieldsAreFilledAsForConnection0();
};

void tst_FrameWorkbench::encodesTheTestVector()
{
    MainWindow window;
    window.show();
    FrameWorkbench *bench = window.frameWorkbench();
    bench->loadDemo();
    QCOMPARE(bench->encodedBytes().toHex(' '),
             QByteArray("57 42 01 01 00 00 00 00 00 00 00 05 00 00 00 00 00 00 00 01 "
                        "00 00 00 00 00 00 00 00 68 65 6c 6c 6f 8e 9f 8a d1"));
}

void tst_FrameWorkbench::decodesTheDemoStream()
{
    FrameWorkbench bench;
    bench.loadDemo();
    const QStringList expected{
        QStringLiteral("frame 1|DATA|1|\"hello\""),
        QStringLiteral("frame 2|REPLY|1|\"hello\""),
        QStringLiteral("frame 3|DATA|7|\"\""),
        QStringLiteral("bad-checksum, fatal||2|"),
    };
    QCOMPARE(bench.decodedRows(), expected);
}

void tst_FrameWorkbench::reportsBadHexInput()
{
    FrameWorkbench bench;
    bench.setDecodeInput(QStringLiteral("wb1"), QStringLiteral("57 4"));
    QVERIFY(bench.decodedRows().isEmpty());
    bench.setDecodeInput(QStringLiteral("line"), QStringLiteral("61 0a 62 0d 0a"));
    QCOMPARE(bench.decodedRows(), (QStringList{QStringLiteral("frame 1|DATA|0|\"a\""),
                                                QStringLiteral("frame 2|DATA|0|\"b\"")}));
}

void tst_FrameWorkbench::lineFramingRefusesNewlines()
{
    FrameWorkbench bench;
    bench.setEncodeInput(QStringLiteral("line"), QStringLiteral("one\ntwo"));
    QVERIFY(bench.encodedBytes().isEmpty());
    bench.setEncodeInput(QStringLiteral("line"), QStringLiteral("one"));
    QCOMPARE(bench.encodedBytes(), QByteArray("one\n"));
}

void tst_FrameWorkbench::fieldsAreFilledAsForConnection0()
{
    FrameWorkbench bench;
    // Text: the first message of connection 0 has sequence 1.
    bench.setEncodeInput(QStringLiteral("line"), QStringLiteral("GET k{seq:dec} c{conn:dec} {{x}"));
    QCOMPARE(bench.encodedBytes(), QByteArray("GET k1 c0 {x}\n"));
    // The frame is the whole message: the length field (written over "..") counts what follows it.
    bench.setEncodeInput(QStringLiteral("length:0:2:be"), QStringLiteral("..GET {seq:u8}"));
    QCOMPARE(bench.encodedBytes(), QByteArray("\0\x05GET \x01", 7));
}

QTEST_MAIN(tst_FrameWorkbench)
#include "tst_frameworkbench.moc"
