// SPDX-License-Identifier: GPL-3.0-or-later
// Toxiproxy's toxics on a Wirebench proxy, as the peers see them: latency (in order
// under jitter), bandwidth, slicer, limit_data, timeout (closing, or holding until
// removed), reset_peer, slow_close, toxicity, and toxics changed while connections run.
// Times are only bounded below where the machine may be slow, and loosely above.

#include "io/iothreadpool.h"
#include "proxy/tcpproxy.h"
#include "rawsocket.h"

#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>

using namespace NetCore;

namespace {

Toxic toxic(const QString &spec)
{
    QString why;
    const auto parsed = Toxic::parse(spec, &why);
    if (!parsed)
        qFatal("test toxic does not parse: %s", qPrintable(why));
    return *parsed;
}

/** A proxy on its own threads between the test's two raw peers. */
struct ProxiedPair {
    explicit ProxiedPair(const QList<Toxic> &toxics)
        : pool(1)
        , proxy(pool)
        , upstream(RawSocket::listening())
    {
        ProxyConfig config;
        config.upstreamHost = QStringLiteral("127.0.0.1");
        config.upstreamPort = upstream.port();
        config.toxics = toxics;
        QSignalSpy started(&proxy, &TcpProxy::started);
        proxy.setSnapshotInterval(20);
        proxy.start(config);
        if (started.wait(5000))
            port = proxy.port();
    }
    /** A client through the proxy, and the server's side of it. */
    bool connect()
    {
        client = RawSocket::connectedTo(port);
        server = upstream.accept();
        return client.fd() >= 0 && server.fd() >= 0;
    }

    IoThreadPool pool;
    TcpProxy proxy;
    RawSocket upstream;
    quint16 port = 0;
    RawSocket client;
    RawSocket server;
};

} // namespace

class tst_ProxyToxics : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void specsParseAndRoundTrip_data();
    void specsParseAndRoundTrip();
    void badSpecsAreRefused_data();
    void badSpecsAreRefused();
    void latencyDelaysOneDirection();
    void jitterKeepsTheOrder();
    void bandwidthLimitsTheRate();
    void slicerCutsIntoSlices();
    void limitDataClosesAfterItsBytes();
    void timeoutClosesAfterItsTime();
    void timeoutZeroHoldsUntilRemoved();
    void resetPeerResets();
    void slowCloseDelaysTheEnd();
    void toxicityDecidesPerConnection();
};

void tst_ProxyToxics::specsParseAndRoundTrip_data()
{
    QTest::addColumn<QString>("spec");
    QTest::addColumn<QString>("json");
    QTest::newRow("latency") << QStringLiteral("latency:latency=200,jitter=20")
                             << QStringLiteral(R"({"attributes":{"jitter":20,"latency":200},"name":"latency_downstream","stream":"downstream","toxicity":1,"type":"latency"})");
    QTest::newRow("upstream limit") << QStringLiteral("limit_data:bytes=1000,stream=upstream,toxicity=0.5,name=cut")
                                    << QStringLiteral(R"({"attributes":{"bytes":1000},"name":"cut","stream":"upstream","toxicity":0.5,"type":"limit_data"})");
    QTest::newRow("slicer") << QStringLiteral("slicer:average_size=64,size_variation=32,delay=10")
                            << QStringLiteral(R"({"attributes":{"average_size":64,"delay":10,"size_variation":32},"name":"slicer_downstream","stream":"downstream","toxicity":1,"type":"slicer"})");
}

void tst_ProxyToxics::specsParseAndRoundTrip()
{
    QFETCH(QString, spec);
    QFETCH(QString, json);
    QString why;
    const auto parsed = Toxic::parse(spec, &why);
    QVERIFY2(parsed, qPrintable(why));
    QCOMPARE(QString::fromUtf8(QJsonDocument(parsed->toJson()).toJson(QJsonDocument::Compact)), json);
    QCOMPARE(Toxic::parse(parsed->spec()), parsed);
    QCOMPARE(Toxic::fromJson(parsed->toJson()), parsed);
}

