// SPDX-License-Identifier: GPL-3.0-or-later
// A proxy with a framing: per-frame faults (drop, corrupt, delay, stall), faults
// aimed by source address and by frame rule, each request timed twice (the server's
// own time beside what the client saw), and bytes that are not frames passed on.
// The server is Wirebench's own test server (a line echo, its replies 5 ms late);
// the client is a blocking socket of the test.

#include "capture/capturefile.h"
#include "io/iothreadpool.h"
#include "proxy/tcpproxy.h"
#include "rawsocket.h"
#include "server/testserver.h"

#include <QElapsedTimer>
#include <QSet>
#include <QTemporaryDir>
#include <QtEndian>
#include <QSignalSpy>
#include <QTest>

using namespace NetCore;

namespace {

/** A line-echo test server answering `behaviour`, and a proxy before it with `faults`. */
struct ProxiedServer {
    IoThreadPool serverPool{1};
    IoThreadPool proxyPool{1};
    TestServer server{serverPool};
    TcpProxy proxy{proxyPool};
    quint16 port = 0;

    bool start(const QStringList &faults, const QString &behaviour = QStringLiteral("echo"),
               const Framing &framing = Framing::Line)
    {
        ServerConfig serverConfig;
        serverConfig.framing = framing;
        serverConfig.behaviour = *BehaviourSpec::parse(behaviour);
        QSignalSpy serverStarted(&server, &TestServer::started);
        server.start(serverConfig);
        if (!serverStarted.wait(5000))
            return false;
        ProxyConfig config;
        config.upstreamHost = QStringLiteral("127.0.0.1");
        config.upstreamPort = server.port();
        config.framing.emplace(framing);
        QString why;
        const auto parsed = ProxyFaults::parse(faults, &why);
        if (!parsed)
            qFatal("test faults do not parse: %s", qPrintable(why));
        config.setFaults(*parsed);
        proxy.setSnapshotInterval(20);
        if (!proxy.start(config))
            return false;
        port = proxy.port();
        return true;
    }
    ProxyCounters counters() { return proxy.lastSnapshot().total; }
};

/** Sends each line and waits for its answer: what came back, each with its round trip. */
QList<std::pair<QByteArray, qint64>> exchange(const RawSocket &client, const QList<QByteArray> &lines, int timeoutMs = 3000)
{
    QList<std::pair<QByteArray, qint64>> answers;
    for (const QByteArray &line : lines) {
        QElapsedTimer clock;
        clock.start();
        client.sendAll(line + '\n');
        const QByteArray answer = client.receive(line.size() + 1, nullptr, timeoutMs);
        answers.append({answer, clock.nsecsElapsed()});
    }
    return answers;
}

} // namespace

class tst_ProxyFrames : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void eachRequestIsTimedTwice();
    void dropAimedByAFrameRule();
    void corruptFlipsAByteOfThePayload();
    void stallHoldsFramesUntilItEnds();
    void faultsAimedBySourceAddress_data();
    void faultsAimedBySourceAddress();
    void bytesThatAreNotFramesPassOn();
    void aPartialFrameAtTheEndGoesOn();
    void aLargeFrameBehindHeldBytesDoesNotStall();
    void recordedConnectionsKeepTheirIdsAcrossThreads();
};

void tst_ProxyFrames::eachRequestIsTimedTwice()
{
    // The server takes 5 ms; the proxy holds each reply 20 ms more on its way back.
    ProxiedServer bench;
    QVERIFY(bench.start({QStringLiteral("delay:20")}, QStringLiteral("delay:5")));
    const RawSocket client = RawSocket::connectedTo(bench.port);
    QList<QByteArray> lines;
    for (int i = 0; i < 20; ++i)
        lines << QByteArray("request ") + QByteArray::number(i);
    const auto answers = exchange(client, lines);
    for (int i = 0; i < answers.size(); ++i) {
        QCOMPARE(answers[i].first, lines[i] + '\n');
        QVERIFY2(answers[i].second >= 25'000'000, qPrintable(QString::number(answers[i].second)));
    }
    QTRY_COMPARE(bench.counters().repliesTimed, quint64(20));
    const ReplyTimes &times = *bench.proxy.replyTimes();
    const LatencySummary server = LatencySummary::of(times.serverTime);
    const LatencySummary client_ = LatencySummary::of(times.clientSeen);
    const LatencySummary injected = LatencySummary::of(times.injected);
    // The server's own time is its 5 ms, not the 20 the proxy added; the client saw both.
    QVERIFY2(server.p50 >= 5'000'000 && server.p50 < 15'000'000, qPrintable(QString::number(server.p50)));
    QVERIFY2(client_.p50 >= 25'000'000, qPrintable(QString::number(client_.p50)));
    QVERIFY2(injected.p50 >= 19'900'000 && injected.p50 < 22'000'000, qPrintable(QString::number(injected.p50)));
    const ProxyCounters counters = bench.counters();
    QCOMPARE(counters.framesUpstream, quint64(20));
    QCOMPARE(counters.framesDownstream, quint64(20));
    QCOMPARE(counters.framesDelayed, quint64(20));
    QCOMPARE(counters.framesDropped, quint64(0));
    // The snapshots carry them too, for the window.
    QTRY_VERIFY(bench.proxy.lastSnapshot().framed);
    QVERIFY(bench.proxy.lastSnapshot().clientSeenTotal.p50 >= 25'000'000);
}

