// SPDX-License-Identifier: GPL-3.0-or-later
// `wirebench serve` and `wirebench load` as a user runs them: separate processes
// on loopback, their output and their exit codes.
#include "loopbackpeer.h"
#include "serveprocess.h"

#include "session/sessionfile.h"

#include <QDir>
#include <QFileInfo>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

#include <sys/resource.h>
#include <vector>

using namespace NetCore;

namespace {

QString wirebench()
{
    return QStringLiteral(WIREBENCH_EXECUTABLE);
}

struct Result {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

Result run(const QStringList &arguments, const QString &workingDirectory = {})
{
    QProcess process;
    if (!workingDirectory.isEmpty())
        process.setWorkingDirectory(workingDirectory);
    process.start(wirebench(), arguments);
    Result result;
    if (!process.waitForFinished(60000)) {
        process.kill();
        process.waitForFinished();
        return result;
    }
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    result.out = process.readAllStandardOutput();
    result.err = process.readAllStandardError();
    return result;
}

} // namespace

class tst_HeadlessCommands : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void loadAgainstServeReportsJson_data();
    void loadAgainstServeReportsJson();
    void repliesThatFailAreSaidBeforeTheFigures();
    void serveStopsOnSignalAndPrintsCounters();
    void serveWithBehaviourAndFaults();
    void validateAcceptsEveryExample();
    void validateReportsEveryProblem();
    void everyExampleRuns_data();
    void everyExampleRuns();
    void runWritesToTheOutputFolder();
    void failedCheckExitsOne();
    void unwritableReportExitsThreeWithTheResult();
    void badFlagsExitWithTwo_data();
    void badFlagsExitWithTwo();
    void connectFailureExitsWithThree();
    void bindFailureExitsWithThree();
    void serveStaysWithinItsDescriptors();
};

void tst_HeadlessCommands::loadAgainstServeReportsJson_data()
{
    QTest::addColumn<QStringList>("schedule");
    QTest::addColumn<QString>("framing");
    QTest::newRow("closed loop, wb1") << QStringList{"--window", "4"} << "wb1";
    QTest::newRow("open loop, len4be") << QStringList{"--rate", "5000", "--max-in-flight", "8"} << "len4be";
    QTest::newRow("open loop poisson, line") << QStringList{"--rate", "5000", "--poisson", "--seed", "7"} << "line";
}

void tst_HeadlessCommands::loadAgainstServeReportsJson()
{
    QFETCH(QStringList, schedule);
    QFETCH(QString, framing);
    ServeProcess serve({"--port", "0", "--framing", framing, "--threads", "1"});
    const quint16 port = serve.waitForPort();
    QVERIFY(port != 0);

    const Result load = run(QStringList{"load", "--target", QStringLiteral("127.0.0.1:%1").arg(port), "--connections",
                                        "4", "--count", "3000", "--framing", framing, "--threads", "1", "--json"}
                            + schedule);
    QCOMPARE(load.exitCode, 0);
    QJsonParseError error;
    const QJsonObject summary = QJsonDocument::fromJson(load.out, &error).object();
    QVERIFY2(error.error == QJsonParseError::NoError, load.out.constData());
    QCOMPARE(summary.value("sent").toInt(), 3000);
    QCOMPARE(summary.value("received").toInt(), 3000);
    QCOMPARE(summary.value("errors").toInt(), 0);
    QCOMPARE(summary.value("timeouts").toInt(), 0);
    QCOMPARE(summary.value("connections").toInt(), 4);
    QVERIFY(summary.value("duration_s").toDouble() > 0);
    QVERIFY(summary.value("throughput_per_s").toDouble() > 0);
    for (const char *latency : {"latency_us", "latency_uncorrected_us"}) {
        const QJsonObject figures = summary.value(QLatin1String(latency)).toObject();
        for (const char *key : {"p50", "p90", "p99", "p999", "max", "mean"})
            QVERIFY2(figures.value(QLatin1String(key)).toDouble() > 0, latency);
        QVERIFY(figures.value("p50").toDouble() <= figures.value("p99").toDouble());
        QVERIFY(figures.value("p99").toDouble() <= figures.value("max").toDouble());
    }
    QCOMPARE(summary.value("warnings").toArray(), QJsonArray()); // a healthy run has none
}

