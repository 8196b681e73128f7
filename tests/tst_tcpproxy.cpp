// SPDX-License-Identifier: GPL-3.0-or-later
// The TCP proxy's forwarding, as the peers on each side see it: bytes both ways,
// half-closes and resets passed on, an upstream that refuses or never accepts, and
// backpressure keeping a slow reader's direction bounded while others go on.
// Both peers are plain blocking sockets of the test; the proxy runs on its I/O threads.

#include "io/iothreadpool.h"
#include "proxy/tcpproxy.h"
#include "rawsocket.h"

#include <QSignalSpy>
#include <QTest>


using namespace NetCore;

namespace {

QByteArray pattern(qsizetype size)
{
    QByteArray bytes(size, Qt::Uninitialized);
    for (qsizetype i = 0; i < size; ++i)
        bytes[i] = char('a' + (i * 7) % 26);
    return bytes;
}

} // namespace

class tst_TcpProxy : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void bytesGoBothWays();
    void halfClosesPassThrough();
    void aResetIsPassedOn();
    void aRefusingUpstreamClosesTheClient();
    void anUpstreamThatNeverAcceptsTimesOut();
    void clientsAreResetWhileTheUpstreamIsDown();
    void aReaderThatNeverReadsIsHeldToTheBound();
    void badConfigurationIsRefused();

private:
    /** Starts `proxy` towards `upstreamPort`; its listening port, or 0. */
    quint16 startProxy(TcpProxy &proxy, quint16 upstreamPort, ProxyConfig config = {});
    ProxyCounters countersOf(TcpProxy &proxy);
};

quint16 tst_TcpProxy::startProxy(TcpProxy &proxy, quint16 upstreamPort, ProxyConfig config)
{
    config.upstreamHost = QStringLiteral("127.0.0.1");
    config.upstreamPort = upstreamPort;
    QSignalSpy started(&proxy, &TcpProxy::started);
    proxy.setSnapshotInterval(20);
    proxy.start(config);
    return started.wait(5000) ? proxy.port() : 0;
}

ProxyCounters tst_TcpProxy::countersOf(TcpProxy &proxy)
{
    QSignalSpy snapshot(&proxy, &TcpProxy::snapshotReady);
    snapshot.wait(2000);
    return proxy.lastSnapshot().total;
}

