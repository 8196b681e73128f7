// SPDX-License-Identifier: GPL-3.0-or-later
#include "codec/websockethandshake.h"

#include "codec/httphead.h"

#include <QCryptographicHash>
#include <QRandomGenerator>

namespace NetCore {

namespace {

constexpr QByteArrayView Guid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

bool hasToken(QByteArrayView value, QByteArrayView token)
{
    // A comma-separated list holding `token`, ignoring case ("keep-alive, Upgrade").
    for (QByteArrayView rest = value; !rest.isEmpty();) {
        const qsizetype comma = rest.indexOf(',');
        const QByteArrayView item = (comma < 0 ? rest : rest.first(comma)).trimmed();
        if (item.compare(token, Qt::CaseInsensitive) == 0)
            return true;
        rest = comma < 0 ? QByteArrayView() : rest.sliced(comma + 1);
    }
    return false;
}

QByteArray failure(QByteArrayView status, const QString &why)
{
    const QByteArray body = why.toUtf8() + '\n';
    return "HTTP/1.1 " + status.toByteArray() + "\r\nContent-Length: " + QByteArray::number(body.size())
        + "\r\nConnection: close\r\n\r\n" + body;
}

} // namespace

QByteArray WebSocketHandshake::newKey()
{
    quint32 words[4];
    QRandomGenerator::global()->fillRange(words);
    return QByteArray(reinterpret_cast<const char *>(words), sizeof(words)).toBase64();
}

QByteArray WebSocketHandshake::acceptFor(QByteArrayView key)
{
    return QCryptographicHash::hash(key.toByteArray() + Guid.toByteArray(), QCryptographicHash::Sha1).toBase64();
}

QByteArray WebSocketHandshake::request(QByteArrayView host, QByteArrayView path, const QList<QByteArray> &headers,
                                       QByteArrayView key)
{
    QByteArray request = "GET " + path.toByteArray() + " HTTP/1.1\r\nHost: " + host.toByteArray()
        + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + key.toByteArray()
        + "\r\nSec-WebSocket-Version: 13\r\n";
    for (const QByteArray &header : headers)
        request += header + "\r\n";
    return request + "\r\n";
}

DecodeResult WebSocketHandshake::readResponse(QByteArrayView input, QByteArrayView key, QString *problem)
{
    HttpHead head;
    const DecodeResult parsed = HttpHead::parse(input, head);
    if (parsed.status == DecodeResult::Status::Incomplete)
        return parsed;
    auto fail = [&](const QString &why) {
        *problem = why;
        return DecodeResult::failed(parsed.status == DecodeResult::Status::Failed ? parsed.error : FrameError::BadSyntax);
    };
    if (parsed.status == DecodeResult::Status::Failed || !head.response)
        return fail(QStringLiteral("the answer to the WebSocket upgrade is not an HTTP response (%1)")
                        .arg(QString::fromLatin1(frameErrorCode(parsed.error).toByteArray())));
    if (head.status != 101) {
        const QByteArrayView statusLine = input.first(input.indexOf("\r\n"));
        return fail(QStringLiteral("the server refused the WebSocket upgrade: %1").arg(QString::fromUtf8(statusLine)));
    }
    if (!hasToken(HttpHead::field(head.fields, "upgrade"), "websocket"))
        return fail(QStringLiteral("the 101 response has no 'Upgrade: websocket'"));
    if (!hasToken(HttpHead::field(head.fields, "connection"), "upgrade"))
        return fail(QStringLiteral("the 101 response has no 'Connection: Upgrade'"));
    const QByteArrayView accept = HttpHead::field(head.fields, "sec-websocket-accept");
    if (accept != acceptFor(key))
        return fail(QStringLiteral("Sec-WebSocket-Accept is '%1', not the key's '%2'")
                        .arg(QString::fromLatin1(accept), QString::fromLatin1(acceptFor(key))));
    return parsed;
}

DecodeResult WebSocketHandshake::readRequest(QByteArrayView input, QByteArray *response, QString *problem)
{
    HttpHead head;
    const DecodeResult parsed = HttpHead::parse(input, head);
    if (parsed.status == DecodeResult::Status::Incomplete)
        return parsed;
    auto fail = [&](QByteArrayView status, const QString &why) {
        *problem = why;
        *response = failure(status, why);
        return DecodeResult::failed(parsed.status == DecodeResult::Status::Failed ? parsed.error : FrameError::BadSyntax);
    };
    if (parsed.status == DecodeResult::Status::Failed || head.response)
        return fail("400 Bad Request", QStringLiteral("expected a WebSocket upgrade request (%1)")
                                           .arg(QString::fromLatin1(frameErrorCode(parsed.error).toByteArray())));
    if (head.method != "GET" || head.minorVersion != 1)
        return fail("400 Bad Request", QStringLiteral("a WebSocket upgrade is a GET in HTTP/1.1"));
    if (!hasToken(HttpHead::field(head.fields, "upgrade"), "websocket")
        || !hasToken(HttpHead::field(head.fields, "connection"), "upgrade"))
        return fail("426 Upgrade Required", QStringLiteral("this server speaks WebSocket: send 'Upgrade: websocket' "
                                                           "and 'Connection: Upgrade'"));
    if (HttpHead::field(head.fields, "sec-websocket-version") != "13")
        return fail("426 Upgrade Required", QStringLiteral("Sec-WebSocket-Version must be 13"));
    const QByteArrayView key = HttpHead::field(head.fields, "sec-websocket-key");
    if (QByteArray::fromBase64(key.toByteArray()).size() != 16)
        return fail("400 Bad Request", QStringLiteral("Sec-WebSocket-Key must be 16 bytes in base64"));
    *response = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: "
        + acceptFor(key) + "\r\n\r\n";
    return parsed;
}

} // namespace NetCore