void tst_HeadlessCommands::repliesThatFailAreSaidBeforeTheFigures()
{
    // A WB1 fleet against a line server: no request is ever answered, and both the
    // terminal and the JSON say so before any throughput.
    ServeProcess serve({"--port", "0", "--framing", "line", "--threads", "1"});
    const quint16 port = serve.waitForPort();
    QVERIFY(port != 0);
    const QStringList load{"load", "--target", QStringLiteral("127.0.0.1:%1").arg(port), "--connections", "2",
                           "--duration", "0.3", "--reply-timeout", "200", "--threads", "1"};
    const Result text = run(load);
    QCOMPARE(text.exitCode, 0);
    const QList<QByteArray> lines = text.out.split('\n');
    QVERIFY2(lines.size() > 2 && lines[1].startsWith("  warning: No request got a reply"), text.out.constData());
    QVERIFY2(lines[1].contains("does it speak wb1?"), text.out.constData());
    QVERIFY2(text.out.indexOf("warning") < text.out.indexOf("  sent "), text.out.constData());

    const Result json = run(load + QStringList{"--json"});
    const QJsonArray warnings = QJsonDocument::fromJson(json.out).object().value("warnings").toArray();
    // First that nothing answered; what else went wrong may follow (the line server
    // echoes WB1's bytes as lines, which decode as no reply to anything).
    QVERIFY(!warnings.isEmpty());
    QVERIFY2(warnings.first().toString().startsWith("No request got a reply"), json.out.constData());
}

void tst_HeadlessCommands::serveStopsOnSignalAndPrintsCounters()
{
    ServeProcess serve({"--port", "0"});
    const quint16 port = serve.waitForPort();
    QVERIFY(port != 0);
    QCOMPARE(run({"load", "--target", QStringLiteral("127.0.0.1:%1").arg(port), "--count", "100"}).exitCode, 0);
    serve.process().terminate(); // SIGTERM
    QVERIFY(serve.process().waitForFinished(10000));
    QCOMPARE(serve.process().exitCode(), 0);
    const QByteArray output = serve.output();
    QVERIFY2(output.contains("connections: 1 accepted, 0 refused, 1 closed, 0 accept errors\n"), output.constData());
    QVERIFY2(output.contains("frames: 100 in, 100 out;"), output.constData());
}

void tst_HeadlessCommands::serveWithBehaviourAndFaults()
{
    ServeProcess serve({"--port", "0", "--framing", "line", "--behaviour", "fixed:pong", "--fault", "close-after:2",
                        "--seed", "9"});
    const quint16 port = serve.waitForPort();
    QVERIFY(port != 0);
    QTcpSocket client;
    client.connectToHost(QHostAddress::LocalHost, port);
    QVERIFY(client.waitForConnected(5000));
    client.write("a\nb\nc\n");
    QByteArray received;
    QVERIFY(QTest::qWaitFor(
        [&] {
            received += client.readAll();
            return client.state() == QAbstractSocket::UnconnectedState;
        },
        5000));
    received += client.readAll();
    QCOMPARE(received, QByteArray("pong\npong\n"));
    serve.process().terminate();
    QVERIFY(serve.process().waitForFinished(10000));
    const QByteArray output = serve.output();
    QVERIFY2(output.contains("faults (close-after:2): 0 replies dropped, 0 corrupted, 1 connections closed"),
             output.constData());
}

void tst_HeadlessCommands::validateAcceptsEveryExample()
{
    const QDir examples(QStringLiteral(WIREBENCH_SESSIONS_DIR));
    const QStringList files = examples.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name);
    QVERIFY(files.contains(QStringLiteral("demo.json")));
    for (const QString &file : files) {
        const Result result = run({"validate", examples.filePath(file)});
        QVERIFY2(result.exitCode == 0, result.err.constData());
        QVERIFY2(result.out.startsWith(examples.filePath(file).toUtf8() + ": valid: "), result.out.constData());
    }
}