void tst_TcpProxy::bytesGoBothWays()
{
    IoThreadPool pool(2);
    TcpProxy proxy(pool);
    const RawSocket upstream = RawSocket::listening();
    const quint16 port = startProxy(proxy, upstream.port());
    QVERIFY(port != 0);
    const RawSocket client = RawSocket::connectedTo(port);
    const RawSocket server = upstream.accept();
    QVERIFY(server.fd() >= 0);
    // More than one read's worth each way, so it goes in several chunks.
    const QByteArray request = pattern(300'000);
    QVERIFY(client.sendAll(request));
    QCOMPARE(server.receive(request.size()), request);
    const QByteArray reply = pattern(200'001).toUpper();
    QVERIFY(server.sendAll(reply));
    QCOMPARE(client.receive(reply.size()), reply);
    QTRY_COMPARE(proxy.lastSnapshot().total.bytesUpstream, quint64(request.size()));
    QTRY_COMPARE(proxy.lastSnapshot().total.bytesDownstream, quint64(reply.size()));
    const ProxyCounters counters = proxy.lastSnapshot().total;
    QCOMPARE(counters.connectionsAccepted, quint64(1));
    QCOMPARE(counters.upstreamConnected, quint64(1));
    QVERIFY(counters.chunksUpstream >= 2);
    QCOMPARE(counters.connectionsOpen(), quint64(1));
}

void tst_TcpProxy::halfClosesPassThrough()
{
    IoThreadPool pool(1);
    TcpProxy proxy(pool);
    const RawSocket upstream = RawSocket::listening();
    const quint16 port = startProxy(proxy, upstream.port());
    const RawSocket client = RawSocket::connectedTo(port);
    const RawSocket server = upstream.accept();
    QVERIFY(server.fd() >= 0);
    // The client says all it has to say and finishes sending; the server still answers.
    QVERIFY(client.sendAll("question"));
    client.shutdownWrite();
    int end = -1;
    QCOMPARE(server.receive(100, &end), QByteArray("question"));
    QCOMPARE(end, 0); // the client's EOF reached the server
    QVERIFY(server.sendAll("answer"));
    server.shutdownWrite();
    QCOMPARE(client.receive(100, &end), QByteArray("answer"));
    QCOMPARE(end, 0);
    QTRY_COMPARE(proxy.lastSnapshot().total.connectionsClosed, quint64(1));
    const ProxyCounters counters = proxy.lastSnapshot().total;
    QCOMPARE(counters.halfClosesUpstream, quint64(1));
    QCOMPARE(counters.halfClosesDownstream, quint64(1));
    QCOMPARE(counters.resetsFromClient + counters.resetsFromServer, quint64(0));
}

void tst_TcpProxy::aResetIsPassedOn()
{
    IoThreadPool pool(1);
    TcpProxy proxy(pool);
    const RawSocket upstream = RawSocket::listening();
    const quint16 port = startProxy(proxy, upstream.port());
    const RawSocket client = RawSocket::connectedTo(port);
    RawSocket server = upstream.accept();
    QVERIFY(client.sendAll("x"));
    QCOMPARE(server.receive(1), QByteArray("x"));
    server.reset();
    int end = -1;
    QCOMPARE(client.receive(100, &end), QByteArray());
    QCOMPARE(end, ECONNRESET); // a reset, not an orderly end
    QTRY_COMPARE(proxy.lastSnapshot().total.resetsFromServer, quint64(1));
    QTRY_COMPARE(proxy.lastSnapshot().total.connectionsClosed, quint64(1));
}

void tst_TcpProxy::aRefusingUpstreamClosesTheClient()
{
    const quint16 closedPort = RawSocket::closedPort();
    IoThreadPool pool(1);
    TcpProxy proxy(pool);
    const quint16 port = startProxy(proxy, closedPort);
    for (int i = 0; i < 3; ++i) {
        const RawSocket client = RawSocket::connectedTo(port);
        int end = -1;
        QCOMPARE(client.receive(1, &end, 5000), QByteArray());
        QCOMPARE(end, 0);
    }
    QTRY_COMPARE(proxy.lastSnapshot().total.upstreamRefused, quint64(3));
    QCOMPARE(proxy.lastSnapshot().total.connectionsClosed, quint64(3));
    QCOMPARE(proxy.lastSnapshot().total.upstreamConnected, quint64(0));
}

void tst_TcpProxy::clientsAreResetWhileTheUpstreamIsDown()
{
    const quint16 upstreamPort = RawSocket::closedPort();
    IoThreadPool pool(1);
    TcpProxy proxy(pool);
    ProxyConfig config;
    config.refuseWhileUpstreamDown = true;
    config.upstreamProbeMs = 100;
    const quint16 port = startProxy(proxy, upstreamPort, config);
    int end = -1;
    {
        // The first client finds the upstream down the ordinary way: closed after its connect failed.
        const RawSocket client = RawSocket::connectedTo(port);
        QCOMPARE(client.receive(1, &end), QByteArray());
        QCOMPARE(end, 0);
    }
    QTRY_VERIFY(proxy.lastSnapshot().total.upstreamDown);
    for (int i = 0; i < 3; ++i) {
        // The next ones are reset at once, without a connect of their own.
        const RawSocket client = RawSocket::connectedTo(port);
        QCOMPARE(client.receive(1, &end), QByteArray());
        QCOMPARE(end, ECONNRESET);
    }
    QTRY_COMPARE(proxy.lastSnapshot().total.refusedUpstreamDown, quint64(3));
    QCOMPARE(proxy.lastSnapshot().total.upstreamRefused, quint64(1));
    // The server comes back: a probe finds it, and clients go through again.
    const RawSocket upstream = RawSocket::listening(16, upstreamPort);
    QVERIFY(upstream.fd() >= 0);
    QTRY_VERIFY(!proxy.lastSnapshot().total.upstreamDown);
    const RawSocket client = RawSocket::connectedTo(port);
    QVERIFY(client.sendAll("back"));
    QByteArray received;
    for (int i = 0; i < 3 && received.isEmpty(); ++i) // the probe's own connection comes first
        received = upstream.accept().receive(4, nullptr, 1000);
    QCOMPARE(received, QByteArray("back"));
    QCOMPARE(proxy.lastSnapshot().total.refusedUpstreamDown, quint64(3));
}

void tst_TcpProxy::anUpstreamThatNeverAcceptsTimesOut()
{
    // A listener that never accepts, its queue filled: the kernel drops further SYNs.
    const RawSocket upstream = RawSocket::listening(0);
    std::vector<RawSocket> fillers;
    for (int i = 0; i < 4; ++i) {
        RawSocket filler(::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_port = htons(upstream.port());
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        ::connect(filler.fd(), reinterpret_cast<sockaddr *>(&address), sizeof address);
        fillers.push_back(std::move(filler));
    }
    IoThreadPool pool(1);
    TcpProxy proxy(pool);
    ProxyConfig config;
    config.connectTimeoutMs = 300;
    const quint16 port = startProxy(proxy, upstream.port(), config);
    const RawSocket client = RawSocket::connectedTo(port);
    QVERIFY(client.sendAll("waiting")); // held meanwhile
    int end = -1;
    QElapsedTimer clock;
    clock.start();
    QCOMPARE(client.receive(1, &end, 5000), QByteArray());
    QCOMPARE(end, 0);
    QVERIFY2(clock.elapsed() >= 250, qPrintable(QString::number(clock.elapsed())));
    QTRY_COMPARE(proxy.lastSnapshot().total.upstreamTimeouts, quint64(1));
}

void tst_TcpProxy::aReaderThatNeverReadsIsHeldToTheBound()
{
    IoThreadPool pool(1);
    TcpProxy proxy(pool);
    const RawSocket upstream = RawSocket::listening();
    ProxyConfig config;
    config.maxBuffered = 64 * 1024;
    const quint16 port = startProxy(proxy, upstream.port(), config);
    const RawSocket idleClient = RawSocket::connectedTo(port); // never reads
    const RawSocket flooder = upstream.accept();
    // The server writes as fast as it can: it is held back, not buffered for.
    const QByteArray chunk = pattern(64 * 1024);
    qint64 sent = 0;
    QElapsedTimer clock;
    clock.start();
    while (sent < 64 * 1024 * 1024 && clock.elapsed() < 3000) {
        pollfd p{flooder.fd(), POLLOUT, 0};
        if (::poll(&p, 1, 300) != 1)
            break; // the proxy stopped reading it: the window closed
        const ssize_t n = ::send(flooder.fd(), chunk.constData(), size_t(chunk.size()), MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n > 0)
            sent += n;
    }
    QVERIFY2(sent < 64 * 1024 * 1024, "the proxy took everything the server wrote: no backpressure");
    // Meanwhile another connection through the same proxy thread goes on.
    const RawSocket client = RawSocket::connectedTo(port);
    const RawSocket server = upstream.accept();
    QVERIFY(client.sendAll("ping"));
    QCOMPARE(server.receive(4), QByteArray("ping"));
    QVERIFY(server.sendAll("pong"));
    QCOMPARE(client.receive(4), QByteArray("pong"));
    const ProxyCounters counters = countersOf(proxy);
    QVERIFY(counters.pausesDownstream >= 1);
    // The bound: a read takes no more than the room left.
    QVERIFY2(counters.bufferedPeak <= quint64(config.maxBuffered), qPrintable(QString::number(counters.bufferedPeak)));
    // The reader wakes: everything the server sent arrives, in order.
    const QByteArray all = idleClient.receive(sent, nullptr, 10'000);
    QCOMPARE(all.size(), sent);
    QCOMPARE(all.left(chunk.size()), chunk);
}

void tst_TcpProxy::badConfigurationIsRefused()
{
    IoThreadPool pool(1);
    TcpProxy proxy(pool);
    QSignalSpy failed(&proxy, &TcpProxy::failed);
    ProxyConfig config;
    config.upstreamHost = QStringLiteral("db.example");
    config.upstreamPort = 5432;
    proxy.start(config);
    QVERIFY(failed.wait(2000));
    QCOMPARE(failed.first().first().toString(), QStringLiteral("upstream 'db.example:5432': not an IP address and a port"));
    QCOMPARE(proxy.state(), TcpProxy::State::Stopped);
}

QTEST_GUILESS_MAIN(tst_TcpProxy)
#include "tst_tcpproxy.moc"
