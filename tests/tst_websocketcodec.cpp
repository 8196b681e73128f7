// SPDX-License-Identifier: GPL-3.0-or-later
// websocket: one WebSocket message per frame (fragments and control frames between
// them), whole and in pieces, with every error; masking; the upgrade's both ends.
#include "codectestsupport.h"

#include "codec/websocketcodec.h"
#include "codec/websockethandshake.h"

#include <QTest>

using namespace NetCore;
using namespace CodecTestSupport;

namespace {

// One frame as a peer writes it: FIN, opcode, a mask when given, the length in its shortest form.
QByteArray wsFrame(quint8 opcode, const QByteArray &content, bool fin = true, bool masked = false)
{
    QByteArray out;
    const quint8 mask[4] = {0x11, 0x22, 0x33, 0x44};
    WebSocketCodec::appendFrame(opcode, content, out, masked ? mask : nullptr);
    if (!fin)
        out[0] = char(out[0] & 0x7F);
    return out;
}

} // namespace

class tst_WebSocketCodec : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void decodes_data();
    void decodes();
    void messagesKeepTheirOpcodeAndContent();
    void encodeMasksWithFreshKeys();
    void limitsAreCheckedWhileReading();
    void handshakeAcceptsTheRfcExample();
    void handshakeProblemsAreNamed_data();
    void handshakeProblemsAreNamed();
};

void tst_WebSocketCodec::decodes_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QList<QByteArray>>("frames");
    QTest::addColumn<FrameError>("error");
    QTest::addColumn<qsizetype>("leftover");
    QTest::addColumn<QList<quint8>>("types");
    using Frames = QList<QByteArray>;
    using Types = QList<quint8>;
    const QByteArray text = wsFrame(WebSocketCodec::Text, "hello");
    const QByteArray masked = wsFrame(WebSocketCodec::Binary, QByteArray(300, 'b'), true, true);
    const QByteArray large = wsFrame(WebSocketCodec::Binary, QByteArray(70000, 'L'));
    const QByteArray ping = wsFrame(WebSocketCodec::Ping, "p");
    const QByteArray fragmented = wsFrame(WebSocketCodec::Text, "frag", false) + wsFrame(WebSocketCodec::Ping, "in between")
        + wsFrame(WebSocketCodec::Continuation, "men", false) + wsFrame(WebSocketCodec::Continuation, "ted");
    QTest::newRow("messages, pipelined: 7, 16 and 64-bit lengths, masked, a ping")
        << text + masked + large + ping << Frames{text, masked, large, ping} << FrameError::None << qsizetype(0)
        << Types{WebSocketCodec::Text, WebSocketCodec::Binary, WebSocketCodec::Binary, WebSocketCodec::Ping};
    QTest::newRow("a fragmented message with a ping inside is one frame") << fragmented + text << Frames{fragmented, text}
                                                                          << FrameError::None << qsizetype(0) << Types{};
    QTest::newRow("a message waits for its last fragment") << wsFrame(WebSocketCodec::Text, "a", false) << Frames{}
                                                           << FrameError::None << qsizetype(3) << Types{};
    QTest::newRow("reserved bits") << QByteArray("\xC1\x00", 2) << Frames{} << FrameError::BadFlags << qsizetype(0) << Types{};
    QTest::newRow("an unknown opcode") << QByteArray("\x83\x00", 2) << Frames{} << FrameError::BadType << qsizetype(0) << Types{};
    QTest::newRow("a continuation with no message") << wsFrame(WebSocketCodec::Continuation, "x") << Frames{}
                                                    << FrameError::BadSyntax << qsizetype(0) << Types{};
    QTest::newRow("a message inside a message")
        << wsFrame(WebSocketCodec::Text, "a", false) + wsFrame(WebSocketCodec::Text, "b") << Frames{} << FrameError::BadSyntax
        << qsizetype(0) << Types{};
    QTest::newRow("a fragmented ping") << wsFrame(WebSocketCodec::Ping, "p", false) << Frames{} << FrameError::BadSyntax
                                       << qsizetype(0) << Types{};
    QTest::newRow("a ping over 125 bytes") << QByteArray("\x89\x7e\x00\x7e", 4) + QByteArray(126, 'p') << Frames{}
                                           << FrameError::BadSyntax << qsizetype(0) << Types{};
    QTest::newRow("a 16-bit length that fits in 7") << QByteArray("\x81\x7e\x00\x05hello", 9) << Frames{}
                                                    << FrameError::BadLength << qsizetype(0) << Types{};
    QTest::newRow("a 64-bit length with its top bit") << QByteArray("\x82\x7f\x80\x00\x00\x00\x00\x00\x00\x01", 10)
                                                      << Frames{} << FrameError::BadLength << qsizetype(0) << Types{};
}