void tst_HeadlessCommands::validateReportsEveryProblem()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("broken.json"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(R"({"format": "wirebench-session", "version": 1,
                  "fleets": [{"name": "f", "target": "nowhere", "schedule": {"rate": -1}}]})");
    file.close();
    const Result result = run({"validate", path});
    QCOMPARE(result.exitCode, 2);
    const QString err = QString::fromUtf8(result.err);
    QVERIFY2(err.contains(path + QStringLiteral(": fleets[0].schedule.rate: expected a number from 0.001")), qPrintable(err));
    QVERIFY2(err.contains(path + QStringLiteral(": fleets[0].target: expected a server's name (none defined) or HOST:PORT; "
                                                "found 'nowhere'")),
             qPrintable(err));
    QVERIFY2(err.endsWith(QStringLiteral("wirebench validate: 2 problems\n")), qPrintable(err));

    const Result missing = run({"validate", dir.filePath(QStringLiteral("absent.json"))});
    QCOMPARE(missing.exitCode, 2);
    QVERIFY2(missing.err.contains("absent.json: cannot read"), missing.err.constData());
    QCOMPARE(run({"validate"}).exitCode, 2);
}

namespace {

// Rewrites a session so its fleets target `port` instead of the session's own
// servers (which are dropped with their steps): for examples that need a server of
// their own, and for big fleets where one process cannot hold both ends' descriptors.
QString retargeted(const QString &examplePath, quint16 port, const QString &directory)
{
    QStringList errors;
    auto session = SessionFile::load(examplePath, &errors);
    if (!session)
        return {};
    session->servers.clear();
    for (FleetDefinition &fleet : session->fleets) {
        fleet.server.clear();
        fleet.config.host = QStringLiteral("127.0.0.1");
        fleet.config.port = port;
    }
    session->scenario.removeIf([](const ScenarioStep &step) { return !step.server.isEmpty(); });
    const QString path = QDir(directory).filePath(QFileInfo(examplePath).fileName());
    QString error;
    return SessionFile::save(*session, path, &error) ? path : QString();
}

rlim_t descriptorHardLimit()
{
    struct rlimit limit {};
    getrlimit(RLIMIT_NOFILE, &limit);
    return limit.rlim_max;
}

} // namespace

void tst_HeadlessCommands::everyExampleRuns_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("scale");
    QTest::addColumn<QString>("externalFraming"); // empty: the session's own server
    QTest::newRow("demo") << "demo.json" << "0.05" << "";
    QTest::newRow("ping-pong") << "ping-pong.json" << "0.05" << "";
    // Both ends of 10,000 connections in one process need 20,000 descriptors and more.
    QTest::newRow("ramp-10k") << "ramp-10k.json" << "0.05" << (descriptorHardLimit() < 21000 ? "wb1" : "");
    QTest::newRow("rate-sweep") << "rate-sweep.json" << "0.05" << "";
    QTest::newRow("faults") << "faults.json" << "0.3" << "";
    QTest::newRow("proxy-latency") << "proxy-latency.json" << "0.3" << "";
    QTest::newRow("external-line") << "external-line.json" << "0.05" << "line";
}

void tst_HeadlessCommands::everyExampleRuns()
{
    QFETCH(QString, file);
    QFETCH(QString, scale);
    QFETCH(QString, externalFraming);
    QTemporaryDir dir;
    QString path = QDir(QStringLiteral(WIREBENCH_SESSIONS_DIR)).filePath(file);
    std::unique_ptr<ServeProcess> external;
    if (!externalFraming.isEmpty()) {
        external = std::make_unique<ServeProcess>(QStringList{"--port", "0", "--framing", externalFraming});
        const quint16 port = external->waitForPort();
        QVERIFY(port != 0);
        path = retargeted(path, port, dir.path());
        QVERIFY(!path.isEmpty());
    }
    const Result result = run({"run", path, "--duration-scale", scale, "--summary", dir.filePath("summary.csv")}, dir.path());
    // Checks about speed may fail on a slow machine (exit 1); a runtime failure may not.
    QVERIFY2(result.exitCode == 0 || result.exitCode == 1, result.err.constData());
    QVERIFY2(result.err.contains("; completed in "), result.err.constData());
    QVERIFY2(result.out.contains("fleet "), result.out.constData());
    QVERIFY(QFile::exists(dir.filePath("summary.csv")));
    if (file == QLatin1String("faults.json"))
        QVERIFY2(result.exitCode == 0, result.out.constData()); // its checks expect the faults, not speed
    if (file == QLatin1String("proxy-latency.json")) { // the proxy's fault shows, whatever the machine's speed
        QVERIFY2(result.out.contains(">= 18000: passed"), result.out.constData());
        // Read as WB1, the proxy timed every request twice: the server's time beside the clients'.
        static const QRegularExpression timed(QStringLiteral("proxy slow: .* (\\d+) requests timed: the server p50 .* clients saw p50"));
        const QRegularExpressionMatch match = timed.match(QString::fromUtf8(result.out));
        QVERIFY2(match.hasMatch() && match.captured(1).toInt() > 1000, result.out.constData());
    }
}

