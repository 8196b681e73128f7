// SPDX-License-Identifier: GPL-3.0-or-later
// `wirebench load|run --shard I/N --start-at T --hlog` in separate processes, then
// `wirebench merge`: the parts start together and merge into one run, exactly.

#include "serveprocess.h"

#include "metrics/intervallogreader.h"

#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

namespace {

constexpr int Shards = 3;

struct Finished {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

Finished finish(QProcess &process)
{
    Finished result;
    if (!process.waitForFinished(60'000))
        process.kill();
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    result.out = process.readAllStandardOutput();
    result.err = process.readAllStandardError();
    return result;
}

Finished runWirebench(const QStringList &arguments, const QProcessEnvironment &environment = QProcessEnvironment::systemEnvironment())
{
    QProcess process;
    process.setProcessEnvironment(environment);
    process.start(QStringLiteral(WIREBENCH_EXECUTABLE), arguments);
    return finish(process);
}

QJsonObject readJson(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(file.readAll()).object();
}

// The "all" figures of the merged JSON report's first fleet.
QJsonObject mergedAll(const QString &path)
{
    return readJson(path).value(QStringLiteral("fleets")).toArray().first().toObject().value(QStringLiteral("all")).toObject();
}

} // namespace

class tst_MergeCommand : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void loadShardsMergeIntoOneRun();
    void runShardsMergeIntoOneRun();
    void shardIndexFromTheEnvironment();
    void badShardsAndLogsAreRefused_data();
    void badShardsAndLogsAreRefused();
};

void tst_MergeCommand::loadShardsMergeIntoOneRun()
{
    ServeProcess server({QStringLiteral("--host"), QStringLiteral("127.0.0.1"), QStringLiteral("--port"), QStringLiteral("0")});
    const quint16 port = server.waitForPort();
    QVERIFY(port != 0);
    QTemporaryDir dir;
    const QString startAt = QString::number(QDateTime::currentMSecsSinceEpoch() + 1500);
    std::vector<std::unique_ptr<QProcess>> shards;
    for (int i = 0; i < Shards; ++i) {
        auto process = std::make_unique<QProcess>();
        process->start(QStringLiteral(WIREBENCH_EXECUTABLE),
                       {QStringLiteral("load"), QStringLiteral("--target"), QStringLiteral("127.0.0.1:%1").arg(port),
                        QStringLiteral("--connections"), QStringLiteral("8"), QStringLiteral("--count"), QStringLiteral("3001"),
                        QStringLiteral("--shard"), QStringLiteral("%1/%2").arg(i).arg(Shards), QStringLiteral("--start-at"), startAt,
                        QStringLiteral("--hlog"), dir.filePath(QStringLiteral("shard%1.hlog").arg(i)), QStringLiteral("--json")});
        shards.push_back(std::move(process));
    }
    quint64 received = 0;
    quint64 connections = 0;
    QStringList logs;
    for (int i = 0; i < Shards; ++i) {
        const Finished shard = finish(*shards[size_t(i)]);
        QVERIFY2(shard.exitCode == 0, shard.err.constData());
        const QJsonObject summary = QJsonDocument::fromJson(shard.out).object();
        received += quint64(summary.value(QStringLiteral("received_total")).toDouble());
        connections += quint64(summary.value(QStringLiteral("connections")).toDouble());
        logs << dir.filePath(QStringLiteral("shard%1.hlog").arg(i));
    }
    QCOMPARE(received, quint64(3001)); // the budget, shared out exactly: 1001 + 1000 + 1000
    QCOMPARE(connections, quint64(8));

    // Each part counted from the same instant: its log's BaseTime.
    for (const QString &log : std::as_const(logs)) {
        QString error;
        const auto read = NetCore::IntervalLogReader::readFile(log, &error);
        QVERIFY2(read, qPrintable(error));
        QCOMPARE(qint64(std::llround(read->baseTimeSec.value_or(0) * 1000)), startAt.toLongLong());
    }

    const QString json = dir.filePath(QStringLiteral("merged.json"));
    const QString hgrm = dir.filePath(QStringLiteral("merged.hgrm"));
    const Finished merge = runWirebench(QStringList{QStringLiteral("merge")} + logs + QStringList{QStringLiteral("--json"), json, QStringLiteral("--hgrm"), hgrm});
    QVERIFY2(merge.exitCode == 0, merge.err.constData());
    QVERIFY2(merge.out.contains("3 logs, 1 fleet"), merge.out.constData());
    const QJsonObject all = mergedAll(json);
    // Every reply of every part, whether it came while connecting or after: the connect
    // phase is left out of "all", so count both.
    quint64 mergedReceived = 0;
    for (const QJsonValue &phase : readJson(json).value(QStringLiteral("fleets")).toArray().first().toObject().value(QStringLiteral("phases")).toArray())
        mergedReceived += quint64(phase.toObject().value(QStringLiteral("received")).toDouble());
    QCOMPARE(mergedReceived, quint64(3001));
    QVERIFY(all.value(QStringLiteral("latency_us")).toObject().value(QStringLiteral("p99")).toDouble() > 0);
    QFile distribution(hgrm);
    QVERIFY(distribution.open(QIODevice::ReadOnly));
    QVERIFY(distribution.readAll().contains("#[Buckets"));
}

void tst_MergeCommand::runShardsMergeIntoOneRun()
{
    ServeProcess server({QStringLiteral("--host"), QStringLiteral("127.0.0.1"), QStringLiteral("--port"), QStringLiteral("0")});
    const quint16 port = server.waitForPort();
    QVERIFY(port != 0);
    QTemporaryDir dir;
    // A session whose fleet targets a server outside it, as shards on several machines have.
    const QByteArray session = QStringLiteral(R"({"format": "wirebench-session", "version": 1,
        "fleets": [{"name": "web", "target": "127.0.0.1:%1", "connections": 6, "schedule": {"window": 1}}],
        "scenario": [{"step": "connect", "fleet": "web"},
                     {"step": "wait", "until": "connected", "fleet": "web", "timeout_s": 20},
                     {"step": "phase", "name": "steady"},
                     {"step": "hold", "seconds": 0.5},
                     {"step": "disconnect", "fleet": "web"}]})")
                                   .arg(port)
                                   .toUtf8();
    QFile file(dir.filePath(QStringLiteral("shards.json")));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(session);
    file.close();
    const QString startAt = QDateTime::currentDateTimeUtc().addMSecs(1500).toString(Qt::ISODateWithMs);
    std::vector<std::unique_ptr<QProcess>> shards;
    for (int i = 0; i < Shards; ++i) {
        auto process = std::make_unique<QProcess>();
        process->start(QStringLiteral(WIREBENCH_EXECUTABLE),
                       {QStringLiteral("run"), file.fileName(), QStringLiteral("--shard"), QStringLiteral("%1/%2").arg(i).arg(Shards),
                        QStringLiteral("--start-at"), startAt, QStringLiteral("--hlog"), dir.filePath(QStringLiteral("run%1.hlog").arg(i)),
                        QStringLiteral("--json"), dir.filePath(QStringLiteral("run%1.json").arg(i))});
        shards.push_back(std::move(process));
    }
    quint64 received = 0;
    QStringList logs;
    for (int i = 0; i < Shards; ++i) {
        const Finished shard = finish(*shards[size_t(i)]);
        QVERIFY2(shard.exitCode == 0, shard.err.constData());
        QVERIFY2(shard.err.contains("waiting") && shard.err.contains("for --start-at"), shard.err.constData());
        received += quint64(mergedAll(dir.filePath(QStringLiteral("run%1.json").arg(i))).value(QStringLiteral("received")).toDouble());
        logs << dir.filePath(QStringLiteral("run%1.hlog").arg(i));
    }
    QVERIFY(received > 0);
    const QString summary = dir.filePath(QStringLiteral("merged.csv"));
    const QString json = dir.filePath(QStringLiteral("merged.json"));
    const Finished merge = runWirebench(QStringList{QStringLiteral("merge")} + logs + QStringList{QStringLiteral("--summary"), summary, QStringLiteral("--json"), json});
    QVERIFY2(merge.exitCode == 0, merge.err.constData());
    // The steady phase of the three parts is the merged run's: replies summed exactly.
    QCOMPARE(quint64(mergedAll(json).value(QStringLiteral("received")).toDouble()), received);
    QFile csv(summary);
    QVERIFY(csv.open(QIODevice::ReadOnly));
    const QByteArray rows = csv.readAll();
    QVERIFY2(rows.contains("\nweb,connect,no,") && rows.contains("\nweb,steady,yes,"), rows.constData());
}

void tst_MergeCommand::shardIndexFromTheEnvironment()
{
    // As a Kubernetes Indexed Job runs it: the index from JOB_COMPLETION_INDEX.
    ServeProcess server({QStringLiteral("--host"), QStringLiteral("127.0.0.1"), QStringLiteral("--port"), QStringLiteral("0")});
    const quint16 port = server.waitForPort();
    QVERIFY(port != 0);
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("JOB_COMPLETION_INDEX"), QStringLiteral("2"));
    const Finished shard = runWirebench({QStringLiteral("load"), QStringLiteral("--target"), QStringLiteral("127.0.0.1:%1").arg(port),
                                         QStringLiteral("--connections"), QStringLiteral("10"), QStringLiteral("--count"),
                                         QStringLiteral("100"), QStringLiteral("--shard-count"), QStringLiteral("4")},
                                        environment);
    QVERIFY2(shard.exitCode == 0, shard.err.constData());
    // Part 2 of 4 of 10 connections and 100 messages: 2 connections (3, 3, 2, 2), 25 messages.
    QVERIFY2(shard.out.contains("2 connections (shard 2/4)"), shard.out.constData());
    QVERIFY2(shard.out.contains("sent 25 "), shard.out.constData());
}

