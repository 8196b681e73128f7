// SPDX-License-Identifier: GPL-3.0-or-later
// `wirebench run SESSION --processes N`: agents each run the scenario with their share
// of every fleet and the servers on shared ports; the parent merges their logs and
// judges the run as one process would.

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

namespace {

constexpr int Messages = 30000;

struct Finished {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

Finished runWirebench(const QStringList &arguments, const QString &folder)
{
    QProcess process;
    process.setWorkingDirectory(folder);
    process.start(QStringLiteral(WIREBENCH_EXECUTABLE), arguments);
    if (!process.waitForFinished(120'000))
        process.kill();
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1, process.readAllStandardOutput(),
            process.readAllStandardError()};
}

/** A port nothing listens on now (the agents' servers will share it). */
quint16 freePort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort();
}

/** A session of one echo server on `port` and a fleet that sends `Messages` in all, then `checks`. */
QString writeSession(const QTemporaryDir &dir, quint16 port, int connections, const QString &checks)
{
    const QString path = dir.filePath(QStringLiteral("session.json"));
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        qFatal("cannot write %s", qPrintable(path));
    file.write(QStringLiteral(R"({"format": "wirebench-session", "version": 1,
        "servers": [{"name": "echo", "host": "127.0.0.1", "port": %1}],
        "fleets": [{"name": "web", "target": "echo", "connections": %2, "count": %3, "schedule": {"window": 1}}],
        "scenario": [{"step": "start-server", "server": "echo"},
                     {"step": "connect", "fleet": "web"},
                     {"step": "wait", "until": "connected", "fleet": "web", "timeout_s": 20},
                     {"step": "phase", "name": "steady"},
                     {"step": "wait", "until": "received", "fleet": "web", "count": %3, "timeout_s": 60},
                     %4
                     {"step": "report", "summary": "steps.csv"}]})")
                   .arg(port)
                   .arg(connections)
                   .arg(Messages)
                   .arg(checks)
                   .toUtf8());
    return path;
}

QJsonObject phaseOf(const QString &jsonPath, const QString &phase)
{
    QFile file(jsonPath);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    for (const QJsonValue &value : QJsonDocument::fromJson(file.readAll())
                                       .object()
                                       .value(QStringLiteral("fleets"))
                                       .toArray()
                                       .first()
                                       .toObject()
                                       .value(QStringLiteral("phases"))
                                       .toArray()) {
        if (value.toObject().value(QStringLiteral("phase")).toString() == phase)
            return value.toObject();
    }
    return {};
}

} // namespace

class tst_RunAgents : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void checksAreJudgedOnTheMergedRun_data();
    void checksAreJudgedOnTheMergedRun();
    void anAgentThatFailsEndsTheRun();
    void aStopGivesTheFiguresSoFar();
    void whatCannotBeSharedIsRefused_data();
    void whatCannotBeSharedIsRefused();
};

void tst_RunAgents::checksAreJudgedOnTheMergedRun_data()
{
    QTest::addColumn<QString>("check");
    QTest::addColumn<int>("exitCode");
    // Each agent receives a third: only the merged run reaches the whole count.
    QTest::newRow("whole count") << QStringLiteral("== %1").arg(Messages) << 0;
    QTest::newRow("more than sent") << QStringLiteral("> %1").arg(Messages) << 1;
}

void tst_RunAgents::checksAreJudgedOnTheMergedRun()
{
    QFETCH(QString, check);
    QFETCH(int, exitCode);
    QTemporaryDir dir;
    const QStringList parts = check.split(QLatin1Char(' '));
    const QString session = writeSession(
        dir, freePort(), 30,
        QStringLiteral(R"({"step": "check", "fleet": "web", "metric": "received", "op": "%1", "value": %2},
                          {"step": "check", "fleet": "web", "metric": "errors", "op": "==", "value": 0},)")
            .arg(parts[0], parts[1]));
    const Finished run = runWirebench({QStringLiteral("run"), session, QStringLiteral("--processes"), QStringLiteral("3"),
                                       QStringLiteral("--output-dir"), QStringLiteral("out"), QStringLiteral("--json"),
                                       QStringLiteral("run.json")},
                                      dir.path());
    QVERIFY2(run.exitCode == exitCode, run.err.constData());
    QVERIFY2(run.out.contains("3 agent processes, their logs merged"), run.out.constData());
    QVERIFY2(run.out.contains(QStringLiteral("check received of web: %1 %2").arg(Messages).arg(check).toUtf8()), run.out.constData());
    // The agents' servers share the port; an agent's fleet may be served by another's
    // server, which stays up until every fleet has stopped: no connection is cut.
    QVERIFY2(run.out.contains("check errors of web: 0 == 0: passed"), run.out.constData());
    QCOMPARE(exitCode == 1, run.out.contains("FAILED: received of web"));
    // The command line's report and the session's report step, from the merged run.
    const QJsonObject steady = phaseOf(dir.filePath(QStringLiteral("out/run.json")), QStringLiteral("steady"));
    QCOMPARE(steady.value(QStringLiteral("received")).toDouble(), double(Messages));
    QFile steps(dir.filePath(QStringLiteral("out/steps.csv")));
    QVERIFY(steps.open(QIODevice::ReadOnly));
    QVERIFY2(steps.readAll().contains(QStringLiteral("\nweb,steady,yes,").toUtf8()), "no steady row");
    // Nothing of the agents' own is left in the output folder.
    QCOMPARE(QDir(dir.filePath(QStringLiteral("out"))).entryList(QDir::Files | QDir::Dirs | QDir::NoDotAndDotDot),
             (QStringList{QStringLiteral("run.json"), QStringLiteral("steps.csv")}));
}