void tst_HeadlessCommands::runWritesToTheOutputFolder()
{
    // rate-sweep.json's report step names "rate-sweep.csv": with --output-dir it and
    // the command line's relative reports land there, never in the working folder.
    QTemporaryDir dir;
    QVERIFY(QDir(dir.path()).mkdir(QStringLiteral("work")));
    const QString work = dir.filePath(QStringLiteral("work"));
    const QString output = dir.filePath(QStringLiteral("results/run-1"));
    const QString session = QDir(QStringLiteral(WIREBENCH_SESSIONS_DIR)).filePath(QStringLiteral("rate-sweep.json"));
    const Result result =
        run({"run", session, "--duration-scale", "0.05", "--output-dir", output, "--summary", "summary.csv"}, work);
    QVERIFY2(result.exitCode == 0 || result.exitCode == 1, result.err.constData());
    for (const char *name : {"rate-sweep.csv", "rate-sweep-summary.csv", "summary.csv"})
        QVERIFY2(QFile::exists(output + QLatin1Char('/') + QLatin1String(name)), name);
    QCOMPARE(QDir(work).entryList(QDir::Files | QDir::NoDotAndDotDot), QStringList{});

    // A file where the folder should be: a runtime failure, said before anything runs.
    QFile blocker(dir.filePath(QStringLiteral("blocker")));
    QVERIFY(blocker.open(QIODevice::WriteOnly));
    blocker.close();
    const Result blocked = run({"run", session, "--output-dir", blocker.fileName() + QStringLiteral("/out")}, work);
    QCOMPARE(blocked.exitCode, 3);
    QVERIFY2(blocked.err.contains("cannot make the output folder"), blocked.err.constData());
}

void tst_HeadlessCommands::failedCheckExitsOne()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("strict.json"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(R"({"format": "wirebench-session", "version": 1,
                  "servers": [{"name": "echo", "threads": 1}],
                  "fleets": [{"name": "f", "target": "echo", "threads": 1}],
                  "scenario": [{"step": "start-server", "server": "echo"}, {"step": "connect", "fleet": "f"},
                               {"step": "wait", "until": "received", "fleet": "f", "count": 100},
                               {"step": "check", "fleet": "f", "metric": "p99_us", "op": "<", "value": 0.5}]})");
    file.close();
    const Result result = run({"run", path});
    QCOMPARE(result.exitCode, 1);
    QVERIFY2(result.out.contains("FAILED: p99_us of f: "), result.out.constData());
    QVERIFY2(result.out.contains(" < 0.5: FAILED"), result.out.constData());
    QVERIFY2(result.err.contains("1 checks, 1 failed; completed"), result.err.constData());
}