void tst_MergeCommand::badShardsAndLogsAreRefused_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("expected");
    const QStringList load{QStringLiteral("load"), QStringLiteral("--target"), QStringLiteral("127.0.0.1:9")};
    QTest::newRow("index past the end") << (load + QStringList{QStringLiteral("--shard"), QStringLiteral("3/3")}) << 2
                                        << "--shard takes I/N with 0 <= I < N";
    QTest::newRow("not a shard") << (load + QStringList{QStringLiteral("--shard"), QStringLiteral("half")}) << 2 << "--shard takes I/N";
    QTest::newRow("too few connections")
        << (load + QStringList{QStringLiteral("--connections"), QStringLiteral("2"), QStringLiteral("--shard"), QStringLiteral("0/3")}) << 2
        << "--shard 0/3: 2 connections cannot be shared by 3 parts";
    QTest::newRow("no index for --shard-count") << (load + QStringList{QStringLiteral("--shard-count"), QStringLiteral("3")}) << 2
                                                << "--shard-count needs JOB_COMPLETION_INDEX";
    QTest::newRow("start-at not a time") << (load + QStringList{QStringLiteral("--start-at"), QStringLiteral("soon")}) << 2
                                         << "--start-at takes epoch milliseconds or an ISO 8601 time";
    QTest::newRow("merge nothing") << QStringList{QStringLiteral("merge")} << 2 << "no interval logs given";
    QTest::newRow("merge a missing log") << QStringList{QStringLiteral("merge"), QStringLiteral("/nonexistent/a.hlog")} << 2
                                         << "/nonexistent/a.hlog";
}

void tst_MergeCommand::badShardsAndLogsAreRefused()
{
    QFETCH(QStringList, arguments);
    QFETCH(int, exitCode);
    QFETCH(QString, expected);
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.remove(QStringLiteral("JOB_COMPLETION_INDEX"));
    const Finished result = runWirebench(arguments, environment);
    QCOMPARE(result.exitCode, exitCode);
    QVERIFY2(result.err.contains(expected.toUtf8()), result.err.constData());
}

QTEST_GUILESS_MAIN(tst_MergeCommand)
#include "tst_mergecommand.moc"
