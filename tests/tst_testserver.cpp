// SPDX-License-Identifier: GPL-3.0-or-later
#include "loopbackpeer.h"
#include "serverfixture.h"

#include "codec/crc32c.h"
#include "codec/wb1codec.h"
#include "io/iothreadpool.h"
#include "server/testserver.h"
#include "behaviour/behaviourspec.h"

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace NetCore;

namespace {

QByteArray wb1(quint8 type, quint16 flags, quint64 sequence, const QByteArray &payload)
{
    QByteArray out;
    Wb1Codec().encode(Frame{type, flags, sequence, 0, payload}, out);
    return out;
}

QByteArray withHeaderByte(QByteArray frame, int offset, char value)
{
    frame[offset] = value;
    const qsizetype crcAt = frame.size() - 4;
    const quint32 crc = Crc32c::compute(frame.constData(), crcAt);
    for (int i = 0; i < 4; ++i)
        frame[crcAt + i] = char(crc >> (24 - 8 * i));
    return frame;
}

} // namespace

class tst_TestServer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void echoesInEveryFraming_data();
    void echoesInEveryFraming();
    void behavioursInGeneralFramings_data();
    void behavioursInGeneralFramings();
    void answersProtocolErrors_data();
    void answersProtocolErrors();
    void noReplyAndUnsolicitedFramesGetNoAnswer();
    void connectionLimitRefusesAndCounts();
    void idleConnectionsAreClosed();
    void slowFramesHitTheDeadline();
    void tooLongLineClosesWithoutAnswer();
    void peerThatDoesNotReadIsThrottled();
    void bindFailureIsReported();
    void badHostIsReported();
    void aReplyThatCannotGoOutIsRefusedAtStart();
    void stopClosesEverything();
};

void tst_TestServer::echoesInEveryFraming_data()
{
    QTest::addColumn<Framing>("framing");
    for (Framing framing : allFramings) {
        if (framing == Framing::WebSocket)
            continue; // its frames follow an HTTP upgrade: tst_websocket, against a real client
        QTest::newRow(qPrintable(framingName(framing))) << framing;
    }
}

void tst_TestServer::echoesInEveryFraming()
{
    QFETCH(Framing, framing);
    ServerFixture fixture;
    ServerConfig config;
    config.framing = framing;
    const quint16 port = fixture.start(config);
    QVERIFY(port != 0);

    LoopbackPeer peer(framing);
    peer.connectTo(port);
    // RESP frames are RESP values: a simple string, a bulk string holding CR LF, an array.
    // HTTP frames are requests, answered 200 with their bodies.
    const QList<QByteArray> bodies{"first", "second one", QByteArray(3000, 'z')};
    QList<QByteArray> payloads = bodies;
    QList<QByteArray> expected = bodies;
    if (framing == Framing::Resp) {
        payloads = {"+first\r\n", "$11\r\nsecond\r\none\r\n", "*2\r\n$3\r\nGET\r\n$3000\r\n" + QByteArray(3000, 'z') + "\r\n"};
        expected = payloads;
    } else if (framing == Framing::Http1) {
        for (qsizetype i = 0; i < bodies.size(); ++i) {
            payloads[i] = "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: " + QByteArray::number(bodies[i].size())
                + "\r\n\r\n" + bodies[i];
            expected[i] = "HTTP/1.1 200 OK\r\nContent-Length: " + QByteArray::number(bodies[i].size()) + "\r\n\r\n" + bodies[i];
        }
    }
    quint64 sequence = 100;
    for (const QByteArray &payload : payloads)
        peer.sendData(sequence++, payload);

    if (framing == Framing::Raw) {
        // Raw bytes have no frames: the echo is the same bytes, however they were cut.
        const QByteArray all = payloads.join();
        QTRY_COMPARE_WITH_TIMEOUT(peer.received(), all, 5000);
        return;
    }
    QTRY_COMPARE_WITH_TIMEOUT(peer.frameCount(), 3, 5000);
    const QList<Frame> replies = peer.frames();
    for (qsizetype i = 0; i < replies.size(); ++i) {
        QCOMPARE(replies[i].payload.toByteArray(), expected[i]);
        if (framing == Framing::Wb1) {
            QCOMPARE(replies[i].type, quint8(FrameType::Reply));
            QCOMPARE(replies[i].sequence, quint64(100 + i));
            QCOMPARE(replies[i].timestamp, quint64((100 + i) * 10));
        }
    }
    QTRY_COMPARE_WITH_TIMEOUT(fixture.totals().framesIn, quint64(3), 5000);
    QCOMPARE(fixture.totals().framesOut, quint64(3));
    QCOMPARE(fixture.totals().connectionsAccepted, quint64(1));
}

