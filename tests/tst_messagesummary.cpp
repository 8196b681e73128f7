// SPDX-License-Identifier: GPL-3.0-or-later
// The traffic log's reading of RESP, HTTP and WebSocket messages, whole, cut and malformed.
#include "codec/messagesummary.h"
#include "codec/websocketcodec.h"

#include <QTest>

using namespace NetCore;

class tst_MessageSummary : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void readsAsTheProtocolDoes_data();
    void readsAsTheProtocolDoes();
    void kindsInAWord();
};

void tst_MessageSummary::readsAsTheProtocolDoes_data()
{
    QTest::addColumn<Framing>("framing");
    QTest::addColumn<QByteArray>("payload");
    QTest::addColumn<QString>("summary");
    const Framing resp = Framing::Resp;
    QTest::newRow("a command") << resp << QByteArray("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$5\r\nhe\r\nl\r\n")
                               << "[\"SET\" \"k\" \"he\\r\\nl\"]";
    QTest::newRow("simple") << resp << QByteArray("+OK\r\n") << "OK";
    QTest::newRow("error") << resp << QByteArray("-ERR unknown\r\n") << "(error) ERR unknown";
    QTest::newRow("integer") << resp << QByteArray(":42\r\n") << "(integer) 42";
    QTest::newRow("nil") << resp << QByteArray("$-1\r\n") << "(nil)";
    QTest::newRow("a map") << resp << QByteArray("%1\r\n+a\r\n#t\r\n") << "{a (true)}";
    QTest::newRow("cut short") << resp << QByteArray("*2\r\n$3\r\nGET\r\n$10\r\nab") << "[\"GET\" \"ab\"]";
    QTest::newRow("no line end") << resp << QByteArray("+O") << "…";
    const Framing http = Framing::Http1;
    QTest::newRow("a response") << http << QByteArray("HTTP/1.1 404 Not Found\r\nContent-Length: 3\r\n\r\nno!")
                                << "HTTP/1.1 404 Not Found · 3 bytes of body";
    QTest::newRow("a request") << http << QByteArray("GET / HTTP/1.1\r\nHost: h\r\n\r\n") << "GET / HTTP/1.1";
    const Framing ws = Framing::WebSocket;
    QByteArray text;
    WebSocketCodec::appendFrame(WebSocketCodec::Text, "hi", text);
    QByteArray close;
    WebSocketCodec::appendFrame(WebSocketCodec::Close, "\x03\xe8" "bye", close);
    QByteArray binary;
    const quint8 mask[4] = {9, 8, 7, 6};
    WebSocketCodec::appendFrame(WebSocketCodec::Binary, QByteArray(300, 'x'), binary, mask);
    QTest::newRow("text") << ws << text << "text \"hi\"";
    QTest::newRow("close") << ws << close << "close 1000 bye";
    QTest::newRow("binary, masked") << ws << binary << "binary, 300 bytes";
    QTest::newRow("other framings: nothing") << Framing(Framing::Line) << QByteArray("hello") << "";
}

void tst_MessageSummary::readsAsTheProtocolDoes()
{
    QFETCH(Framing, framing);
    QFETCH(QByteArray, payload);
    QFETCH(QString, summary);
    QCOMPARE(summarizeMessage(framing, payload), summary);
}

void tst_MessageSummary::kindsInAWord()
{
    QByteArray ping;
    WebSocketCodec::appendFrame(WebSocketCodec::Ping, "p", ping);
    QCOMPARE(messageKind(Framing::WebSocket, ping), QStringLiteral("PING"));
    QCOMPARE(messageKind(Framing::Http1, "HTTP/1.1 503 Busy\r\n\r\n"), QStringLiteral("503"));
    QCOMPARE(messageKind(Framing::Http1, "DELETE /k HTTP/1.1\r\n\r\n"), QStringLiteral("DELETE"));
    QCOMPARE(messageKind(Framing::Http1, "HTTP/1.1 2"), QStringLiteral("2"));
    QCOMPARE(messageKind(Framing::Resp, "-ERR x\r\n"), QStringLiteral("error"));
    QCOMPARE(messageKind(Framing::Line, "hello"), QString());
    QCOMPARE(messageKind(Framing::Resp, {}), QString());
}

QTEST_GUILESS_MAIN(tst_MessageSummary)
#include "tst_messagesummary.moc"
