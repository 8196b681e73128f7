// SPDX-License-Identifier: GPL-3.0-or-later
// Hostile peers on both sides of a proxy, 1,000 connections each way: clients that
// write and never read, an upstream that writes and never reads. Every direction is
// held to the proxy's bound, the process's memory grows by no more than that bound
// allows, and a well-behaved connection through the same proxy still gets its answers.

#include "io/iothreadpool.h"
#include "io/resourcelimits.h"
#include "proxy/tcpproxy.h"
#include "rawsocket.h"

#include <QFile>
#include <QSignalSpy>
#include <QTest>

#include <vector>

using namespace NetCore;

namespace {

constexpr int Connections = 1000;
constexpr qsizetype Bound = 16 * 1024;

qint64 residentBytes()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.simplified().split(' ').value(1).toLongLong() * 1024;
    }
    return -1;
}

/** Writes into `socket` until the kernel takes no more (small buffers: the proxy's bound is what is tested). */
qint64 flood(const RawSocket &socket, const QByteArray &chunk)
{
    qint64 sent = 0;
    for (int i = 0; i < 64; ++i) {
        const ssize_t n = ::send(socket.fd(), chunk.constData(), size_t(chunk.size()), MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n <= 0)
            break;
        sent += n;
    }
    return sent;
}

void smallBuffers(const RawSocket &socket)
{
    const int size = 8 * 1024;
    ::setsockopt(socket.fd(), SOL_SOCKET, SO_SNDBUF, &size, sizeof size);
    ::setsockopt(socket.fd(), SOL_SOCKET, SO_RCVBUF, &size, sizeof size);
}

} // namespace

class tst_ProxyHostile : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void nobodyReadsAndMemoryStaysBounded();
};

void tst_ProxyHostile::nobodyReadsAndMemoryStaysBounded()
{
    // Two descriptors here and two in the proxy for each connection, and room to spare.
    const long limit = ResourceLimits::raiseFileDescriptorLimit();
    if (limit < 4 * Connections + 200)
        QFAIL(qPrintable(QStringLiteral("this test needs %1 descriptors; the limit is %2").arg(4 * Connections + 200).arg(limit)));
    IoThreadPool pool(2);
    TcpProxy proxy(pool);
    RawSocket upstream = RawSocket::listening(4096);
    ProxyConfig config;
    config.upstreamHost = QStringLiteral("127.0.0.1");
    config.upstreamPort = upstream.port();
    config.maxBuffered = Bound;
    proxy.setSnapshotInterval(50);
    QVERIFY(proxy.start(config));
    const qint64 before = residentBytes();

    std::vector<RawSocket> clients;
    std::vector<RawSocket> servers;
    clients.reserve(Connections);
    servers.reserve(Connections);
    for (int i = 0; i < Connections; ++i) {
        RawSocket client = RawSocket::connectedTo(proxy.port());
        QVERIFY2(client.fd() >= 0, qPrintable(QStringLiteral("connection %1").arg(i)));
        smallBuffers(client);
        clients.push_back(std::move(client));
        RawSocket server = upstream.accept();
        QVERIFY2(server.fd() >= 0, qPrintable(QStringLiteral("accepting %1").arg(i)));
        smallBuffers(server);
        servers.push_back(std::move(server));
    }
    // Both sides write as much as the kernel takes and never read, until every buffer
    // on the way is full (a round takes nothing more) or 20 s.
    const QByteArray chunk(64 * 1024, 'h');
    qint64 written = 0;
    QElapsedTimer flooding;
    flooding.start();
    for (int quiet = 0; quiet < 3 && flooding.elapsed() < 20'000;) {
        qint64 round = 0;
        for (int i = 0; i < Connections; ++i)
            round += flood(clients[size_t(i)], chunk) + flood(servers[size_t(i)], chunk);
        written += round;
        quiet = round == 0 ? quiet + 1 : 0;
        QTest::qWait(50);
    }
    QTRY_VERIFY_WITH_TIMEOUT(proxy.lastSnapshot().total.pausesUpstream > 0 && proxy.lastSnapshot().total.pausesDownstream > 0, 5000);

    // A connection that behaves, through the same proxy, is answered at once.
    RawSocket client = RawSocket::connectedTo(proxy.port());
    RawSocket server = upstream.accept();
    QElapsedTimer clock;
    clock.start();
    QVERIFY(client.sendAll("ping"));
    QCOMPARE(server.receive(4), QByteArray("ping"));
    QVERIFY(server.sendAll("pong"));
    QCOMPARE(client.receive(4), QByteArray("pong"));
    QVERIFY2(clock.elapsed() < 1000, qPrintable(QString::number(clock.elapsed())));

    QTRY_COMPARE(proxy.lastSnapshot().total.connectionsAccepted, quint64(Connections + 1));
    const ProxyCounters counters = proxy.lastSnapshot().total;
    QVERIFY2(counters.bufferedPeak <= quint64(Bound), qPrintable(QString::number(counters.bufferedPeak)));
    QCOMPARE(counters.resetsFromClient + counters.resetsFromServer, quint64(0));
    // The proxy holds at most the bound per direction: 2 x 16 KiB x 1,000 = 32 MiB, and
    // what each connection costs besides. The peers wrote far more than that.
    const qint64 grown = residentBytes() - before;
    QVERIFY2(written > 2 * Bound * Connections, qPrintable(QStringLiteral("only %1 bytes written").arg(written)));
#ifndef __SANITIZE_ADDRESS__
    // (Under AddressSanitizer freed memory waits in its quarantine: the figure means nothing there.)
    QVERIFY2(grown < 2 * Bound * Connections + 48 * 1024 * 1024,
             qPrintable(QStringLiteral("memory grew by %1 MiB").arg(double(grown) / (1 << 20), 0, 'f', 1)));
#endif
    qInfo("peers wrote %.1f MiB in %lld ms; the proxy paused %llu clients and %llu server sides, held at most %llu bytes "
          "per direction; the process grew by %.1f MiB",
          double(written) / (1 << 20), static_cast<long long>(flooding.elapsed()), static_cast<unsigned long long>(counters.pausesUpstream),
          static_cast<unsigned long long>(counters.pausesDownstream), static_cast<unsigned long long>(counters.bufferedPeak),
          double(grown) / (1 << 20));
}

QTEST_GUILESS_MAIN(tst_ProxyHostile)
#include "tst_proxyhostile.moc"
