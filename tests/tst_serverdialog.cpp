// SPDX-License-Identifier: GPL-3.0-or-later
#include "serverdialog.h"
#include "tlsserveredit.h"

#include <QDialogButtonBox>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QFile>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>

using namespace Gui;

class tst_ServerDialog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void problemsAreShownAsTyped_data();
    void problemsAreShownAsTyped();
    void aValidFormGivesTheDefinition();
    void tlsIsKeptAndChecked();
    void processesAreKeptAndChecked();
};

void tst_ServerDialog::problemsAreShownAsTyped_data()
{
    QTest::addColumn<QString>("behaviour");
    QTest::addColumn<QString>("faults");
    QTest::addColumn<QString>("problem");
    QTest::newRow("valid") << "delay:5:1:exp" << "drop:0.1 stall:100@1000" << "";
    QTest::newRow("empty is echo") << "" << "" << "";
    QTest::newRow("bad behaviour") << "delay:soon" << "" << "behaviour 'delay:soon': delay 'soon' is not a number";
    QTest::newRow("bad fault") << "echo" << "drop:3" << "fault 'drop:3': '3' is not a probability";
    QTest::newRow("fault twice") << "echo" << "drop:0.1 drop:0.2" << "fault 'drop:0.2': given twice";
}

void tst_ServerDialog::problemsAreShownAsTyped()
{
    QFETCH(QString, behaviour);
    QFETCH(QString, faults);
    QFETCH(QString, problem);
    ServerDialog dialog(NetCore::ServerDefinition{QStringLiteral("echo"), {}, 0}, true, {}, nullptr);
    dialog.behaviourEdit()->clear();
    QTest::keyClicks(dialog.behaviourEdit(), behaviour);
    QTest::keyClicks(dialog.faultsEdit(), faults);
    if (problem.isEmpty())
        QVERIFY2(dialog.problem().isEmpty(), qPrintable(dialog.problem()));
    else
        QVERIFY2(dialog.problem().startsWith(problem), qPrintable(dialog.problem()));
    auto *ok = dialog.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
    QCOMPARE(ok->isEnabled(), problem.isEmpty());
}

void tst_ServerDialog::aValidFormGivesTheDefinition()
{
    NetCore::ServerDefinition original;
    original.name = QStringLiteral("api");
    original.config.port = 7000;
    ServerDialog dialog(original, false, {QStringLiteral("api")}, nullptr);
    QVERIFY(dialog.problem().isEmpty()); // editing keeps its own name
    dialog.behaviourEdit()->setText(QStringLiteral("fixed:OK"));
    dialog.faultsEdit()->setText(QStringLiteral("corrupt:0.5"));
    const NetCore::ServerDefinition edited = dialog.definition();
    QCOMPARE(edited.name, QStringLiteral("api"));
    QCOMPARE(edited.config.port, quint16(7000));
    QCOMPARE(edited.config.behaviour.text(), QStringLiteral("fixed:OK"));
    QCOMPARE(edited.config.faults.specs(), QStringList{QStringLiteral("corrupt:0.5")});

    ServerDialog duplicate(NetCore::ServerDefinition{QStringLiteral("api"), {}, 0}, true, {QStringLiteral("api")}, nullptr);
    QCOMPARE(duplicate.problem(), QStringLiteral("Another server is named api."));
}

void tst_ServerDialog::tlsIsKeptAndChecked()
{
    ServerDialog dialog(NetCore::ServerDefinition{QStringLiteral("tls"), {}, 0}, true, {}, nullptr);
    // The tls-abort fault needs TLS to abort.
    dialog.faultsEdit()->setText(QStringLiteral("tls-abort:0.5"));
    QVERIFY2(dialog.problem().contains(QStringLiteral("tls-abort needs TLS")), qPrintable(dialog.problem()));
    dialog.tlsEdit()->setChecked(true);
    QVERIFY2(dialog.problem().isEmpty(), qPrintable(dialog.problem()));
    NetCore::TlsServerSettings tls = dialog.definition().config.tls;
    QVERIFY(tls.enabled);
    QVERIFY(tls.selfSigned()); // the default: a certificate made at start

    // One's own certificate needs both files, and files that are there.
    dialog.tlsEdit()->findChildren<QRadioButton *>().at(1)->setChecked(true);
    QVERIFY2(dialog.problem().contains(QStringLiteral("certificate and its key")), qPrintable(dialog.problem()));
    tls.certFile = QStringLiteral("/nonexistent/server.pem");
    tls.keyFile = QStringLiteral("/nonexistent/server.key");
    tls.alpn = "http/1.1";
    tls.clientCaFile.clear();
    dialog.tlsEdit()->setSettings(tls);
    QVERIFY2(dialog.problem().contains(QStringLiteral("/nonexistent/server.pem does not exist")), qPrintable(dialog.problem()));
    auto *ok = dialog.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
    QVERIFY(!ok->isEnabled());
    QVERIFY(dialog.definition().config.tls == tls);
}

void tst_ServerDialog::processesAreKeptAndChecked()
{
    ServerDialog dialog(NetCore::ServerDefinition{QStringLiteral("wide"), {}, 0}, true, {}, nullptr);
    QCOMPARE(dialog.processesEdit()->value(), 1);
    dialog.processesEdit()->setValue(4);
    QVERIFY2(dialog.problem().isEmpty(), qPrintable(dialog.problem()));
    QCOMPARE(dialog.definition().processes, 4);
    // Made-up certificates: each process would have its own.
    dialog.tlsEdit()->setChecked(true);
    QVERIFY2(dialog.problem().contains(QStringLiteral("make up its own certificate")), qPrintable(dialog.problem()));
    // The user's certificate is shared by every process.
    QTemporaryDir folder;
    NetCore::TlsServerSettings tls = dialog.definition().config.tls;
    tls.certFile = folder.filePath(QStringLiteral("server.pem"));
    tls.keyFile = folder.filePath(QStringLiteral("server.key"));
    for (const QString &path : {tls.certFile, tls.keyFile}) {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
    }
    dialog.tlsEdit()->setSettings(tls);
    QVERIFY2(dialog.problem().isEmpty(), qPrintable(dialog.problem()));
    // One process again: a made-up certificate is fine.
    NetCore::TlsServerSettings madeUp;
    madeUp.enabled = true;
    dialog.tlsEdit()->setSettings(madeUp);
    dialog.processesEdit()->setValue(1);
    QVERIFY2(dialog.problem().isEmpty(), qPrintable(dialog.problem()));
}

QTEST_MAIN(tst_ServerDialog)
#include "tst_serverdialog.moc"
