// SPDX-License-Identifier: GPL-3.0-or-later
// `wirebench proxy` between clients and servers no one here wrote (Debian's packages,
// installed by packaging/dev.sh test): redis-benchmark to redis-server, every command
// arriving exactly once; curl to nginx, a large body whole, many requests in turn, and
// the faults curl sees as its own errors: limit_data truncates, reset_peer resets,
// timeout holds.
#include "realserver.h"

#include "capture/capturefile.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

namespace {

QString findProgram(const QString &name)
{
    const QString found = QStandardPaths::findExecutable(name);
    return found.isEmpty() ? QStandardPaths::findExecutable(name, {QStringLiteral("/usr/sbin")}) : found;
}

/** A redis-server of the test's own on `port`, keeping nothing on disk. */
void startRedis(QProcess &redis, const QString &program, quint16 port)
{
    redis.start(program, {QStringLiteral("--port"), QString::number(port), QStringLiteral("--bind"), QStringLiteral("127.0.0.1"),
                          QStringLiteral("--save"), QString(), QStringLiteral("--appendonly"), QStringLiteral("no")});
}

/** `wirebench proxy` towards `upstreamPort`, until stop(); its JSON counters then. */
class ProxyProcess
{
public:
    explicit ProxyProcess(quint16 upstreamPort, const QStringList &extra = {})
    {
        m_process.start(QStringLiteral(WIREBENCH_EXECUTABLE),
                        QStringList{QStringLiteral("proxy"), QStringLiteral("--upstream"), QStringLiteral("127.0.0.1:%1").arg(upstreamPort),
                                    QStringLiteral("--json"), QStringLiteral("--threads"), QStringLiteral("1")}
                            + extra);
    }
    ~ProxyProcess()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.kill();
            m_process.waitForFinished(5000);
        }
    }
    quint16 waitForPort()
    {
        static const QRegularExpression listening(QStringLiteral("^listening on 127\\.0\\.0\\.1:(\\d+),"));
        QElapsedTimer clock;
        clock.start();
        while (clock.elapsed() < 10'000 && m_process.waitForReadyRead(int(10'000 - clock.elapsed()))) {
            m_output += m_process.readAllStandardOutput();
            const QRegularExpressionMatch match = listening.match(QString::fromUtf8(m_output));
            if (match.hasMatch())
                return quint16(match.captured(1).toUInt());
        }
        return 0;
    }
    QJsonObject stop()
    {
        m_process.terminate();
        m_process.waitForFinished(10'000);
        m_output += m_process.readAllStandardOutput();
        for (const QByteArray &line : m_output.split('\n')) {
            if (line.startsWith('{'))
                return QJsonDocument::fromJson(line).object();
        }
        return {};
    }

private:
    QProcess m_process;
    QByteArray m_output;
};

/** The large body nginx serves in these tests: far larger than the proxy's buffer. */
QByteArray largeBody()
{
    QByteArray body(8 * 1024 * 1024, Qt::Uninitialized);
    for (qsizetype i = 0; i < body.size(); ++i)
        body[i] = char(i * 131 % 251);
    return body;
}

/** nginx of the test's own serving largeBody() as /large.bin, and curl to fetch it. */
class NginxAndCurl
{
public:
    NginxAndCurl()
    {
        const QString nginx = findProgram(QStringLiteral("nginx"));
        curl = findProgram(QStringLiteral("curl"));
        if (nginx.isEmpty() || curl.isEmpty()) {
            problem = QStringLiteral("nginx or curl is not installed: packaging/dev.sh test installs Debian's nginx-light and curl");
            return;
        }
        const quint16 freePort = RealServer::freeLoopbackPort();
        QDir(m_dir.path()).mkdir(QStringLiteral("www"));
        QFile file(m_dir.filePath(QStringLiteral("www/large.bin")));
        const QByteArray body = largeBody();
        QFile config(m_dir.filePath(QStringLiteral("nginx.conf")));
        if (!file.open(QIODevice::WriteOnly) || file.write(body) != body.size() || !config.open(QIODevice::WriteOnly)) {
            problem = QStringLiteral("cannot write nginx's files in %1").arg(m_dir.path());
            return;
        }
        file.close();
        const QByteArray folder = m_dir.path().toUtf8();
        config.write("daemon off; error_log stderr;\n"
                     + RealServer::nginxConfig(folder, 256, "  server { listen 127.0.0.1:" + QByteArray::number(freePort) + "; root "
                                                                    + folder + "/www; }\n"));
        config.close();
        m_server.start(nginx, {QStringLiteral("-c"), config.fileName(), QStringLiteral("-p"), m_dir.path()});
        QElapsedTimer clock;
        clock.start();
        while (!RealServer::accepts(freePort)) {
            if (clock.elapsed() > 10'000 || m_server.state() == QProcess::NotRunning) {
                problem = QStringLiteral("nginx did not start: %1").arg(QString::fromUtf8(m_server.readAllStandardError()));
                return;
            }
            QTest::qWait(20);
        }
        port = freePort;
    }
    ~NginxAndCurl()
    {
        m_server.terminate();
        m_server.waitForFinished(5000);
    }