void tst_TestServer::behavioursInGeneralFramings_data()
{
    // Each behaviour answers in the server's framing, whatever it is; rules match the
    // frame's bytes (the whole frame where the framing's payload is the frame).
    QTest::addColumn<Framing>("framing");
    QTest::addColumn<QString>("behaviour"); // "rules" stands for the rules below
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<QByteArray>("reply");
    const Framing modbus = Framing::length(4, 2, Framing::ByteOrder::BigEndian);
    const QByteArray readRequest = QByteArray::fromHex("000100000006010300000001");
    QTest::newRow("length: echo") << modbus << "echo" << readRequest << readRequest;
    QTest::newRow("length: delay") << modbus << "delay:1" << readRequest << readRequest;
    QTest::newRow("length: fixed reply, length written")
        << modbus << "fixed-hex:00 01 00 00 00 00 01 03 02 00 2a" << readRequest << QByteArray::fromHex("0001000000050103020" "02a");
    QTest::newRow("length: rules") << modbus << "rules" << readRequest << QByteArray::fromHex("0001000000050103020" "007");
    QTest::newRow("varint: rules") << Framing::varint(1) << "rules" << QByteArray::fromHex("c000") << QByteArray::fromHex("d000");
    QTest::newRow("varint: echo") << Framing::varint(1) << "echo" << QByteArray::fromHex("300700017461626364")
                                  << QByteArray::fromHex("300700017461626364");
    QTest::newRow("delim: rules") << Framing::delimited("\r\n") << "rules" << QByteArray("PING") << QByteArray("PONG");
    QTest::newRow("delim: fixed") << Framing::delimited("END\r\n") << "fixed:VALUE k 0 1\\r\\nx\\r\\n"
                                  << QByteArray("get k") << QByteArray("VALUE k 0 1\r\nx\r\n");
    QTest::newRow("fixed: rules") << Framing::fixed(8) << "rules" << QByteArray("PING1234") << QByteArray("PONG5678");
    // HTTP: rules match the method and path; an answer is a body or a whole response.
    const QByteArray get = "GET /status HTTP/1.1\r\nHost: x\r\n\r\n";
    QTest::newRow("http1: rules, a body") << Framing(Framing::Http1) << "rules" << get
                                          << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nup");
    QTest::newRow("http1: rules, a whole response")
        << Framing(Framing::Http1) << "rules" << QByteArray("DELETE /missing HTTP/1.1\r\n\r\n")
        << QByteArray("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n");
    QTest::newRow("http1: delayed echo") << Framing(Framing::Http1) << "delay:1" << QByteArray("PUT /k HTTP/1.1\r\nContent-Length: 1\r\n\r\nv")
                                         << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nv");
    QTest::newRow("http1: fixed") << Framing(Framing::Http1) << "fixed:{\"ok\":true}" << get
                                  << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 11\r\n\r\n{\"ok\":true}");
}