void tst_HeadlessCommands::unwritableReportExitsThreeWithTheResult()
{
    QTemporaryDir dir;
    const QString session = QDir(QStringLiteral(WIREBENCH_SESSIONS_DIR)).filePath(QStringLiteral("ping-pong.json"));
    const QString unwritable = dir.filePath(QStringLiteral("no/such/folder/report.csv"));
    const Result result = run({"run", session, "--report", unwritable, "--json", dir.filePath("run.json")});
    QCOMPARE(result.exitCode, 3);
    QVERIFY2(result.err.contains("wirebench run: cannot write " + unwritable.toUtf8()), result.err.constData());
    QVERIFY2(result.out.contains("check p99_us of ping: "), result.out.constData()); // the result is still printed
    QVERIFY2(result.out.contains("fleet ping: sent 20000, received 20000"), result.out.constData());
    QVERIFY(QFile::exists(dir.filePath("run.json"))); // the other report is written
    QCOMPARE(run({"run", session, "--duration-scale", "0"}).exitCode, 2);
    QCOMPARE(run({"run"}).exitCode, 2);
}

void tst_HeadlessCommands::badFlagsExitWithTwo_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("message");
    QTest::newRow("load without target") << QStringList{"load"} << "wirebench load: --target HOST:PORT is required\n";
    QTest::newRow("load bad target") << QStringList{"load", "--target", "nowhere"}
                                     << "wirebench load: --target takes HOST:PORT (for example 127.0.0.1:9000), not 'nowhere'\n";
    QTest::newRow("load window and rate") << QStringList{"load", "--target", "127.0.0.1:9", "--window", "1", "--rate", "5"}
                                          << "wirebench load: --window (closed loop) and --rate (open loop) exclude each other\n";
    QTest::newRow("load zero connections") << QStringList{"load", "--target", "127.0.0.1:9", "--connections", "0"}
                                           << "wirebench load: --connections takes a whole number from 1 to 1000000, not '0'\n";
    QTest::newRow("load unknown framing") << QStringList{"load", "--target", "127.0.0.1:9", "--framing", "xml"}
                                          << "wirebench load: --framing: expected one of wb1|line|len2be|len2le|len4be|len4le|raw|length:OFFSET:SIZE:be|le[:ADJUST]|varint:OFFSET|delim:SEP|fixed:N|resp|http1|websocket; found 'xml'\n";
    QTest::newRow("load bad delimiter") << QStringList{"load", "--target", "127.0.0.1:9", "--framing", "delim:"}
                                        << "wirebench load: --framing: delim: the separator is empty (e.g. delim:\\r\\n)\n";
    QTest::newRow("serve bad port") << QStringList{"serve", "--port", "70000"}
                                    << "wirebench serve: --port takes a whole number from 0 to 65535, not '70000'\n";
    QTest::newRow("serve unknown option") << QStringList{"serve", "--colour"} << "wirebench serve: Unknown option 'colour'.\n";
    QTest::newRow("serve unknown behaviour") << QStringList{"serve", "--behaviour", "teapot"}
                                             << "wirebench serve: behaviour 'teapot': unknown (known: echo | sink | fixed:TEXT | "
                                                "fixed-hex:HEX | delay:MS[:JITTER_MS[:uniform|exp]] | rules:FILE)\n";
    QTest::newRow("serve bad delay") << QStringList{"serve", "--behaviour", "delay:soon"}
                                     << "wirebench serve: behaviour 'delay:soon': delay 'soon' is not a number of "
                                        "milliseconds from 0 to 3600000\n";
    QTest::newRow("serve bad fault") << QStringList{"serve", "--fault", "drop:2"}
                                     << "wirebench serve: fault 'drop:2': '2' is not a probability from 0 to 1\n";
    QTest::newRow("serve fault twice") << QStringList{"serve", "--fault", "drop:0.1", "--fault", "drop:0.2"}
                                       << "wirebench serve: fault 'drop:0.2': given twice\n";
}

void tst_HeadlessCommands::badFlagsExitWithTwo()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, message);
    const Result result = run(arguments);
    QCOMPARE(result.exitCode, 2);
    QCOMPARE(QString::fromUtf8(result.err), message);
    QVERIFY(result.out.isEmpty());
}

void tst_HeadlessCommands::connectFailureExitsWithThree()
{
    quint16 port = 0;
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        port = probe.serverPort();
    }
    const Result result = run({"load", "--target", QStringLiteral("127.0.0.1:%1").arg(port), "--count", "5"});
    QCOMPARE(result.exitCode, 3);
    QVERIFY2(result.err.contains(QStringLiteral("wirebench load: cannot connect to 127.0.0.1:%1: Connection refused\n")
                                     .arg(port)
                                     .toUtf8()),
             result.err.constData());
    QVERIFY(result.out.isEmpty());
}