void tst_ProxyToxics::badSpecsAreRefused_data()
{
    QTest::addColumn<QString>("spec");
    QTest::addColumn<QString>("error");
    QTest::newRow("type") << QStringLiteral("lag:latency=1") << QStringLiteral("unknown toxic type 'lag'");
    QTest::newRow("attribute") << QStringLiteral("latency:delay=5") << QStringLiteral("latency has no attribute 'delay' (it has latency, jitter)");
    QTest::newRow("negative") << QStringLiteral("latency:latency=-5") << QStringLiteral("latency must be a whole number from 0");
    QTest::newRow("stream") << QStringLiteral("latency:stream=sideways") << QStringLiteral("stream must be upstream or downstream");
    QTest::newRow("toxicity") << QStringLiteral("latency:toxicity=2") << QStringLiteral("toxicity must be from 0 to 1");
    QTest::newRow("rate") << QStringLiteral("bandwidth") << QStringLiteral("bandwidth needs rate above 0");
    QTest::newRow("variation") << QStringLiteral("slicer:average_size=10,size_variation=10")
                               << QStringLiteral("size_variation must be below its average_size");
    QTest::newRow("name") << QStringLiteral("latency:name=a/b") << QStringLiteral("name 'a/b': use up to 100 letters");
    QTest::newRow("pair") << QStringLiteral("latency:200") << QStringLiteral("expected KEY=VALUE, found '200'");
}

void tst_ProxyToxics::badSpecsAreRefused()
{
    QFETCH(QString, spec);
    QFETCH(QString, error);
    QString why;
    QVERIFY(!Toxic::parse(spec, &why));
    QVERIFY2(why.contains(error), qPrintable(why));
    QVERIFY2(why.startsWith(QStringLiteral("toxic '%1': ").arg(spec)), qPrintable(why));
}

void tst_ProxyToxics::latencyDelaysOneDirection()
{
    ProxiedPair pair({toxic(QStringLiteral("latency:latency=150"))});
    QVERIFY(pair.connect());
    QElapsedTimer clock;
    clock.start();
    QVERIFY(pair.client.sendAll("ping"));
    QCOMPARE(pair.server.receive(4), QByteArray("ping"));
    QVERIFY2(clock.elapsed() < 120, "the upstream direction has no toxic"); // loose: it is near 0
    clock.restart();
    QVERIFY(pair.server.sendAll("pong"));
    QCOMPARE(pair.client.receive(4), QByteArray("pong"));
    QVERIFY2(clock.elapsed() >= 149, qPrintable(QString::number(clock.elapsed())));
    QVERIFY2(clock.elapsed() < 2000, qPrintable(QString::number(clock.elapsed())));
}

void tst_ProxyToxics::jitterKeepsTheOrder()
{
    ProxiedPair pair({toxic(QStringLiteral("latency:latency=40,jitter=35"))});
    QVERIFY(pair.connect());
    QByteArray sent;
    for (int i = 0; i < 40; ++i) {
        const QByteArray chunk = QByteArray::number(i).rightJustified(4, '0');
        QVERIFY(pair.server.sendAll(chunk));
        sent += chunk;
        QTest::qWait(2);
    }
    QCOMPARE(pair.client.receive(sent.size()), sent);
}