void tst_TestServer::behavioursInGeneralFramings()
{
    QFETCH(Framing, framing);
    QFETCH(QString, behaviour);
    QFETCH(QByteArray, request);
    QFETCH(QByteArray, reply);
    QTemporaryDir dir;
    if (behaviour == QLatin1String("rules")) {
        const QString path = dir.filePath(QStringLiteral("rules.txt"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("prefix \\x00\\x01\\x00\\x00 => \\x00\\x01\\x00\\x00\\x00\\x00\\x01\\x03\\x02\\x00\\x07\n"
                   "exact \\xc0\\x00 => \\xd0\\x00\n"
                   "exact PING => PONG\n"
                   "prefix PING1 => PONG5678\n"
                   "prefix GET /status => up\n"
                   "prefix DELETE /missing => HTTP/1.1 404 Not Found\\r\\n\\r\\n\n");
        file.close();
        behaviour = QStringLiteral("rules:") + path;
    }
    ServerFixture fixture;
    ServerConfig config;
    config.framing = framing;
    QString why;
    const auto spec = BehaviourSpec::parse(behaviour, &why);
    QVERIFY2(spec, qPrintable(why));
    config.behaviour = *spec;
    const quint16 port = fixture.start(config);
    QVERIFY(port != 0);
    LoopbackPeer peer(framing);
    peer.connectTo(port);
    peer.sendData(1, request);
    peer.sendData(2, request); // twice: the second after the first, on the same connection
    QTRY_COMPARE_WITH_TIMEOUT(peer.frameCount(), 2, 5000);
    for (const Frame &frame : peer.frames())
        QCOMPARE(frame.payload.toByteArray(), reply);
}

void tst_TestServer::answersProtocolErrors_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QByteArray>("code");
    QTest::addColumn<quint64>("sequence");
    QTest::addColumn<bool>("fatal");

    const QByteArray valid = wb1(0x01, 0, 42, "payload");
    QByteArray badChecksum = valid;
    badChecksum[badChecksum.size() - 1] = char(badChecksum.back() ^ 0x55);
    QByteArray tooLarge = valid.first(Wb1Codec::HeaderSize);
    tooLarge[8] = char(0x7f); // about 2 GiB announced: refused from the header

    QTest::newRow("bad-magic") << withHeaderByte(valid, 1, 'x') << QByteArray("bad-magic") << quint64(0) << true;
    QTest::newRow("bad-version") << withHeaderByte(valid, 2, 9) << QByteArray("bad-version") << quint64(0) << true;
    QTest::newRow("bad-flags") << withHeaderByte(valid, 5, 0x04) << QByteArray("bad-flags") << quint64(42) << true;
    QTest::newRow("bad-reserved") << withHeaderByte(valid, 6, 0x01) << QByteArray("bad-reserved") << quint64(42) << true;
    QTest::newRow("too-large") << tooLarge << QByteArray("too-large") << quint64(42) << true;
    QTest::newRow("bad-checksum") << badChecksum << QByteArray("bad-checksum") << quint64(42) << true;
    QTest::newRow("unknown-type") << wb1(0x42, 0, 42, "?") << QByteArray("unknown-type") << quint64(42) << false;
}

void tst_TestServer::answersProtocolErrors()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QByteArray, code);
    QFETCH(quint64, sequence);
    QFETCH(bool, fatal);

    ServerFixture fixture;
    const quint16 port = fixture.start();
    QVERIFY(port != 0);
    LoopbackPeer peer;
    peer.connectTo(port);
    peer.sendRaw(bytes);
    peer.sendData(7, "after"); // answered only when the error was not fatal

    if (fatal) {
        QTRY_VERIFY_WITH_TIMEOUT(peer.wasDisconnected(), 5000);
        QCOMPARE(peer.frameCount(), 1);
    } else {
        QTRY_COMPARE_WITH_TIMEOUT(peer.frameCount(), 2, 5000);
        QVERIFY(!peer.wasDisconnected());
        QCOMPARE(peer.frames()[1].type, quint8(FrameType::Reply));
        QCOMPARE(peer.frames()[1].sequence, quint64(7));
    }
    const Frame error = peer.frames().first();
    QCOMPARE(error.type, quint8(FrameType::Error));
    QCOMPARE(error.sequence, sequence);
    QVERIFY2(error.payload.toByteArray().startsWith(code + ": frame 1"), error.payload.data());
    QTRY_COMPARE_WITH_TIMEOUT(fixture.totals().errors[size_t(frameErrorFromCode(code))], quint64(1), 5000);
    QTRY_COMPARE_WITH_TIMEOUT(fixture.totals().connectionsClosed, quint64(fatal ? 1 : 0), 5000);
}

void tst_TestServer::noReplyAndUnsolicitedFramesGetNoAnswer()
{
    ServerFixture fixture;
    const quint16 port = fixture.start();
    LoopbackPeer peer;
    peer.connectTo(port);
    peer.sendData(1, "quiet", FrameFlag::NoReply);
    peer.sendRaw(wb1(0x02, 0, 2, "a reply nobody asked for"));
    peer.sendRaw(wb1(0x03, 0, 3, "bad-magic: an error nobody asked for"));
    peer.sendData(4, "answer me");
    QTRY_COMPARE_WITH_TIMEOUT(fixture.totals().framesIn, quint64(4), 5000);
    QTRY_COMPARE_WITH_TIMEOUT(peer.frameCount(), 1, 5000);
    QCOMPARE(peer.frames().first().sequence, quint64(4));
    QCOMPARE(fixture.totals().unsolicited, quint64(2));
    QCOMPARE(fixture.totals().framesOut, quint64(1));
}

