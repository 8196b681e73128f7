// SPDX-License-Identifier: GPL-3.0-or-later
// `wirebench load --processes N`: agent processes of wirebench, each its share, their
// interval logs merged into one summary; an agent that dies fails the run at once.

#include "serveprocess.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTest>

#include <csignal>

namespace {

// The children of `pid` (Linux keeps them in /proc/PID/task/TID/children).
QList<qint64> childrenOf(qint64 pid)
{
    QList<qint64> children;
    for (const QString &task : QDir(QStringLiteral("/proc/%1/task").arg(pid)).entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        QFile file(QStringLiteral("/proc/%1/task/%2/children").arg(pid).arg(task));
        if (!file.open(QIODevice::ReadOnly))
            continue;
        for (const QByteArray &child : file.readAll().simplified().split(' ')) {
            if (!child.isEmpty())
                children << child.toLongLong();
        }
    }
    return children;
}

/** A 60-second `load --processes 2` against `server`, once both its agents are running. */
void startLongLoad(ServeProcess &server, QProcess &load, QList<qint64> *agents)
{
    const quint16 port = server.waitForPort();
    QVERIFY(port != 0);
    load.start(QStringLiteral(WIREBENCH_EXECUTABLE),
               {QStringLiteral("load"), QStringLiteral("--target"), QStringLiteral("127.0.0.1:%1").arg(port),
                QStringLiteral("--connections"), QStringLiteral("4"), QStringLiteral("--rate"), QStringLiteral("100"),
                QStringLiteral("--duration"), QStringLiteral("60"), QStringLiteral("--processes"), QStringLiteral("2")});
    QVERIFY(load.waitForStarted());
    QTRY_VERIFY_WITH_TIMEOUT((*agents = childrenOf(load.processId())).size() == 2, 10'000);
}

} // namespace

class tst_LoadAgents : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void agentsShareTheFleetAndMergeExactly();
    void anAgentThatDiesFailsTheRunAtOnce();
    void agentsEndWithTheirParent();
    void optionsThatDoNotGoTogetherAreRefused();
};

