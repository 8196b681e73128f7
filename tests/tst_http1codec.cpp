// SPDX-License-Identifier: GPL-3.0-or-later
// http1: one HTTP/1.x message per frame, whole and in pieces, with every error; the
// completion of messages on encoding; the server's responses (HttpReply).
#include "codectestsupport.h"

#include "codec/http1codec.h"
#include "server/httpreply.h"

#include <QTest>

using namespace NetCore;
using namespace CodecTestSupport;

class tst_Http1Codec : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void decodes_data();
    void decodes();
    void decodeSetsStatusAndFlags_data();
    void decodeSetsStatusAndFlags();
    void headResponsesHaveNoBody();
    void limitsAreCheckedWhileReading();
    void encodeCompletesMessages_data();
    void encodeCompletesMessages();
    void bodyOfDechunks();
    void serverAnswers_data();
    void serverAnswers();
};

void tst_Http1Codec::decodes_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QList<QByteArray>>("frames");
    QTest::addColumn<FrameError>("error");
    QTest::addColumn<qsizetype>("leftover");

    using Frames = QList<QByteArray>;
    const QByteArray get = "GET /a HTTP/1.1\r\nHost: x\r\n\r\n";
    const QByteArray post = "POST /b HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello";
    const QByteArray chunkedPost = "POST /c HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n0\r\n\r\n";
    QTest::newRow("requests, pipelined") << get + post + chunkedPost << Frames{get, post, chunkedPost} << FrameError::None
                                         << qsizetype(0);
    const QByteArray ok = "HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nhello\n";
    const QByteArray chunked = "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n"
                               "3\r\nabc\r\n10\r\n0123456789abcdef\r\n0\r\nX-Trailer: yes\r\n\r\n";
    const QByteArray noContent = "HTTP/1.1 204 No Content\r\n\r\n";
    const QByteArray notModified = "HTTP/1.1 304 Not Modified\r\nContent-Length: 99\r\n\r\n";
    const QByteArray continued = "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n";
    QTest::newRow("responses, pipelined, 1xx with its final one")
        << ok + chunked + noContent + notModified + continued << Frames{ok, chunked, noContent, notModified, continued}
        << FrameError::None << qsizetype(0);
    QTest::newRow("a body waits for its length") << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n12345")
                                                 << Frames{} << FrameError::None << qsizetype(44);
    QTest::newRow("a chunked body waits for its last chunk")
        << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n") << Frames{} << FrameError::None
        << qsizetype(55);
    QTest::newRow("a head waits for its blank line") << QByteArray("GET / HTTP/1.1\r\nHost: x\r\n") << Frames{}
                                                     << FrameError::None << qsizetype(25);
    QTest::newRow("no length: the body would end at close")
        << ok + "HTTP/1.1 200 OK\r\nServer: old\r\n\r\nuntil close" << Frames{ok} << FrameError::UnboundedBody << qsizetype(0);
    QTest::newRow("a coding other than chunked")
        << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n") << Frames{} << FrameError::UnboundedBody
        << qsizetype(0);
    QTest::newRow("a request with an unknown coding") << QByteArray("POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n")
                                                      << Frames{} << FrameError::BadLength << qsizetype(0);
    QTest::newRow("HTTP/2 preface") << QByteArray("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n") << Frames{} << FrameError::BadVersion
                                    << qsizetype(0);
    QTest::newRow("not HTTP") << QByteArray("\x16\x03\x01\x02\x00", 5) << Frames{} << FrameError::BadSyntax << qsizetype(0);
    QTest::newRow("a space before the colon") << QByteArray("GET / HTTP/1.1\r\nHost : x\r\n\r\n") << Frames{}
                                              << FrameError::BadSyntax << qsizetype(0);
    QTest::newRow("a folded header") << QByteArray("GET / HTTP/1.1\r\nA: b\r\n c\r\n\r\n") << Frames{}
                                     << FrameError::BadSyntax << qsizetype(0);
    QTest::newRow("a status that is no number") << QByteArray("HTTP/1.1 2x0 OK\r\n\r\n") << Frames{}
                                                << FrameError::BadSyntax << qsizetype(0);
    QTest::newRow("two different lengths") << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab")
                                           << Frames{} << FrameError::BadLength << qsizetype(0);
    QTest::newRow("a length that is no number") << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n") << Frames{}
                                                << FrameError::BadLength << qsizetype(0);
    QTest::newRow("a chunk size that is no number")
        << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n") << Frames{} << FrameError::BadLength
        << qsizetype(0);
    QTest::newRow("a chunk without its CR LF")
        << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabXY") << Frames{} << FrameError::BadSyntax
        << qsizetype(0);
}

