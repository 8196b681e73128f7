// SPDX-License-Identifier: GPL-3.0-or-later
#include "codec/crc32c.h"

#include <QByteArray>
#include <QRandomGenerator>
#include <QTest>

using namespace NetCore;

class tst_Crc32c : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void knownValues_data();
    void knownValues();
    void hardwareMatchesSoftwareOnRandomData_data();
    void hardwareMatchesSoftwareOnRandomData();
    void chainingEqualsOneCall();
};

void tst_Crc32c::knownValues_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<quint32>("expected");

    QTest::newRow("check value 123456789") << QByteArray("123456789") << quint32(0xE3069283);
    QTest::newRow("empty") << QByteArray() << quint32(0x00000000);
    QTest::newRow("32 zero bytes (RFC 3720)") << QByteArray(32, '\0') << quint32(0x8A9136AA);
    QTest::newRow("32 0xff bytes (RFC 3720)") << QByteArray(32, char(0xff)) << quint32(0x62A8AB43);
    QByteArray ascending(32, Qt::Uninitialized);
    for (int i = 0; i < 32; ++i)
        ascending[i] = char(i);
    QTest::newRow("32 ascending bytes (RFC 3720)") << ascending << quint32(0x46DD794E);
}

void tst_Crc32c::knownValues()
{
    QFETCH(QByteArray, bytes);
    QFETCH(quint32, expected);
    QCOMPARE(Crc32c::computeSoftware(bytes.constData(), bytes.size()), expected);
    QCOMPARE(Crc32c::compute(bytes.constData(), bytes.size()), expected);
    if (Crc32c::hardwareAvailable())
        QCOMPARE(Crc32c::computeHardware(bytes.constData(), bytes.size()), expected);
}

void tst_Crc32c::hardwareMatchesSoftwareOnRandomData_data()
{
    QTest::addColumn<qsizetype>("size");
    QTest::addColumn<qsizetype>("offset");
    // Every size up to three 8-byte strides (each tail of 4, 2 and 1 bytes), a
    // WB1 frame of 64 bytes (92), unaligned starts, and large buffers.
    QList<qsizetype> sizes;
    for (qsizetype size = 1; size <= 24; ++size)
        sizes.append(size);
    sizes += {63, 64, 65, 92, 1000, 65536, 1 << 20};
    for (qsizetype size : sizes) {
        for (qsizetype offset : {0, 1, 3})
            QTest::addRow("%lld bytes at offset %lld", qlonglong(size), qlonglong(offset)) << size << offset;
    }
}

void tst_Crc32c::hardwareMatchesSoftwareOnRandomData()
{
    QFETCH(qsizetype, size);
    QFETCH(qsizetype, offset);
    QRandomGenerator random(quint32(size * 31 + offset));
    QByteArray bytes(size + offset + 8, Qt::Uninitialized);
    random.fillRange(reinterpret_cast<quint32 *>(bytes.data()), bytes.size() / 4);
    const char *start = bytes.constData() + offset;
    const quint32 table = Crc32c::computeSoftware(start, size);
    // Where the CPU lacks the instruction, compute() is the table itself; what can
    // still differ is the dispatch, so that is what gets compared there.
    if (Crc32c::hardwareAvailable())
        QCOMPARE(Crc32c::computeHardware(start, size), table);
    QCOMPARE(Crc32c::compute(start, size), table);
}

void tst_Crc32c::chainingEqualsOneCall()
{
    const QByteArray bytes("The quick brown fox jumps over the lazy dog, twice over.");
    const quint32 whole = Crc32c::compute(bytes.constData(), bytes.size());
    for (qsizetype split = 0; split <= bytes.size(); ++split) {
        const quint32 first = Crc32c::computeSoftware(bytes.constData(), split);
        QCOMPARE(Crc32c::computeSoftware(bytes.constData() + split, bytes.size() - split, first), whole);
        QCOMPARE(Crc32c::compute(bytes.constData() + split, bytes.size() - split, first), whole);
    }
}

QTEST_GUILESS_MAIN(tst_Crc32c)
#include "tst_crc32c.moc"