void tst_LoadAgents::agentsShareTheFleetAndMergeExactly()
{
    ServeProcess server({QStringLiteral("--host"), QStringLiteral("127.0.0.1"), QStringLiteral("--port"), QStringLiteral("0")});
    const quint16 port = server.waitForPort();
    QVERIFY(port != 0);
    // 3 agents x 2,000 connections: the figure's shape at a size the suite can afford.
    QProcess load;
    load.start(QStringLiteral(WIREBENCH_EXECUTABLE),
               {QStringLiteral("load"), QStringLiteral("--target"), QStringLiteral("127.0.0.1:%1").arg(port),
                QStringLiteral("--connections"), QStringLiteral("6000"), QStringLiteral("--ramp"), QStringLiteral("20000"),
                QStringLiteral("--count"), QStringLiteral("60001"), QStringLiteral("--processes"), QStringLiteral("3"),
                QStringLiteral("--json")});
    QVERIFY(load.waitForFinished(120'000));
    const QByteArray errors = load.readAllStandardError();
    QVERIFY2(load.exitStatus() == QProcess::NormalExit && load.exitCode() == 0, errors.constData());
    const QJsonObject summary = QJsonDocument::fromJson(load.readAllStandardOutput()).object();
    QCOMPARE(summary.value(QStringLiteral("processes")).toInt(), 3);
    QCOMPARE(summary.value(QStringLiteral("received")).toDouble(), 60001.0); // 20001 + 20000 + 20000, merged exactly
    QCOMPARE(summary.value(QStringLiteral("errors")).toDouble(), 0.0);
    QCOMPARE(summary.value(QStringLiteral("connections")).toDouble(), 6000.0);
    const QJsonArray memory = summary.value(QStringLiteral("agent_peak_rss_bytes")).toArray();
    QCOMPARE(memory.size(), 3);
    for (const QJsonValue &peak : memory)
        QVERIFY(peak.toDouble() > 1e6);
    QVERIFY(summary.value(QStringLiteral("rss_bytes_per_connection")).toDouble() > 0);
}

void tst_LoadAgents::anAgentThatDiesFailsTheRunAtOnce()
{
    ServeProcess server({QStringLiteral("--host"), QStringLiteral("127.0.0.1"), QStringLiteral("--port"), QStringLiteral("0")});
    QProcess load;
    QList<qint64> agents;
    startLongLoad(server, load, &agents);
    if (QTest::currentTestFailed())
        return;
    QTest::qWait(300); // let them connect and send
    QCOMPARE(::kill(pid_t(agents.first()), SIGKILL), 0);
    QVERIFY(load.waitForFinished(15'000)); // at once, not after the 60 s
    QCOMPARE(load.exitCode(), 3);
    const QByteArray errors = load.readAllStandardError();
    QVERIFY2(errors.contains("was killed") && errors.contains("no figures are given"), errors.constData());
    QVERIFY(load.readAllStandardOutput().isEmpty()); // nothing half-merged printed as if whole
    QTRY_VERIFY_WITH_TIMEOUT(!QFile::exists(QStringLiteral("/proc/%1").arg(agents.last())) || childrenOf(load.processId()).isEmpty(), 10'000);
}

void tst_LoadAgents::agentsEndWithTheirParent()
{
    ServeProcess server({QStringLiteral("--host"), QStringLiteral("127.0.0.1"), QStringLiteral("--port"), QStringLiteral("0")});
    QProcess load;
    QList<qint64> agents;
    startLongLoad(server, load, &agents);
    if (QTest::currentTestFailed())
        return;
    // The parent killed outright: it can stop no one, the kernel tells its agents.
    QCOMPARE(::kill(pid_t(load.processId()), SIGKILL), 0);
    QVERIFY(load.waitForFinished(5'000));
    for (const qint64 agent : std::as_const(agents))
        QTRY_VERIFY_WITH_TIMEOUT(!QFile::exists(QStringLiteral("/proc/%1/status").arg(agent)) || [agent] {
            QFile status(QStringLiteral("/proc/%1/status").arg(agent));
            return status.open(QIODevice::ReadOnly) && status.readAll().contains("State:\tZ"); // ended, not yet reaped
        }(), 15'000);
}

void tst_LoadAgents::optionsThatDoNotGoTogetherAreRefused()
{
    for (const QStringList &extra : {QStringList{QStringLiteral("--hlog"), QStringLiteral("x.hlog")},
                                     QStringList{QStringLiteral("--shard"), QStringLiteral("0/2")}}) {
        QProcess load;
        load.start(QStringLiteral(WIREBENCH_EXECUTABLE), QStringList{QStringLiteral("load"), QStringLiteral("--target"),
                                                                    QStringLiteral("127.0.0.1:9"), QStringLiteral("--processes"),
                                                                    QStringLiteral("2"), QStringLiteral("--connections"),
                                                                    QStringLiteral("2")} + extra);
        QVERIFY(load.waitForFinished(10'000));
        QCOMPARE(load.exitCode(), 2);
        QVERIFY(load.readAllStandardError().contains("--processes makes its own shards and logs"));
    }
    QProcess tooMany;
    tooMany.start(QStringLiteral(WIREBENCH_EXECUTABLE), {QStringLiteral("load"), QStringLiteral("--target"), QStringLiteral("127.0.0.1:9"),
                                                        QStringLiteral("--processes"), QStringLiteral("4"), QStringLiteral("--connections"),
                                                        QStringLiteral("3")});
    QVERIFY(tooMany.waitForFinished(10'000));
    QCOMPARE(tooMany.exitCode(), 2);
    QVERIFY(tooMany.readAllStandardError().contains("3 connections cannot be shared by 4 parts"));
}

QTEST_GUILESS_MAIN(tst_LoadAgents)
#include "tst_loadagents.moc"
