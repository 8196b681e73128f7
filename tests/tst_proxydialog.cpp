// SPDX-License-Identifier: GPL-3.0-or-later
#include "proxydialog.h"
#include "framingedit.h"
#include "proxyfaultsedit.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTest>

using namespace Gui;

namespace {
NetCore::ProxyDefinition named(const QString &name)
{
    NetCore::ProxyDefinition proxy;
    proxy.name = name;
    proxy.upstreamServer = QStringLiteral("echo");
    return proxy;
}
} // namespace

class tst_ProxyDialog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void problemsAreShownAsTyped_data();
    void problemsAreShownAsTyped();
    void aValidFormGivesTheDefinition();
    void anExistingProxyIsShownAsItIs();
};

void tst_ProxyDialog::problemsAreShownAsTyped_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("upstream");
    QTest::addColumn<QString>("faults");
    QTest::addColumn<QString>("problem"); // a part of it; empty: none
    QTest::newRow("valid, a server") << "front" << "echo" << "latency:latency=100,jitter=10" << "";
    QTest::newRow("valid, an address") << "front" << "127.0.0.1:6379" << "" << "";
    QTest::newRow("two faults, blank lines") << "front" << "echo" << "latency:latency=5\n\nbandwidth:rate=10,stream=upstream" << "";
    QTest::newRow("no name") << "" << "echo" << "" << "A proxy needs a name.";
    QTest::newRow("taken name") << "echo" << "echo" << "" << "A server or another proxy is named echo.";
    QTest::newRow("name for URLs") << "my proxy" << "echo" << "" << "Letters, digits";
    QTest::newRow("unknown upstream") << "front" << "elsewhere" << "" << "Pick a server of this session, or write HOST:PORT";
    QTest::newRow("no port") << "front" << "127.0.0.1" << "" << "Pick a server of this session, or write HOST:PORT";
    QTest::newRow("bad second fault") << "front" << "echo" << "latency:latency=5\nnosuch:x=1" << "Faults: Line 2:";
    QTest::newRow("one name twice") << "front" << "echo" << "latency:latency=5\nlatency:latency=7" << "two faults are named latency";
}

void tst_ProxyDialog::problemsAreShownAsTyped()
{
    QFETCH(QString, name);
    QFETCH(QString, upstream);
    QFETCH(QString, faults);
    QFETCH(QString, problem);
    ProxyDialog dialog(named(QStringLiteral("proxy1")), true, {QStringLiteral("echo")}, {QStringLiteral("echo")});
    dialog.findChild<QLineEdit *>()->setText(name); // the name is the first field
    dialog.upstreamEdit()->setCurrentText(upstream);
    dialog.faultsEdit()->editor()->setPlainText(faults);
    if (problem.isEmpty())
        QVERIFY2(dialog.problem().isEmpty(), qPrintable(dialog.problem()));
    else
        QVERIFY2(dialog.problem().contains(problem), qPrintable(dialog.problem()));
    QCOMPARE(dialog.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok)->isEnabled(), problem.isEmpty());
}

void tst_ProxyDialog::aValidFormGivesTheDefinition()
{
    ProxyDialog dialog(named(QStringLiteral("proxy1")), true, {}, {QStringLiteral("echo")});
    dialog.upstreamEdit()->setCurrentText(QStringLiteral("[::1]:6379"));
    dialog.faultsEdit()->editor()->setPlainText(QStringLiteral("latency:latency=100,jitter=10,stream=upstream\nslicer:average_size=8"));
    QVERIFY2(dialog.problem().isEmpty(), qPrintable(dialog.problem()));
    const NetCore::ProxyDefinition proxy = dialog.definition();
    QCOMPARE(proxy.name, QStringLiteral("proxy1"));
    QVERIFY(proxy.upstreamServer.isEmpty());
    QCOMPARE(proxy.config.upstreamHost, QStringLiteral("::1"));
    QCOMPARE(proxy.config.upstreamPort, quint16(6379));
    QCOMPARE(proxy.config.toxics.size(), 2);
    QCOMPARE(proxy.config.toxics[0].stream, NetCore::Toxic::Stream::Upstream);
    QCOMPARE(proxy.config.toxics[1].type, NetCore::Toxic::Type::Slicer);
    // A session server by name: forwarded to wherever it listens.
    dialog.upstreamEdit()->setCurrentText(QStringLiteral("echo"));
    QCOMPARE(dialog.definition().upstreamServer, QStringLiteral("echo"));
    QCOMPARE(dialog.definition().config.upstreamPort, quint16(0));
}

void tst_ProxyDialog::anExistingProxyIsShownAsItIs()
{
    NetCore::ProxyDefinition proxy = named(QStringLiteral("db"));
    proxy.upstreamServer.clear();
    proxy.config.upstreamHost = QStringLiteral("127.0.0.1");
    proxy.config.upstreamPort = 5432;
    proxy.config.port = 15432;
    proxy.config.maxBuffered = 64 * 1024;
    proxy.config.seed = 7;
    proxy.threads = 2;
    QString why;
    proxy.config.toxics = *NetCore::ProxyConfig::parseToxics({QStringLiteral("reset_peer:timeout=500,toxicity=0.5")}, &why);
    ProxyDialog dialog(proxy, false, {QStringLiteral("db")}, {});
    QVERIFY(dialog.findChild<QLineEdit *>()->isReadOnly()); // fleets and steps refer to it by name
    QVERIFY2(dialog.problem().isEmpty(), qPrintable(dialog.problem()));
    const NetCore::ProxyDefinition back = dialog.definition();
    QCOMPARE(back.config.upstreamHost, proxy.config.upstreamHost);
    QCOMPARE(back.config.upstreamPort, proxy.config.upstreamPort);
    QCOMPARE(back.config.port, proxy.config.port);
    QCOMPARE(back.config.maxBuffered, proxy.config.maxBuffered);
    QCOMPARE(back.config.seed, proxy.config.seed);
    QCOMPARE(back.threads, 2);
    QCOMPARE(back.config.toxics.size(), 1);
    QCOMPARE(back.config.toxics[0].spec(), proxy.config.toxics[0].spec());
}

QTEST_MAIN(tst_ProxyDialog)
#include "tst_proxydialog.moc"
