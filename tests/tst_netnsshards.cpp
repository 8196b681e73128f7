// SPDX-License-Identifier: GPL-3.0-or-later
// tests/distributed/netns_shards.sh in the suite: a server and three agents on "machines"
// made of network namespaces, started together with --start-at, their logs merged.
// Making namespaces needs root: where it cannot, the test fails and says so.

#include <QDir>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

class tst_NetnsShards : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void agentsInNamespacesMergeIntoOneRun();
};

void tst_NetnsShards::agentsInNamespacesMergeIntoOneRun()
{
    QTemporaryDir dir;
    QProcess script;
    script.setProcessChannelMode(QProcess::MergedChannels);
    script.start(QStringLiteral("bash"), {QStringLiteral(WIREBENCH_SOURCE_DIR "/tests/distributed/netns_shards.sh"),
                                          QStringLiteral(WIREBENCH_EXECUTABLE), dir.path(), QStringLiteral("3"),
                                          QStringLiteral("300"), QStringLiteral("30000")});
    QVERIFY(script.waitForFinished(120'000));
    const QString output = QString::fromUtf8(script.readAll());
    QVERIFY2(script.exitStatus() == QProcess::NormalExit && script.exitCode() == 0, qPrintable(output));

    // Exactly the messages asked for, shared out over the three agents and merged back.
    static const QRegularExpression counts(QStringLiteral("agents received (\\d+) together; merged run received (\\d+)"));
    const QRegularExpressionMatch match = counts.match(output);
    QVERIFY2(match.hasMatch(), qPrintable(output));
    QCOMPARE(match.captured(1), QStringLiteral("30000"));
    QCOMPARE(match.captured(2), QStringLiteral("30000"));
    for (int i = 0; i < 3; ++i)
        QVERIFY(QFile::exists(dir.filePath(QStringLiteral("agent%1.hlog").arg(i))));

    // The namespaces it made are gone.
    QProcess list;
    list.start(QStringLiteral("ip"), {QStringLiteral("netns"), QStringLiteral("list")});
    QVERIFY(list.waitForFinished(10'000));
    const QByteArray namespaces = list.readAllStandardOutput();
    QVERIFY2(!QString::fromUtf8(namespaces).contains(QRegularExpression(QStringLiteral("^wb\\d+-"), QRegularExpression::MultilineOption)),
             namespaces.constData());
}

QTEST_GUILESS_MAIN(tst_NetnsShards)
#include "tst_netnsshards.moc"