void tst_Http1Codec::decodes()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QList<QByteArray>, frames);
    QFETCH(FrameError, error);
    QFETCH(qsizetype, leftover);
    const Http1Codec codec(4096);
    QVERIFY(decodesAlike(codec, bytes, frames, error, leftover));
}

void tst_Http1Codec::decodeSetsStatusAndFlags_data()
{
    QTest::addColumn<QByteArray>("message");
    QTest::addColumn<int>("status");
    QTest::addColumn<bool>("closeAfter");
    QTest::addColumn<bool>("head");
    QTest::newRow("200 keep-alive") << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n") << 200 << false << false;
    QTest::newRow("404 close") << QByteArray("HTTP/1.1 404 Not Found\r\nConnection: Close\r\nContent-Length: 0\r\n\r\n")
                               << 404 << true << false;
    QTest::newRow("1.0 without keep-alive") << QByteArray("HTTP/1.0 503 Busy\r\nContent-Length: 0\r\n\r\n") << 503 << true
                                            << false;
    QTest::newRow("1.0 with keep-alive")
        << QByteArray("HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 0\r\n\r\n") << 200 << false << false;
    QTest::newRow("the final status after 1xx")
        << QByteArray("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 302 Found\r\nContent-Length: 0\r\n\r\n") << 302 << false << false;
    QTest::newRow("HEAD request") << QByteArray("HEAD / HTTP/1.1\r\nConnection: upgrade, close\r\n\r\n") << 0 << true << true;
}

void tst_Http1Codec::decodeSetsStatusAndFlags()
{
    QFETCH(QByteArray, message);
    QFETCH(int, status);
    QFETCH(bool, closeAfter);
    QFETCH(bool, head);
    const Http1Codec codec(4096);
    Frame frame;
    const DecodeResult result = codec.decode(message, frame);
    QCOMPARE(result.status, DecodeResult::Status::Complete);
    QCOMPARE(result.consumed, message.size());
    QCOMPARE(int(frame.status), status);
    QCOMPARE(bool(frame.flags & FrameFlag::CloseAfter), closeAfter);
    QCOMPARE(bool(frame.flags & FrameFlag::HeadRequest), head);
}

void tst_Http1Codec::headResponsesHaveNoBody()
{
    // A HEAD response carries the GET's length and no body: the fleet's codec is told.
    const QByteArray response = "HTTP/1.1 200 OK\r\nContent-Length: 612\r\n\r\n";
    QVERIFY(decodesAlike(Http1Codec(4096, true), response + response, {response, response}, FrameError::None, 0));
    QVERIFY(decodesAlike(Http1Codec(4096), response, {}, FrameError::None, response.size()));
}

void tst_Http1Codec::limitsAreCheckedWhileReading()
{
    // A body over the maximum is refused from its length, before its bytes come.
    QVERIFY(decodesAlike(Http1Codec(100), "HTTP/1.1 200 OK\r\nContent-Length: 1000000\r\n\r\n", {}, FrameError::TooLarge, 0));
    QVERIFY(decodesAlike(Http1Codec(100), "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nffff\r\n", {},
                         FrameError::TooLarge, 0));
    // A head that never ends: refused at its 64 KiB limit, or at the maximum when lower.
    const Http1Codec large(1 << 20);
    QCOMPARE(chunksUntilRefused(large, "aaaaaaaaaa", 8000), 65536 / 10 + 1);
    QCOMPARE(chunksUntilRefused(Http1Codec(1000), "aaaaaaaaaa"), 100);
    // A start line that cannot be one is refused at its first wrong byte, not at the limit.
    QVERIFY(decodesAlike(large, "GE\x01T / HTTP/1.1\r\n", {}, FrameError::BadSyntax, 0));
    // More fields than a head may have.
    QByteArray many = "GET / HTTP/1.1\r\n";
    for (int i = 0; i < 101; ++i)
        many += "X-" + QByteArray::number(i) + ": v\r\n";
    QVERIFY(decodesAlike(large, many + "\r\n", {}, FrameError::TooManyElements, 0));
    QCOMPARE(frameErrorCode(FrameError::UnboundedBody), QByteArrayView("unbounded-body"));
}