void tst_WebSocketCodec::decodes()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QList<QByteArray>, frames);
    QFETCH(FrameError, error);
    QFETCH(qsizetype, leftover);
    QFETCH(QList<quint8>, types);
    QVERIFY(decodesAlike(WebSocketCodec(1 << 20), bytes, frames, error, leftover, types));
}

void tst_WebSocketCodec::messagesKeepTheirOpcodeAndContent()
{
    const WebSocketCodec codec(1 << 20);
    const QByteArray fragmented = wsFrame(WebSocketCodec::Binary, "ab", false, true)
        + wsFrame(WebSocketCodec::Pong, "x", true, true) + wsFrame(WebSocketCodec::Continuation, "cd", true, true);
    Frame frame;
    QCOMPARE(codec.decode(fragmented, frame).status, DecodeResult::Status::Complete);
    QCOMPARE(frame.type, quint8(WebSocketCodec::Binary));
    QCOMPARE(WebSocketCodec::content(frame.payload), QByteArray("abcd")); // unmasked, the pong left out
    QList<quint8> opcodes;
    WebSocketCodec::forEachFrame(frame.payload, [&](quint8 opcode, const QByteArray &) { opcodes << opcode; });
    QCOMPARE(opcodes, (QList<quint8>{WebSocketCodec::Binary, WebSocketCodec::Pong, WebSocketCodec::Continuation}));
    const QByteArray close = wsFrame(WebSocketCodec::Close, "\x03\xe8" "bye");
    QCOMPARE(codec.decode(close, frame).status, DecodeResult::Status::Complete);
    QCOMPARE(frame.type, quint8(WebSocketCodec::Close));
    QCOMPARE(WebSocketCodec::content(frame.payload), QByteArray("\x03\xe8" "bye"));
}

void tst_WebSocketCodec::encodeMasksWithFreshKeys()
{
    const WebSocketCodec codec(1 << 20);
    QByteArray first;
    QByteArray second;
    QCOMPARE(codec.encode(Frame{WebSocketCodec::Text, 0, 0, 0, "same words"}, first), FrameError::None);
    QCOMPARE(codec.encode(Frame{WebSocketCodec::Text, 0, 0, 0, "same words"}, second), FrameError::None);
    QCOMPARE(first.size(), codec.encodedSize(10));
    QCOMPARE(quint8(first[0]), quint8(0x81));
    QCOMPARE(quint8(first[1]), quint8(0x80 | 10)); // masked, as a client's must be
    QVERIFY(first != second);                       // each with its own key
    Frame frame;
    QCOMPARE(codec.decode(second, frame).status, DecodeResult::Status::Complete);
    QCOMPARE(WebSocketCodec::content(frame.payload), QByteArray("same words"));
    // Binary and control opcodes come from the frame's type; a ping may not exceed 125 bytes.
    QByteArray binary;
    QCOMPARE(codec.encode(Frame{WebSocketCodec::Binary, 0, 0, 0, QByteArray(70000, 'x')}, binary), FrameError::None);
    QCOMPARE(quint8(binary[0]), quint8(0x82));
    QCOMPARE(binary.size(), codec.encodedSize(70000));
    QByteArray ping;
    QCOMPARE(codec.encode(Frame{WebSocketCodec::Ping, 0, 0, 0, QByteArray(126, 'p')}, ping), FrameError::TooLarge);
}