void tst_HeadlessCommands::bindFailureExitsWithThree()
{
    QTcpServer occupant;
    QVERIFY(occupant.listen(QHostAddress::LocalHost, 0));
    const Result result = run({"serve", "--port", QString::number(occupant.serverPort())});
    QCOMPARE(result.exitCode, 3);
    QVERIFY2(result.err.startsWith(QStringLiteral("wirebench serve: cannot listen on 127.0.0.1:%1: ")
                                       .arg(occupant.serverPort())
                                       .toUtf8()),
             result.err.constData());
}

namespace {

// Runs wirebench with a hard limit of `descriptors` open files (so it cannot raise it).
QStringList withDescriptorLimit(int descriptors, const QStringList &arguments)
{
    QStringList quoted;
    for (const QString &argument : arguments)
        quoted << QLatin1Char('\'') + argument + QLatin1Char('\'');
    return {QStringLiteral("-c"),
            QStringLiteral("ulimit -n %1 && exec '%2' %3").arg(descriptors).arg(wirebench(), quoted.join(u' '))};
}

} // namespace

void tst_HeadlessCommands::serveStaysWithinItsDescriptors()
{
    // With 40 descriptors, 60 clients: the server admits what its descriptors
    // allow, refuses (and counts) the rest with a reason, and keeps serving.
    QProcess serve;
    serve.start(QStringLiteral("bash"), withDescriptorLimit(40, {"serve", "--port", "0", "--threads", "1"}));
    QByteArray output;
    static const QRegularExpression listening(QStringLiteral("listening on 127\\.0\\.0\\.1:(\\d+)"));
    QVERIFY(QTest::qWaitFor(
        [&] {
            output += serve.readAllStandardOutput();
            return listening.match(QString::fromUtf8(output)).hasMatch();
        },
        10000));
    const quint16 port = quint16(listening.match(QString::fromUtf8(output)).captured(1).toUInt());

    std::vector<std::unique_ptr<LoopbackPeer>> crowd;
    for (int i = 0; i < 60; ++i) {
        crowd.push_back(std::make_unique<LoopbackPeer>());
        crowd.back()->connectTo(port);
    }
    // 40 descriptors, 20 in reserve: 20 admitted, 40 refused.
    QTRY_COMPARE_WITH_TIMEOUT(std::count_if(crowd.begin(), crowd.end(), [](const auto &peer) { return peer->wasDisconnected(); }),
                              40L, 10000);
    // The message may still be in the pipe: read until it is there.
    QByteArray errors;
    const QByteArray expected("wirebench serve: refusing connections beyond 20 open: the process may open 40 file "
                              "descriptors (RLIMIT_NOFILE), 20 of them kept in reserve");
    [[maybe_unused]] const bool arrived = QTest::qWaitFor(
        [&] {
            errors += serve.readAllStandardError();
            return errors.contains(expected);
        },
        5000);
    QVERIFY2(errors.contains(expected), errors.constData());
    for (auto &peer : crowd) {
        if (!peer->wasDisconnected())
            peer->sendData(1, "admitted");
    }
    QTRY_COMPARE_WITH_TIMEOUT(std::count_if(crowd.begin(), crowd.end(), [](const auto &peer) { return peer->frameCount() == 1; }),
                              20L, 10000);

    crowd.clear(); // their connections close and give the descriptors back
    LoopbackPeer latecomer;
    latecomer.connectTo(port);
    latecomer.sendData(1, "still there?");
    QTRY_COMPARE_WITH_TIMEOUT(latecomer.frameCount(), 1, 10000);

    serve.terminate();
    QVERIFY(serve.waitForFinished(10000));
    output += serve.readAllStandardOutput();
    // The latecomer is still open when the last counters are taken.
    QVERIFY2(output.contains("connections: 21 accepted, 40 refused, 20 closed, 0 accept errors\n"), output.constData());
}

QTEST_GUILESS_MAIN(tst_HeadlessCommands)
#include "tst_headlesscommands.moc"