void tst_RunAgents::anAgentThatFailsEndsTheRun()
{
    // Nothing listens where the fleet connects: every agent's scenario fails.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("refused.json"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(QStringLiteral(R"({"format": "wirebench-session", "version": 1,
        "fleets": [{"name": "web", "target": "127.0.0.1:%1", "connections": 4, "schedule": {"window": 1}}],
        "scenario": [{"step": "connect", "fleet": "web"},
                     {"step": "wait", "until": "connected", "fleet": "web", "timeout_s": 20},
                     {"step": "hold", "seconds": 30}]})")
                   .arg(freePort())
                   .toUtf8());
    file.close();
    const Finished run = runWirebench({QStringLiteral("run"), path, QStringLiteral("--processes"), QStringLiteral("2"),
                                       QStringLiteral("--json"), QStringLiteral("run.json")},
                                      dir.path());
    QCOMPARE(run.exitCode, 3);
    QVERIFY2(run.err.contains("exited with 3") && run.err.contains("no figures are given"), run.err.constData());
    QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("run.json")))); // nothing half-merged written as if whole
}

void tst_RunAgents::aStopGivesTheFiguresSoFar()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("long.json"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(QStringLiteral(R"({"format": "wirebench-session", "version": 1,
        "servers": [{"name": "echo", "host": "127.0.0.1", "port": %1}],
        "fleets": [{"name": "web", "target": "echo", "connections": 6, "schedule": {"window": 1}}],
        "scenario": [{"step": "start-server", "server": "echo"},
                     {"step": "connect", "fleet": "web"},
                     {"step": "hold", "seconds": 60}]})")
                   .arg(freePort())
                   .toUtf8());
    file.close();
    QProcess run;
    run.setWorkingDirectory(dir.path());
    run.start(QStringLiteral(WIREBENCH_EXECUTABLE), {QStringLiteral("run"), path, QStringLiteral("--processes"), QStringLiteral("2")});
    QByteArray err;
    // Stopped (as Ctrl-C) once the merged figures are live.
    QTRY_VERIFY_WITH_TIMEOUT((err += run.readAllStandardError()).contains("2 agents"), 20'000);
    run.terminate();
    QVERIFY(run.waitForFinished(20'000)); // at once, not after the 60 s
    err += run.readAllStandardError();
    const QByteArray out = run.readAllStandardOutput();
    QCOMPARE(run.exitCode(), 3);
    QVERIFY2(err.contains("wirebench run: cancelled") && !err.contains("no figures"), err.constData());
    QVERIFY2(out.contains("fleet web: sent ") && !out.contains("fleet web: sent 0,"), out.constData());
}

void tst_RunAgents::whatCannotBeSharedIsRefused_data()
{
    QTest::addColumn<QStringList>("extra");
    QTest::addColumn<int>("connections");
    QTest::addColumn<QString>("error");
    QTest::newRow("--hlog") << QStringList{QStringLiteral("--hlog"), QStringLiteral("x.hlog")} << 30
                            << QStringLiteral("--processes makes its own shards and logs: not with --hlog");
    QTest::newRow("--shard") << QStringList{QStringLiteral("--shard"), QStringLiteral("0/2")} << 30
                             << QStringLiteral("--processes makes its own shards and logs: not with --shard");
    QTest::newRow("fewer connections than agents") << QStringList{} << 2 << QStringLiteral("fleet web: 2 connections cannot be shared by 3 parts");
}

void tst_RunAgents::whatCannotBeSharedIsRefused()
{
    QFETCH(QStringList, extra);
    QFETCH(int, connections);
    QFETCH(QString, error);
    QTemporaryDir dir;
    const QString session = writeSession(dir, freePort(), connections, QString());
    const Finished run = runWirebench(QStringList{QStringLiteral("run"), session, QStringLiteral("--processes"), QStringLiteral("3")} + extra,
                                      dir.path());
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains(error.toUtf8()), run.err.constData());
}

QTEST_GUILESS_MAIN(tst_RunAgents)
#include "tst_runagents.moc"