void tst_ProxyToxics::bandwidthLimitsTheRate()
{
    ProxiedPair pair({toxic(QStringLiteral("bandwidth:rate=100"))}); // 100 KB/s
    QVERIFY(pair.connect());
    const QByteArray body(50'000, 'b');
    QElapsedTimer clock;
    clock.start();
    QVERIFY(pair.server.sendAll(body));
    QCOMPARE(pair.client.receive(body.size(), nullptr, 10'000).size(), body.size());
    QVERIFY2(clock.elapsed() >= 450, qPrintable(QString::number(clock.elapsed()))); // 0.5 s at 100,000 B/s
    QVERIFY2(clock.elapsed() < 5000, qPrintable(QString::number(clock.elapsed())));
}

void tst_ProxyToxics::slicerCutsIntoSlices()
{
    ProxiedPair pair({toxic(QStringLiteral("slicer:average_size=10,size_variation=5,delay=2000"))}); // 2 ms between slices
    QVERIFY(pair.connect());
    QByteArray body(300, Qt::Uninitialized);
    for (int i = 0; i < body.size(); ++i)
        body[i] = char('a' + i % 26);
    QVERIFY(pair.server.sendAll(body));
    QByteArray received;
    int reads = 0;
    while (received.size() < body.size()) {
        const QByteArray part = pair.client.receive(1);
        if (part.isEmpty())
            break;
        received += part;
        ++reads;
    }
    QCOMPARE(received, body);
    QVERIFY2(reads >= 10, qPrintable(QString::number(reads))); // about 30 slices, some read together
}

void tst_ProxyToxics::limitDataClosesAfterItsBytes()
{
    ProxiedPair pair({toxic(QStringLiteral("limit_data:bytes=1000"))});
    QVERIFY(pair.connect());
    QVERIFY(pair.server.sendAll(QByteArray(5000, 'x')));
    int end = -1;
    QCOMPARE(pair.client.receive(10'000, &end).size(), 1000);
    QCOMPARE(end, 0); // then the end
    QTRY_COMPARE(pair.proxy.lastSnapshot().total.toxicCloses, quint64(1));
    QTRY_COMPARE(pair.proxy.lastSnapshot().total.connectionsClosed, quint64(1));
}

void tst_ProxyToxics::timeoutClosesAfterItsTime()
{
    ProxiedPair pair({toxic(QStringLiteral("timeout:timeout=300,stream=upstream"))});
    QVERIFY(pair.connect());
    QElapsedTimer clock;
    clock.start();
    QVERIFY(pair.client.sendAll("lost"));
    int end = -1;
    QCOMPARE(pair.server.receive(4, &end, 5000), QByteArray()); // nothing gets through
    QCOMPARE(end, 0);
    QVERIFY2(clock.elapsed() >= 290, qPrintable(QString::number(clock.elapsed())));
    QCOMPARE(pair.client.receive(1, &end, 5000), QByteArray());
    QCOMPARE(end, 0);
    QTRY_COMPARE(pair.proxy.lastSnapshot().total.toxicCloses, quint64(1));
}

void tst_ProxyToxics::timeoutZeroHoldsUntilRemoved()
{
    ProxiedPair pair({toxic(QStringLiteral("timeout:timeout=0,stream=upstream"))});
    QVERIFY(pair.connect());
    QVERIFY(pair.client.sendAll("held"));
    QVERIFY(!pair.server.waitReadable(300)); // held, the connection open
    pair.proxy.setFaults({});
    QCOMPARE(pair.server.receive(4), QByteArray("held"));
    QVERIFY(pair.client.sendAll("more")); // and it flows again
    QCOMPARE(pair.server.receive(4), QByteArray("more"));
}

void tst_ProxyToxics::resetPeerResets()
{
    ProxiedPair pair({toxic(QStringLiteral("reset_peer:timeout=200"))});
    QVERIFY(pair.connect());
    QElapsedTimer clock;
    clock.start();
    int end = -1;
    QCOMPARE(pair.client.receive(1, &end, 5000), QByteArray());
    QCOMPARE(end, ECONNRESET);
    QVERIFY2(clock.elapsed() >= 190, qPrintable(QString::number(clock.elapsed())));
    QCOMPARE(pair.server.receive(1, &end, 5000), QByteArray());
    QCOMPARE(end, ECONNRESET); // both sides
    QTRY_COMPARE(pair.proxy.lastSnapshot().total.toxicResets, quint64(1));
}

void tst_ProxyToxics::slowCloseDelaysTheEnd()
{
    ProxiedPair pair({toxic(QStringLiteral("slow_close:delay=300"))});
    QVERIFY(pair.connect());
    QVERIFY(pair.server.sendAll("bye"));
    pair.server.shutdownWrite();
    QElapsedTimer clock;
    clock.start();
    int end = -1;
    QCOMPARE(pair.client.receive(100, &end, 5000), QByteArray("bye"));
    QCOMPARE(end, 0);
    QVERIFY2(clock.elapsed() >= 290, qPrintable(QString::number(clock.elapsed())));
}

void tst_ProxyToxics::toxicityDecidesPerConnection()
{
    // Half the connections get a 400 ms latency: some do, some do not, each throughout.
    ProxiedPair pair({toxic(QStringLiteral("latency:latency=400,toxicity=0.5"))});
    int slow = 0;
    int fast = 0;
    for (int i = 0; i < 12; ++i) {
        QVERIFY(pair.connect());
        QElapsedTimer clock;
        clock.start();
        QVERIFY(pair.server.sendAll("a"));
        QCOMPARE(pair.client.receive(1), QByteArray("a"));
        const bool wasSlow = clock.elapsed() >= 390;
        clock.restart();
        QVERIFY(pair.server.sendAll("b"));
        QCOMPARE(pair.client.receive(1), QByteArray("b"));
        QCOMPARE(clock.elapsed() >= 390, wasSlow); // decided once for the connection
        ++(wasSlow ? slow : fast);
    }
    QVERIFY2(slow > 0 && fast > 0, qPrintable(QStringLiteral("%1 slow, %2 fast").arg(slow).arg(fast)));
    // Added while connections run: the open one is decided then.
    QVERIFY(pair.connect());
    pair.proxy.setFaults({{toxic(QStringLiteral("latency:latency=200"))}, {}});
    QTest::qWait(50); // the change reaches the proxy's thread
    QElapsedTimer clock;
    clock.start();
    QVERIFY(pair.server.sendAll("c"));
    QCOMPARE(pair.client.receive(1), QByteArray("c"));
    QVERIFY2(clock.elapsed() >= 190, qPrintable(QString::number(clock.elapsed())));
}

QTEST_GUILESS_MAIN(tst_ProxyToxics)
#include "tst_proxytoxics.moc"