void tst_Http1Codec::encodeCompletesMessages_data()
{
    QTest::addColumn<QByteArray>("written");
    QTest::addColumn<QByteArray>("wire");
    QTest::newRow("a GET as written") << QByteArray("GET / HTTP/1.1\r\nHost: h\r\n\r\n")
                                      << QByteArray("GET / HTTP/1.1\r\nHost: h\r\n\r\n");
    QTest::newRow("the blank line added") << QByteArray("GET / HTTP/1.1\r\nHost: h\r\n")
                                          << QByteArray("GET / HTTP/1.1\r\nHost: h\r\n\r\n");
    QTest::newRow("a body gets its length") << QByteArray("PUT /k HTTP/1.1\r\n\r\nvalue")
                                            << QByteArray("PUT /k HTTP/1.1\r\nContent-Length: 5\r\n\r\nvalue");
    QTest::newRow("an empty POST says 0") << QByteArray("POST /k HTTP/1.1")
                                          << QByteArray("POST /k HTTP/1.1\r\nContent-Length: 0\r\n\r\n");
    QTest::newRow("a given length stays") << QByteArray("POST /k HTTP/1.1\r\ncontent-length: 2\r\n\r\nab")
                                          << QByteArray("POST /k HTTP/1.1\r\ncontent-length: 2\r\n\r\nab");
    QTest::newRow("a response's body") << QByteArray("HTTP/1.1 404 Not Found\r\n\r\nnope")
                                       << QByteArray("HTTP/1.1 404 Not Found\r\nContent-Length: 4\r\n\r\nnope");
}

void tst_Http1Codec::encodeCompletesMessages()
{
    QFETCH(QByteArray, written);
    QFETCH(QByteArray, wire);
    // (Not encodesAs(): an HTTP message's size on the wire depends on what it holds.)
    QByteArray out = "before";
    QCOMPARE(Http1Codec(4096).encode(Frame{0, 0, 0, 0, written}, out), FrameError::None);
    QCOMPARE(out, "before" + wire);
    QVERIFY(encodesAs(Http1Codec(20), written + QByteArray(20, 'x'), {}, FrameError::TooLarge));
}

void tst_Http1Codec::bodyOfDechunks()
{
    QCOMPARE(Http1Codec::bodyOf("POST / HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc"), QByteArray("abc"));
    QCOMPARE(Http1Codec::bodyOf("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nab\r\n1;x\r\nc\r\n0\r\n\r\n"),
             QByteArray("abc"));
    QCOMPARE(Http1Codec::bodyOf("GET / HTTP/1.1\r\n\r\n"), QByteArray());
    QVERIFY(Http1Codec::isRequest("DELETE /x HTTP/1.1\r\n\r\n"));
    QVERIFY(!Http1Codec::isRequest("HTTP/1.1 200 OK\r\n\r\n"));
    QVERIFY(!Http1Codec::isRequest("PING"));
}

void tst_Http1Codec::serverAnswers_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<QByteArray>("answer");
    QTest::addColumn<QByteArray>("response");
    const QByteArray post = "POST /echo HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello";
    QTest::newRow("an echo answers with the body") << post << post
                                                   << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello");
    QTest::newRow("a text answer is the body") << QByteArray("GET / HTTP/1.1\r\n\r\n") << QByteArray("pong")
                                               << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\npong");
    QTest::newRow("a whole response as written") << QByteArray("GET /x HTTP/1.1\r\n\r\n")
                                                 << QByteArray("HTTP/1.1 404 Not Found\r\n\r\nno")
                                                 << QByteArray("HTTP/1.1 404 Not Found\r\nContent-Length: 2\r\n\r\nno");
    QTest::newRow("HEAD: the head alone") << QByteArray("HEAD / HTTP/1.1\r\n\r\n") << QByteArray("pong")
                                          << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\n");
    QTest::newRow("close: said so") << QByteArray("GET / HTTP/1.0\r\n\r\n") << QByteArray("pong")
                                    << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 4\r\nConnection: close\r\n\r\npong");
}

void tst_Http1Codec::serverAnswers()
{
    QFETCH(QByteArray, request);
    QFETCH(QByteArray, answer);
    QFETCH(QByteArray, response);
    const Http1Codec codec(4096);
    Frame decoded;
    QCOMPARE(codec.decode(request, decoded).status, DecodeResult::Status::Complete);
    QByteArray out = "before";
    QVERIFY(HttpReply::append(decoded, answer, codec, out));
    QCOMPARE(out, "before" + response);
}

QTEST_GUILESS_MAIN(tst_Http1Codec)
#include "tst_http1codec.moc"