void tst_ProxyFrames::dropAimedByAFrameRule()
{
    // Only requests that start with DROP are lost on their way to the server.
    ProxiedServer bench;
    QVERIFY(bench.start({QStringLiteral("drop:1,stream=upstream,match=prefix:DROP")}));
    const RawSocket client = RawSocket::connectedTo(bench.port);
    QVERIFY(client.sendAll("KEEP 1\nDROP 2\nKEEP 3\n"));
    QCOMPARE(client.receive(14), QByteArray("KEEP 1\nKEEP 3\n"));
    QCOMPARE(client.receive(1, nullptr, 300), QByteArray()); // and nothing else
    QTRY_COMPARE(bench.counters().framesDropped, quint64(1));
    QCOMPARE(bench.counters().framesUpstream, quint64(3));
    QCOMPARE(bench.counters().repliesTimed, quint64(2)); // a dropped request has no reply to time
}

void tst_ProxyFrames::corruptFlipsAByteOfThePayload()
{
    ProxiedServer bench;
    QVERIFY(bench.start({QStringLiteral("corrupt:1")}));
    const RawSocket client = RawSocket::connectedTo(bench.port);
    const QByteArray line = "the quick brown fox";
    QVERIFY(client.sendAll(line + '\n'));
    const QByteArray back = client.receive(line.size() + 1);
    QCOMPARE(back.size(), line.size() + 1);
    QVERIFY(back.endsWith('\n')); // still one line: the framing holds
    QVERIFY(back != line + '\n');
    int differing = 0;
    for (qsizetype i = 0; i < line.size(); ++i)
        differing += back[i] != line[i] ? 1 : 0;
    QCOMPARE(differing, 1);
    QTRY_COMPARE(bench.counters().framesCorrupted, quint64(1));
}

void tst_ProxyFrames::stallHoldsFramesUntilItEnds()
{
    // Replies are held for the first 300 ms after the fault is set; then they flow.
    ProxiedServer bench;
    QVERIFY(bench.start({QStringLiteral("stall:300")}));
    QElapsedTimer sinceStart;
    sinceStart.start();
    const RawSocket client = RawSocket::connectedTo(bench.port);
    const auto first = exchange(client, {"one", "two"});
    QCOMPARE(first[0].first, QByteArray("one\n"));
    QCOMPARE(first[1].first, QByteArray("two\n"));
    QVERIFY2(sinceStart.elapsed() >= 290, qPrintable(QString::number(sinceStart.elapsed())));
    const auto later = exchange(client, {"three"});
    QCOMPARE(later[0].first, QByteArray("three\n"));
    QVERIFY2(later[0].second < 100'000'000, qPrintable(QString::number(later[0].second))); // the stall is over
}

void tst_ProxyFrames::faultsAimedBySourceAddress_data()
{
    QTest::addColumn<QString>("fault");
    QTest::addColumn<bool>("applies");
    QTest::newRow("frame delay, this client") << "delay:200,from=127.0.0.1" << true;
    QTest::newRow("frame delay, loopback's subnet") << "delay:200,from=127.0.0.0/8" << true;
    QTest::newRow("frame delay, elsewhere") << "delay:200,from=198.18.0.0/15" << false;
    QTest::newRow("toxic, this client") << "latency:latency=200,from=127.0.0.1" << true;
    QTest::newRow("toxic, elsewhere") << "latency:latency=200,from=198.18.0.1" << false;
}

void tst_ProxyFrames::faultsAimedBySourceAddress()
{
    QFETCH(QString, fault);
    QFETCH(bool, applies);
    ProxiedServer bench;
    QVERIFY(bench.start({fault}));
    const RawSocket client = RawSocket::connectedTo(bench.port);
    const auto answers = exchange(client, {"ping"});
    QCOMPARE(answers[0].first, QByteArray("ping\n"));
    QCOMPARE(answers[0].second >= 200'000'000, applies);
}