    QString curl;
    quint16 port = 0;
    QString problem; // why there is no nginx to test with

private:
    QTemporaryDir m_dir;
    QProcess m_server;
};

} // namespace

class tst_ProxyPeers : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void redisBenchmarkThroughTheProxy();
    void curlToNginxThroughTheProxy();
    void curlSeesTheFaults_data();
    void curlSeesTheFaults();
    void aRedisCliSessionRecordedAndReplayed();
};

void tst_ProxyPeers::redisBenchmarkThroughTheProxy()
{
    const QString redisServer = findProgram(QStringLiteral("redis-server"));
    const QString benchmark = findProgram(QStringLiteral("redis-benchmark"));
    const QString cli = findProgram(QStringLiteral("redis-cli"));
    if (redisServer.isEmpty() || benchmark.isEmpty() || cli.isEmpty())
        QFAIL("redis-server, redis-benchmark or redis-cli is not installed: packaging/dev.sh test installs Debian's redis-server");
    const quint16 redisPort = RealServer::freeLoopbackPort();
    QProcess redis;
    startRedis(redis, redisServer, redisPort);
    QTRY_VERIFY_WITH_TIMEOUT(RealServer::accepts(redisPort), 10'000);
    ProxyProcess proxy(redisPort);
    const quint16 port = proxy.waitForPort();
    QVERIFY(port != 0);

    QProcess run;
    run.start(benchmark, {QStringLiteral("-h"), QStringLiteral("127.0.0.1"), QStringLiteral("-p"), QString::number(port), QStringLiteral("-n"),
                          QStringLiteral("20000"), QStringLiteral("-c"), QStringLiteral("50"), QStringLiteral("-t"), QStringLiteral("set,get"),
                          QStringLiteral("--csv")});
    QVERIFY(run.waitForFinished(120'000));
    QVERIFY2(run.exitCode() == 0, run.readAllStandardError().constData());
    const QByteArray csv = run.readAllStandardOutput();
    QVERIFY2(csv.contains("\"SET\"") && csv.contains("\"GET\""), csv.constData());

    // Every command once, counted by the server itself.
    QProcess stats;
    stats.start(cli, {QStringLiteral("-p"), QString::number(redisPort), QStringLiteral("info"), QStringLiteral("commandstats")});
    QVERIFY(stats.waitForFinished(10'000));
    const QString info = QString::fromUtf8(stats.readAllStandardOutput());
    QVERIFY2(info.contains(QStringLiteral("cmdstat_set:calls=20000,")), qPrintable(info));
    QVERIFY2(info.contains(QStringLiteral("cmdstat_get:calls=20000,")), qPrintable(info));
    const QJsonObject counters = proxy.stop();
    QVERIFY2(counters.value(QStringLiteral("connections_accepted")).toInteger() >= 100, qPrintable(QJsonDocument(counters).toJson()));
    QCOMPARE(counters.value(QStringLiteral("connections_accepted")), counters.value(QStringLiteral("upstream_connected")));
    QCOMPARE(counters.value(QStringLiteral("upstream_refused")).toInteger(), 0);
    QCOMPARE(counters.value(QStringLiteral("resets_from_client")).toInteger() + counters.value(QStringLiteral("resets_from_server")).toInteger(), 0);

    // A latency fault on the replies: redis-benchmark's own figures show it.
    ProxyProcess slow(redisPort, {QStringLiteral("--fault"), QStringLiteral("latency:latency=20")});
    const quint16 slowPort = slow.waitForPort();
    QVERIFY(slowPort != 0);
    QProcess slowRun;
    slowRun.start(benchmark, {QStringLiteral("-h"), QStringLiteral("127.0.0.1"), QStringLiteral("-p"), QString::number(slowPort),
                              QStringLiteral("-n"), QStringLiteral("50"), QStringLiteral("-c"), QStringLiteral("1"), QStringLiteral("-t"),
                              QStringLiteral("get"), QStringLiteral("--csv")});
    QVERIFY(slowRun.waitForFinished(60'000));
    QVERIFY2(slowRun.exitCode() == 0, slowRun.readAllStandardError().constData());
    // "test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms",...
    const QList<QByteArray> rows = slowRun.readAllStandardOutput().split('\n');
    QVERIFY(rows.size() >= 2);
    const QList<QByteArray> header = rows[0].split(',');
    const QList<QByteArray> values = rows[1].split(',');
    const qsizetype minColumn = header.indexOf("\"min_latency_ms\"");
    QVERIFY2(minColumn > 0 && values.size() > minColumn, rows[0].constData());
    const double minMs = QByteArray(values[minColumn]).replace('"', "").toDouble();
    QVERIFY2(minMs >= 19.9, rows[1].constData()); // every reply at least 20 ms late
    slow.stop();

    // Read as RESP, only GETs held 10 ms on their way to the server (a frame rule): the
    // proxy times each command twice, redis's own time beside what redis-benchmark saw.
    ProxyProcess framed(redisPort, {QStringLiteral("--framing"), QStringLiteral("resp"), QStringLiteral("--fault"),
                                    QStringLiteral("delay:10,stream=upstream,match=prefix:*2\\r\\n$3\\r\\nGET")});
    const quint16 framedPort = framed.waitForPort();
    QVERIFY(framedPort != 0);
    auto benchmarkMinimum = [&](const QString &test) -> double {
        QProcess bench;
        bench.start(benchmark, {QStringLiteral("-h"), QStringLiteral("127.0.0.1"), QStringLiteral("-p"), QString::number(framedPort),
                                QStringLiteral("-n"), QStringLiteral("100"), QStringLiteral("-c"), QStringLiteral("1"),
                                QStringLiteral("-t"), test, QStringLiteral("--csv")});
        if (!bench.waitForFinished(60'000) || bench.exitCode() != 0)
            return -1;
        const QList<QByteArray> lines = bench.readAllStandardOutput().split('\n');
        const qsizetype column = lines.value(0).split(',').indexOf("\"min_latency_ms\"");
        return column < 0 ? -1 : QByteArray(lines.value(1).split(',').value(column)).replace('"', "").toDouble();
    };
    const double setMinimum = benchmarkMinimum(QStringLiteral("set"));
    const double getMinimum = benchmarkMinimum(QStringLiteral("get"));
    QVERIFY2(setMinimum >= 0 && setMinimum < 9.0, qPrintable(QString::number(setMinimum))); // SETs are not aimed at
    QVERIFY2(getMinimum >= 9.9, qPrintable(QString::number(getMinimum)));
    const QJsonObject timed = framed.stop();
    QVERIFY2(timed.value(QStringLiteral("replies_timed")).toInteger() >= 200, qPrintable(QJsonDocument(timed).toJson()));
    QVERIFY(timed.value(QStringLiteral("frames_delayed")).toInteger() >= 100);
    // Redis itself took well under the fault's 10 ms; the clients saw the 10 ms on half of them.
    const QJsonObject server = timed.value(QStringLiteral("server_time_us")).toObject();
    const QJsonObject client = timed.value(QStringLiteral("client_seen_us")).toObject();
    const QJsonObject injected = timed.value(QStringLiteral("injected_us")).toObject();
    // (p50: on a machine busy with other work redis's tail can pass 5 ms; its middle cannot.)
    QVERIFY2(server.value(QStringLiteral("p50")).toDouble() < 5000, qPrintable(QJsonDocument(timed).toJson()));
    QVERIFY2(client.value(QStringLiteral("max")).toDouble() >= 10000, qPrintable(QJsonDocument(timed).toJson()));
    QVERIFY2(injected.value(QStringLiteral("p99")).toDouble() >= 9900, qPrintable(QJsonDocument(timed).toJson()));
    redis.terminate();
    redis.waitForFinished(5000);
}

void tst_ProxyPeers::curlToNginxThroughTheProxy()
{
    NginxAndCurl nginx;
    if (!nginx.problem.isEmpty())
        QFAIL(qPrintable(nginx.problem));
    const QString curl = nginx.curl;
    const quint16 nginxPort = nginx.port;
    ProxyProcess proxy(nginxPort);
    const quint16 port = proxy.waitForPort();
    QVERIFY(port != 0);

    QProcess download;
    download.start(curl, {QStringLiteral("-sS"), QStringLiteral("--fail"), QStringLiteral("http://127.0.0.1:%1/large.bin").arg(port)});
    QVERIFY(download.waitForFinished(60'000));
    QVERIFY2(download.exitCode() == 0, download.readAllStandardError().constData());
    const QByteArray received = download.readAllStandardOutput();
    const QByteArray body = largeBody();
    QCOMPARE(received.size(), body.size());
    QVERIFY(received == body);
    // Ten requests on one keep-alive connection, and a missing file's status passed on.
    QStringList arguments{QStringLiteral("-sS"), QStringLiteral("-w"), QStringLiteral("%{http_code} %{num_connects}\\n")};
    for (int i = 0; i < 11; ++i)
        arguments << QStringLiteral("-o") << QStringLiteral("/dev/null")
                  << QStringLiteral("http://127.0.0.1:%1/%2").arg(port).arg(i < 10 ? QStringLiteral("large.bin") : QStringLiteral("missing"));
    QProcess several;
    several.start(curl, arguments);
    QVERIFY(several.waitForFinished(60'000));
    const QStringList lines = QString::fromUtf8(several.readAllStandardOutput()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 11);
    QCOMPARE(lines.first(), QStringLiteral("200 1"));
    QCOMPARE(lines.at(9), QStringLiteral("200 0")); // the same connection
    QCOMPARE(lines.last(), QStringLiteral("404 0"));
    const QJsonObject counters = proxy.stop();
    QCOMPARE(counters.value(QStringLiteral("connections_accepted")).toInteger(), 2);
    QVERIFY(counters.value(QStringLiteral("bytes_downstream")).toInteger() > 11 * body.size());
}

void tst_ProxyPeers::curlSeesTheFaults_data()
{
    QTest::addColumn<QStringList>("faults");
    QTest::addColumn<QStringList>("curlOptions");
    QTest::addColumn<int>("exitCode");      // curl's own: what a person running it would see
    QTest::addColumn<QString>("says");      // in curl's error
    QTest::addColumn<int>("atLeastMs");
    // 200,000 bytes of the reply and no more: the body cut short, its first bytes right.
    QTest::newRow("limit_data truncates") << QStringList{QStringLiteral("limit_data:bytes=200000")} << QStringList{} << 18
                                          << QStringLiteral("transfer closed with") << 0;
    // Slowed to 1 MB/s so the download is still going at 300 ms, when the RST comes.
    QTest::newRow("reset_peer resets") << QStringList{QStringLiteral("bandwidth:rate=1000"), QStringLiteral("reset_peer:timeout=300")}
                                       << QStringList{} << 56 << QStringLiteral("reset by peer") << 300;
    // Nothing forwarded, the connection held open until curl gives up.
    QTest::newRow("timeout 0 holds") << QStringList{QStringLiteral("timeout:timeout=0")}
                                     << QStringList{QStringLiteral("--max-time"), QStringLiteral("1.5")} << 28
                                     << QStringLiteral("timed out") << 1500;
    // Nothing forwarded, then closed after 300 ms: curl got nothing at all.
    QTest::newRow("timeout closes") << QStringList{QStringLiteral("timeout:timeout=300")} << QStringList{} << 52
                                    << QStringLiteral("Empty reply from server") << 300;
}

void tst_ProxyPeers::curlSeesTheFaults()
{
    QFETCH(QStringList, faults);
    QFETCH(QStringList, curlOptions);
    QFETCH(int, exitCode);
    QFETCH(QString, says);
    QFETCH(int, atLeastMs);
    NginxAndCurl nginx;
    if (!nginx.problem.isEmpty())
        QFAIL(qPrintable(nginx.problem));
    const QString curl = nginx.curl;
    const quint16 nginxPort = nginx.port;
    QStringList faultOptions;
    for (const QString &fault : faults)
        faultOptions << QStringLiteral("--fault") << fault;
    ProxyProcess proxy(nginxPort, faultOptions);
    const quint16 port = proxy.waitForPort();
    QVERIFY(port != 0);

    QProcess download;
    QElapsedTimer clock;
    clock.start();
    download.start(curl, QStringList{QStringLiteral("-sS"), QStringLiteral("http://127.0.0.1:%1/large.bin").arg(port)} + curlOptions);
    QVERIFY(download.waitForFinished(30'000));
    const qint64 tookMs = clock.elapsed();
    const QByteArray error = download.readAllStandardError();
    QVERIFY2(download.exitCode() == exitCode, qPrintable(QStringLiteral("curl exited %1: %2").arg(download.exitCode()).arg(QString::fromUtf8(error))));
    QVERIFY2(QString::fromUtf8(error).contains(says), error.constData());
    QVERIFY2(tookMs >= atLeastMs - 20, qPrintable(QString::number(tookMs)));
    const QByteArray received = download.readAllStandardOutput();
    QVERIFY(received.size() < 8 * 1024 * 1024);
    QVERIFY(largeBody().startsWith(received)); // what came is the body as it was, only less of it
    if (faults.first().startsWith(QLatin1String("limit_data")))
        QVERIFY2(received.size() > 150'000 && received.size() < 200'000, qPrintable(QString::number(received.size())));
    // The proxy counted what it did.
    const QJsonObject counters = proxy.stop();
    QCOMPARE(counters.value(QStringLiteral("connections_accepted")).toInteger(), 1);
}

void tst_ProxyPeers::aRedisCliSessionRecordedAndReplayed()
{
    const QString redisServer = findProgram(QStringLiteral("redis-server"));
    const QString cli = findProgram(QStringLiteral("redis-cli"));
    if (redisServer.isEmpty() || cli.isEmpty())
        QFAIL("redis-server or redis-cli is not installed: packaging/dev.sh test installs Debian's redis-server");
    const quint16 redisPort = RealServer::freeLoopbackPort();
    QProcess redis;
    startRedis(redis, redisServer, redisPort);
    QTRY_VERIFY_WITH_TIMEOUT(RealServer::accepts(redisPort), 10'000);
    QTemporaryDir dir;
    // redis-cli through a recording proxy: one connection, one conversation.
    auto record = [&](const QString &capture, const QByteArray &commands) {
        ProxyProcess proxy(redisPort, {QStringLiteral("--framing"), QStringLiteral("resp"), QStringLiteral("--record"), capture,
                                       QStringLiteral("--record-pcap"), capture + QStringLiteral(".pcapng")});
        const quint16 port = proxy.waitForPort();
        if (port == 0)
            return false;
        QProcess session;
        session.start(cli, {QStringLiteral("-p"), QString::number(port)});
        session.write(commands);
        session.closeWriteChannel();
        if (!session.waitForFinished(20'000) || session.exitCode() != 0)
            return false;
        return proxy.stop().value(QStringLiteral("frames_upstream")).toInteger() >= 5;
    };
    auto replay = [&](const QString &capture, int connections) {
        QProcess load;
        load.start(QStringLiteral(WIREBENCH_EXECUTABLE),
                   {QStringLiteral("load"), QStringLiteral("--replay"), capture, QStringLiteral("--target"),
                    QStringLiteral("127.0.0.1:%1").arg(redisPort), QStringLiteral("--connections"), QString::number(connections),
                    QStringLiteral("--json")});
        load.waitForFinished(60'000);
        QJsonObject result = QJsonDocument::fromJson(load.readAllStandardOutput()).object();
        result.insert(QStringLiteral("exit"), load.exitCode());
        return result;
    };
    const QString same = dir.filePath(QStringLiteral("same.jsonl"));
    QVERIFY(record(same, "SET greeting hello\nGET greeting\nPING\nECHO wirebench\nEXISTS greeting\nSTRLEN greeting\n"));
    // redis-cli 7 opens with COMMAND DOCS, whose 170 KB reply redis does not keep in one
    // order from call to call (a byte differed once in CI): that exchange is left out of
    // what is replayed, as a user would leave it out; the commands typed stay.
    const QString typed = dir.filePath(QStringLiteral("typed.jsonl"));
    {
        QFile in(same);
        QFile out(typed);
        QVERIFY(in.open(QIODevice::ReadOnly) && out.open(QIODevice::WriteOnly));
        const QByteArray docs = QByteArray("*2\r\n$7\r\nCOMMAND\r\n$4\r\nDOCS\r\n").toBase64();
        bool skipReply = false;
        int skipped = 0;
        for (const QByteArray &line : in.readAll().split('\n')) {
            if (line.isEmpty())
                continue;
            const QJsonObject event = QJsonDocument::fromJson(line).object();
            const bool isDocs = event.value(QStringLiteral("b")).toString().toLatin1() == docs;
            const bool isReply = event.value(QStringLiteral("e")).toString() == QLatin1String("down");
            if (isDocs || (skipReply && isReply)) {
                skipReply = isDocs;
                ++skipped;
                continue;
            }
            skipReply = false;
            out.write(line + '\n');
        }
        QCOMPARE(skipped, 2);
    }
    const QJsonObject replayed = replay(typed, 100);
    QVERIFY2(replayed.value(QStringLiteral("exit")).toInt() == 0, qPrintable(QJsonDocument(replayed).toJson()));
    QCOMPARE(replayed.value(QStringLiteral("differences")).toInteger(), 0);
    QCOMPARE(replayed.value(QStringLiteral("connections_failed")).toInteger(), 0);
    // Each connection played every command redis-cli sent (its own handshake too) and compared each reply.
    QVERIFY2(replayed.value(QStringLiteral("replies")).toInteger() >= 100 * 6, qPrintable(QJsonDocument(replayed).toJson()));
    QCOMPARE(replayed.value(QStringLiteral("replies")), replayed.value(QStringLiteral("requests")));

    // The same exchange as pcapng: tshark reads it as one TCP conversation, nothing
    // malformed, and its payloads each way are the bytes the capture holds.
    const QString tshark = findProgram(QStringLiteral("tshark"));
    if (tshark.isEmpty())
        QFAIL("tshark is not installed: packaging/dev.sh test installs Debian's tshark");
    QProcess fields;
    fields.start(tshark, {QStringLiteral("-r"), same + QStringLiteral(".pcapng"), QStringLiteral("-T"), QStringLiteral("fields"),
                          QStringLiteral("-e"), QStringLiteral("tcp.dstport"), QStringLiteral("-e"), QStringLiteral("tcp.payload"),
                          QStringLiteral("-e"), QStringLiteral("_ws.malformed"), QStringLiteral("-e"), QStringLiteral("tcp.analysis.flags")});
    QVERIFY(fields.waitForFinished(60'000));
    QVERIFY2(fields.exitCode() == 0, fields.readAllStandardError().constData());
    QByteArray toServer, toClient;
    int packets = 0;
    for (const QByteArray &row : fields.readAllStandardOutput().split('\n')) {
        if (row.isEmpty())
            continue;
        ++packets;
        const QList<QByteArray> cells = row.split('\t');
        QVERIFY2(cells.value(2).isEmpty() && cells.value(3).isEmpty(), row.constData()); // not malformed, no TCP trouble
        (cells.value(0).toUInt() == redisPort ? toServer : toClient) += QByteArray::fromHex(QByteArray(cells.value(1)).replace(':', ""));
    }
    QVERIFY(packets >= 3 + 6 * 2 + 3); // handshake, each command and reply, the FINs
    QString why;
    const auto capture = NetCore::CaptureFile::load(same, &why);
    QVERIFY2(capture, qPrintable(why));
    QByteArray recordedUp, recordedDown;
    for (const NetCore::CaptureEvent &event : capture->conversations.first().events)
        (event.kind == NetCore::CaptureEvent::Kind::Up ? recordedUp : recordedDown) += event.bytes;
    QCOMPARE(toServer, recordedUp);
    QCOMPARE(toClient, recordedDown);
    QVERIFY(toServer.contains("SET") && toClient.contains("hello"));

    // A counter answers differently each time: the replay says where.
    const QString counting = dir.filePath(QStringLiteral("counting.jsonl"));
    QVERIFY(record(counting, "SET visits 0\nINCR visits\nINCR visits\nGET visits\nPING\n"));
    const QJsonObject differing = replay(counting, 5);
    QCOMPARE(differing.value(QStringLiteral("exit")).toInt(), 1);
    QVERIFY2(differing.value(QStringLiteral("differences")).toInteger() >= 4, qPrintable(QJsonDocument(differing).toJson()));
    const QString first = differing.value(QStringLiteral("first_differences")).toArray().first().toString();
    QVERIFY2(first.contains(QLatin1String("first difference at byte")), qPrintable(first));
    redis.terminate();
    redis.waitForFinished(5000);
}

QTEST_GUILESS_MAIN(tst_ProxyPeers)
#include "tst_proxypeers.moc"
