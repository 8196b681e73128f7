// SPDX-License-Identifier: GPL-3.0-or-later
#include "fleet/sourceaddresses.h"

#include <QTest>

using namespace NetCore;

class tst_SourceAddresses : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parses_data();
    void parses();
    void rejects_data();
    void rejects();
};

void tst_SourceAddresses::parses_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("written");
    QTest::newRow("one") << QStringLiteral("127.0.0.2") << QStringLiteral("127.0.0.2");
    QTest::newRow("list with spaces") << QStringLiteral("127.0.0.2, 127.0.0.3") << QStringLiteral("127.0.0.2,127.0.0.3");
    QTest::newRow("range") << QStringLiteral("127.0.0.2-127.0.0.5") << QStringLiteral("127.0.0.2,127.0.0.3,127.0.0.4,127.0.0.5");
    QTest::newRow("range across an octet") << QStringLiteral("127.0.0.255-127.0.1.1")
                                           << QStringLiteral("127.0.0.255,127.0.1.0,127.0.1.1");
    QTest::newRow("mixed") << QStringLiteral("127.0.0.9,127.0.0.2-127.0.0.3") << QStringLiteral("127.0.0.9,127.0.0.2,127.0.0.3");
    QTest::newRow("ipv6") << QStringLiteral("::1") << QStringLiteral("::1");
}

void tst_SourceAddresses::parses()
{
    QFETCH(QString, text);
    QFETCH(QString, written);
    QString error;
    const auto addresses = SourceAddresses::parse(text, &error);
    QVERIFY2(addresses, qPrintable(error));
    QCOMPARE(SourceAddresses::format(*addresses), written);
}

void tst_SourceAddresses::rejects_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("message");
    QTest::newRow("empty") << QString() << QStringLiteral("none given");
    QTest::newRow("not an address") << QStringLiteral("localhost") << QStringLiteral("'localhost' is not an IP address");
    QTest::newRow("backwards") << QStringLiteral("127.0.0.5-127.0.0.2") << QStringLiteral("the range '127.0.0.5-127.0.0.2' runs backwards");
    QTest::newRow("ipv6 range") << QStringLiteral("::1-::5") << QStringLiteral("is not a range of IPv4 addresses");
    QTest::newRow("too many") << QStringLiteral("10.0.0.0-10.1.0.0") << QStringLiteral("more than 4096 addresses");
}

void tst_SourceAddresses::rejects()
{
    QFETCH(QString, text);
    QFETCH(QString, message);
    QString error;
    QVERIFY(!SourceAddresses::parse(text, &error));
    QVERIFY2(error.contains(message), qPrintable(error));
    QVERIFY2(error.startsWith(QStringLiteral("source addresses '")), qPrintable(error));
}

QTEST_APPLESS_MAIN(tst_SourceAddresses)
#include "tst_sourceaddresses.moc"