void tst_WebSocketCodec::limitsAreCheckedWhileReading()
{
    // Refused from the length alone, before the content comes.
    QVERIFY(decodesAlike(WebSocketCodec(1000), QByteArray("\x82\x7f\x00\x00\x00\x00\x00\x10\x00\x00", 10), {},
                         FrameError::TooLarge, 0));
    // A message over the maximum, made of small fragments.
    QByteArray fragments = wsFrame(WebSocketCodec::Text, QByteArray(100, 'a'), false);
    for (int i = 0; i < 20; ++i)
        fragments += wsFrame(WebSocketCodec::Continuation, QByteArray(100, 'a'), false);
    QVERIFY(decodesAlike(WebSocketCodec(1000), fragments, {}, FrameError::TooLarge, 0));
    // More fragments than a message may have.
    QByteArray many = wsFrame(WebSocketCodec::Text, {}, false);
    for (int i = 0; i < WebSocketCodec::MaxFragments + 1; ++i)
        many += wsFrame(WebSocketCodec::Continuation, {}, false);
    QVERIFY(decodesAlike(WebSocketCodec(1 << 20), many, {}, FrameError::TooManyElements, 0));
}

void tst_WebSocketCodec::handshakeAcceptsTheRfcExample()
{
    // RFC 6455 section 1.3.
    QCOMPARE(WebSocketHandshake::acceptFor("dGhlIHNhbXBsZSBub25jZQ=="), QByteArray("s3pPLMBiTxaQ9kYGzzhZRbK+xOo="));
    const QByteArray key = WebSocketHandshake::newKey();
    QCOMPARE(QByteArray::fromBase64(key).size(), 16);
    const QByteArray request = WebSocketHandshake::request("127.0.0.1:80", "/chat", {"Origin: x"}, key);
    QByteArray response;
    QString problem;
    const DecodeResult read = WebSocketHandshake::readRequest(request + "\x81\x00", &response, &problem);
    QCOMPARE(read.status, DecodeResult::Status::Complete);
    QCOMPARE(read.consumed, request.size()); // the frame after it is not the handshake's
    QVERIFY(response.startsWith("HTTP/1.1 101 Switching Protocols\r\n"));
    const DecodeResult answered = WebSocketHandshake::readResponse(response, key, &problem);
    QVERIFY2(answered.status == DecodeResult::Status::Complete, qPrintable(problem));
    QCOMPARE(WebSocketHandshake::readResponse(response.first(20), key, &problem).status, DecodeResult::Status::Incomplete);
}

void tst_WebSocketCodec::handshakeProblemsAreNamed_data()
{
    QTest::addColumn<QByteArray>("response");
    QTest::addColumn<QString>("problem");
    QTest::newRow("refused") << QByteArray("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n")
                             << "the server refused the WebSocket upgrade: HTTP/1.1 404 Not Found";
    QTest::newRow("a wrong accept") << QByteArray("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                                                  "Connection: Upgrade\r\nSec-WebSocket-Accept: nope\r\n\r\n")
                                    << "Sec-WebSocket-Accept is 'nope'";
    QTest::newRow("no upgrade") << QByteArray("HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\n\r\n")
                                << "no 'Upgrade: websocket'";
    QTest::newRow("not HTTP") << QByteArray("\x81\x05hello\r\n\r\n") << "not an HTTP response";
}

void tst_WebSocketCodec::handshakeProblemsAreNamed()
{
    QFETCH(QByteArray, response);
    QFETCH(QString, problem);
    QString got;
    QCOMPARE(WebSocketHandshake::readResponse(response, "dGhlIHNhbXBsZSBub25jZQ==", &got).status,
             DecodeResult::Status::Failed);
    QVERIFY2(got.contains(problem), qPrintable(got));
    // A server refuses what is no upgrade, answering why.
    QByteArray answer;
    QCOMPARE(WebSocketHandshake::readRequest("GET / HTTP/1.1\r\nHost: x\r\n\r\n", &answer, &got).status,
             DecodeResult::Status::Failed);
    QVERIFY(answer.startsWith("HTTP/1.1 426 Upgrade Required\r\n"));
}

QTEST_GUILESS_MAIN(tst_WebSocketCodec)
#include "tst_websocketcodec.moc"