void tst_TestServer::connectionLimitRefusesAndCounts()
{
    ServerFixture fixture;
    ServerConfig config;
    config.maxConnections = 3;
    const quint16 port = fixture.start(config);
    std::vector<std::unique_ptr<LoopbackPeer>> peers;
    for (int i = 0; i < 5; ++i) {
        peers.push_back(std::make_unique<LoopbackPeer>());
        peers.back()->connectTo(port);
    }
    QTRY_COMPARE_WITH_TIMEOUT(fixture.totals().connectionsRefused, quint64(2), 5000);
    QTRY_COMPARE_WITH_TIMEOUT(std::count_if(peers.begin(), peers.end(), [](const auto &p) { return p->wasDisconnected(); }),
                              2L, 5000);
    QCOMPARE(fixture.totals().connectionsAccepted, quint64(3));
    // The three admitted ones are served.
    for (auto &peer : peers) {
        if (!peer->wasDisconnected())
            peer->sendData(1, "hi");
    }
    QTRY_COMPARE_WITH_TIMEOUT(fixture.totals().framesOut, quint64(3), 5000);
}

void tst_TestServer::idleConnectionsAreClosed()
{
    ServerFixture fixture;
    ServerConfig config;
    config.idleTimeoutMs = 150;
    const quint16 port = fixture.start(config);
    LoopbackPeer idle;
    idle.connectTo(port);
    QTRY_VERIFY_WITH_TIMEOUT(idle.wasDisconnected(), 5000);
    QTRY_COMPARE_WITH_TIMEOUT(fixture.totals().idleTimeouts, quint64(1), 5000);
}

void tst_TestServer::slowFramesHitTheDeadline()
{
    ServerFixture fixture;
    ServerConfig config;
    config.frameDeadlineMs = 200;
    const quint16 port = fixture.start(config);
    LoopbackPeer slow;
    slow.connectTo(port);
    slow.sendRaw(wb1(0x01, 0, 1, "never finished").first(20));
    LoopbackPeer prompt;
    prompt.connectTo(port);
    prompt.sendData(5, "on time");
    QTRY_VERIFY_WITH_TIMEOUT(slow.wasDisconnected(), 5000);
    QTRY_COMPARE_WITH_TIMEOUT(fixture.totals().frameDeadlineTimeouts, quint64(1), 5000);
    QCOMPARE(prompt.frameCount(), 1);
    QVERIFY(!prompt.wasDisconnected());
}

void tst_TestServer::tooLongLineClosesWithoutAnswer()
{
    ServerFixture fixture;
    ServerConfig config;
    config.framing = Framing::Line;
    config.maxPayload = 16;
    const quint16 port = fixture.start(config);
    LoopbackPeer peer(Framing::Line);
    peer.connectTo(port);
    peer.sendRaw("short\n" + QByteArray(100, 'x'));
    QTRY_VERIFY_WITH_TIMEOUT(peer.wasDisconnected(), 5000);
    QCOMPARE(peer.received(), QByteArray("short\n"));
    QTRY_COMPARE_WITH_TIMEOUT(fixture.totals().errors[size_t(FrameError::TooLarge)], quint64(1), 5000);
}