void tst_ProxyFrames::bytesThatAreNotFramesPassOn()
{
    // A 4-byte length field claiming a gigabyte: not a frame this proxy will hold. The
    // direction stops decoding, the bytes go on as they came, the connection lives.
    IoThreadPool pool(1);
    TcpProxy proxy(pool);
    const RawSocket upstream = RawSocket::listening();
    ProxyConfig config;
    config.upstreamHost = QStringLiteral("127.0.0.1");
    config.upstreamPort = upstream.port();
    config.framing.emplace(Framing::Len4Be);
    config.maxBuffered = 64 * 1024;
    proxy.setSnapshotInterval(20);
    QVERIFY(proxy.start(config));
    const RawSocket client = RawSocket::connectedTo(proxy.port());
    const RawSocket server = upstream.accept();
    QByteArray hostile("\x40\x00\x00\x00", 4);
    hostile += QByteArray(100'000, 'z');
    QVERIFY(client.sendAll(hostile));
    QCOMPARE(server.receive(hostile.size()), hostile);
    QVERIFY(server.sendAll("still here"));
    QCOMPARE(client.receive(10), QByteArray("still here"));
    // Both ways: the server's answer is no frame of this framing either.
    QTRY_COMPARE(proxy.lastSnapshot().total.framingAbandoned, quint64(2));
    QVERIFY(proxy.lastSnapshot().total.bufferedPeak <= quint64(config.maxBuffered));
}

/** A proxy of `framing` before a raw listening socket of the test; its port, or 0. */
static quint16 startRawProxy(TcpProxy &proxy, const RawSocket &upstream, ProxyConfig config)
{
    config.upstreamHost = QStringLiteral("127.0.0.1");
    config.upstreamPort = upstream.port();
    proxy.setSnapshotInterval(20);
    return proxy.start(config) ? proxy.port() : 0;
}

void tst_ProxyFrames::aPartialFrameAtTheEndGoesOn()
{
    // "QUIT" has no line end: the client's EOF ends it, and it still reaches the server.
    IoThreadPool pool(1);
    TcpProxy proxy(pool);
    const RawSocket upstream = RawSocket::listening();
    ProxyConfig config;
    config.framing.emplace(Framing::Line);
    const quint16 port = startRawProxy(proxy, upstream, config);
    const RawSocket client = RawSocket::connectedTo(port);
    const RawSocket server = upstream.accept();
    QVERIFY(client.sendAll("PING\nQUIT"));
    client.shutdownWrite();
    int end = -1;
    QCOMPARE(server.receive(100, &end), QByteArray("PING\nQUIT"));
    QCOMPARE(end, 0);
}

void tst_ProxyFrames::aLargeFrameBehindHeldBytesDoesNotStall()
{
    // Small frames held by a latency toxic, then a frame larger than the buffer: the
    // direction pauses while the small ones wait, and must read on once they went.
    IoThreadPool pool(1);
    TcpProxy proxy(pool);
    const RawSocket upstream = RawSocket::listening();
    ProxyConfig config;
    config.framing.emplace(Framing::Len4Be);
    config.maxBuffered = 16384;
    QString why;
    config.setFaults(*ProxyFaults::parse({QStringLiteral("latency:latency=100,stream=upstream")}, &why));
    const quint16 port = startRawProxy(proxy, upstream, config);
    const RawSocket client = RawSocket::connectedTo(port);
    const RawSocket server = upstream.accept();
    QByteArray sent;
    auto frame = [](qsizetype size) {
        QByteArray bytes(4, '\0');
        qToBigEndian(quint32(size), bytes.data());
        return bytes + QByteArray(size, 'f');
    };
    for (int i = 0; i < 50; ++i)
        sent += frame(100);
    sent += frame(20'000);
    QVERIFY(client.sendAll(sent));
    QCOMPARE(server.receive(sent.size(), nullptr, 10'000).size(), sent.size());
}

void tst_ProxyFrames::recordedConnectionsKeepTheirIdsAcrossThreads()
{
    // Two I/O threads each number their connections: a capture must still tell them apart.
    QTemporaryDir dir;
    IoThreadPool pool(2);
    TcpProxy proxy(pool);
    const RawSocket upstream = RawSocket::listening();
    ProxyConfig config;
    config.recordPath = dir.filePath(QStringLiteral("two-threads.jsonl"));
    const quint16 port = startRawProxy(proxy, upstream, config);
    QSet<QByteArray> sent;
    std::vector<RawSocket> clients, servers;
    for (int i = 0; i < 4; ++i) {
        clients.push_back(RawSocket::connectedTo(port));
        servers.push_back(upstream.accept());
        const QByteArray text = "client " + QByteArray::number(i);
        QVERIFY(clients.back().sendAll(text));
        QCOMPARE(servers.back().receive(text.size()), text);
        sent.insert(text);
    }
    QSignalSpy stopped(&proxy, &TcpProxy::stopped);
    proxy.stop();
    QVERIFY(stopped.wait(5000));
    QString why;
    const auto capture = CaptureFile::load(config.recordPath, &why);
    QVERIFY2(capture, qPrintable(why));
    QCOMPARE(capture->conversations.size(), 4);
    QSet<QByteArray> recorded;
    for (const Conversation &conversation : capture->conversations) {
        QCOMPARE(conversation.events.size(), 1);
        recorded.insert(conversation.events.first().bytes);
    }
    QCOMPARE(recorded, sent);
}

QTEST_GUILESS_MAIN(tst_ProxyFrames)
#include "tst_proxyframes.moc"