void tst_TestServer::peerThatDoesNotReadIsThrottled()
{
    ServerFixture fixture;
    ServerConfig config;
    config.maxPendingOutput = 64 * 1024;
    const quint16 port = fixture.start(config);

    // A peer that writes 200 frames of 64 KiB and reads nothing: Qt stops taking
    // its data from the kernel once 4 KiB are buffered.
    QTcpSocket greedy;
    greedy.setReadBufferSize(4096);
    greedy.connectToHost(QHostAddress::LocalHost, port);
    QTRY_COMPARE_WITH_TIMEOUT(greedy.state(), QAbstractSocket::ConnectedState, 5000);
    const QByteArray frame = wb1(0x01, 0, 1, QByteArray(64 * 1024, 'g'));
    for (int i = 0; i < 200; ++i)
        greedy.write(frame);

    QTRY_VERIFY_WITH_TIMEOUT(fixture.totals().backpressurePauses >= 1, 10000);
    const quint64 framesWhilePaused = fixture.totals().framesIn;
    QVERIFY2(framesWhilePaused < 200, "the server kept reading from a peer that does not read");
    // The server stopped taking the peer's bytes: they pile up on the peer's side,
    // which is what slows a real client down. (Kernel buffers hold a few MiB.)
    QTRY_VERIFY_WITH_TIMEOUT(greedy.bytesToWrite() > 4 * 1024 * 1024, 10000);
    const qint64 received = qint64(fixture.totals().bytesIn);
    QVERIFY2(received < 9 * 1024 * 1024, qPrintable(QStringLiteral("the server took %1 bytes").arg(received)));

    // Meanwhile another client is served as usual.
    LoopbackPeer other;
    other.connectTo(port);
    other.sendData(9, "not stalled");
    QTRY_COMPARE_WITH_TIMEOUT(other.frameCount(), 1, 5000);

    // Once the greedy peer reads, everything flows again and nothing was lost.
    qint64 echoed = 0;
    greedy.setReadBufferSize(0);
    QObject::connect(&greedy, &QTcpSocket::readyRead, &greedy, [&] { echoed += greedy.readAll().size(); });
    echoed += greedy.readAll().size();
    QTRY_COMPARE_WITH_TIMEOUT(echoed, qint64(frame.size()) * 200, 30000);
    QTRY_COMPARE_WITH_TIMEOUT(fixture.totals().framesIn, quint64(201), 5000);
}

void tst_TestServer::bindFailureIsReported()
{
    ServerFixture first;
    const quint16 port = first.start();
    QVERIFY(port != 0);

    IoThreadPool pool(1);
    TestServer second(pool);
    QSignalSpy failed(&second, &TestServer::failed);
    QSignalSpy started(&second, &TestServer::started);
    ServerConfig config;
    config.port = port;
    second.start(config);
    QVERIFY(failed.wait(5000));
    QCOMPARE(started.count(), 0);
    const QString message = failed.first().first().toString();
    QVERIFY2(message.startsWith(QStringLiteral("cannot listen on 127.0.0.1:%1: ").arg(port)), qPrintable(message));
    QCOMPARE(second.state(), TestServer::State::Stopped);
}

void tst_TestServer::badHostIsReported()
{
    IoThreadPool pool(1);
    TestServer server(pool);
    QSignalSpy failed(&server, &TestServer::failed);
    ServerConfig config;
    config.host = QStringLiteral("not-an-address");
    server.start(config);
    QVERIFY(failed.wait(5000));
    QCOMPARE(failed.first().first().toString(), QStringLiteral("cannot listen on 'not-an-address': not an IP address"));
}

void tst_TestServer::aReplyThatCannotGoOutIsRefusedAtStart()
{
    // A line server told to answer "OK\n": the reply could never be sent; said, not silent.
    IoThreadPool pool(1);
    TestServer server(pool);
    QSignalSpy failed(&server, &TestServer::failed);
    ServerConfig config;
    config.framing = Framing::Line;
    config.behaviour = *BehaviourSpec::parse(QStringLiteral("fixed:OK\\n"));
    server.start(config);
    QVERIFY(failed.wait(5000));
    QCOMPARE(failed.first().first().toString(),
             QStringLiteral("the fixed reply cannot go out in line framing: it holds a newline, and line framing adds the one that ends it"));
    QCOMPARE(server.state(), TestServer::State::Stopped);
}

void tst_TestServer::stopClosesEverything()
{
    ServerFixture fixture;
    const quint16 port = fixture.start();
    LoopbackPeer peer;
    peer.connectTo(port);
    peer.sendData(1, "one");
    QTRY_COMPARE_WITH_TIMEOUT(peer.frameCount(), 1, 5000);

    QSignalSpy stopped(&fixture.server, &TestServer::stopped);
    QSignalSpy snapshots(&fixture.server, &TestServer::snapshotReady);
    fixture.server.stop();
    QVERIFY(stopped.wait(5000));
    QVERIFY(snapshots.count() >= 1);
    QCOMPARE(fixture.server.lastSnapshot().total.framesIn, quint64(1));
    QTRY_VERIFY_WITH_TIMEOUT(peer.wasDisconnected(), 5000);
    QCOMPARE(fixture.server.state(), TestServer::State::Stopped);

    // A stopped server can start again.
    QVERIFY(fixture.start() != 0);
}

QTEST_GUILESS_MAIN(tst_TestServer)
#include "tst_testserver.moc"
