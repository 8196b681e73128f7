// SPDX-License-Identifier: GPL-3.0-or-later
#include "codec/messagesummary.h"

#include "codec/httphead.h"
#include "codec/websocketcodec.h"
#include "text/escapedtext.h"

#include <QStringList>

namespace NetCore {

namespace {

constexpr qsizetype Shown = 60; // characters of a string before it is cut

QString quoted(QByteArrayView bytes)
{
    QString text = EscapedText::format(bytes.first(std::min(bytes.size(), Shown)));
    if (bytes.size() > Shown)
        text += QStringLiteral("…");
    return QLatin1Char('"') + text + QLatin1Char('"');
}

// One RESP value at `at` (advanced past it), as redis-cli would show it; depth-bounded.
QString respValue(QByteArrayView input, qsizetype &at, int depth)
{
    if (at >= input.size() || depth > 8)
        return QStringLiteral("…");
    const char type = input[at];
    const qsizetype end = input.indexOf("\r\n", at);
    if (end < 0) {
        at = input.size();
        return QStringLiteral("…");
    }
    const QByteArrayView line = input.sliced(at + 1, end - at - 1);
    at = end + 2;
    switch (type) {
    case '+': return QString::fromUtf8(line);
    case '-': return QStringLiteral("(error) ") + QString::fromUtf8(line);
    case ':': return QStringLiteral("(integer) ") + QString::fromLatin1(line);
    case ',': return QStringLiteral("(double) ") + QString::fromLatin1(line);
    case '(': return QStringLiteral("(big number) ") + QString::fromLatin1(line);
    case '#': return line == "t" ? QStringLiteral("(true)") : QStringLiteral("(false)");
    case '_': return QStringLiteral("(nil)");
    case '$':
    case '!':
    case '=': {
        const qint64 length = line.toLongLong();
        if (length < 0)
            return QStringLiteral("(nil)");
        const QByteArrayView data = input.sliced(at, std::min<qsizetype>(qsizetype(length), input.size() - at));
        at = std::min(input.size(), at + qsizetype(length) + 2);
        return (type == '!' ? QStringLiteral("(error) ") : QString()) + quoted(data);
    }
    case '*':
    case '~':
    case '>':
    case '%':
    case '|': {
        const qint64 count = line.toLongLong();
        if (count < 0)
            return QStringLiteral("(nil)");
        const qint64 items = (type == '%' || type == '|') ? 2 * count : count;
        QStringList parts;
        for (qint64 i = 0; i < items && at < input.size(); ++i) {
            if (i == 16) {
                parts << QStringLiteral("… %1 in all").arg(items);
                break;
            }
            parts << respValue(input, at, depth + 1);
        }
        const QString open = type == '%' ? QStringLiteral("{") : type == '~' ? QStringLiteral("(set ") : QStringLiteral("[");
        const QString close = type == '%' ? QStringLiteral("}") : type == '~' ? QStringLiteral(")") : QStringLiteral("]");
        return (type == '>' ? QStringLiteral("(push) ") : QString()) + open + parts.join(QLatin1Char(' ')) + close;
    }
    default: return quoted(input.sliced(at - line.size() - 3));
    }
}

QString httpSummary(QByteArrayView payload)
{
    const qsizetype lineEnd = payload.indexOf("\r\n");
    QString text = QString::fromUtf8(lineEnd < 0 ? payload.first(std::min(payload.size(), Shown)) : payload.first(lineEnd));
    HttpHead head;
    if (HttpHead::parse(payload, head).status == DecodeResult::Status::Complete && payload.size() > head.size)
        text += QStringLiteral(" · %1 bytes of body").arg(payload.size() - head.size);
    return text;
}

QString webSocketSummary(QByteArrayView payload)
{
    if (payload.isEmpty())
        return {};
    const quint8 opcode = quint8(payload.front()) & 0x0F;
    const QByteArray content = WebSocketCodec::content(payload);
    switch (opcode) {
    case WebSocketCodec::Text: return QStringLiteral("text ") + quoted(content);
    case WebSocketCodec::Binary: return QStringLiteral("binary, %1 bytes").arg(content.size());
    case WebSocketCodec::Ping: return QStringLiteral("ping ") + quoted(content);
    case WebSocketCodec::Pong: return QStringLiteral("pong ") + quoted(content);
    case WebSocketCodec::Close: {
        if (content.size() < 2)
            return QStringLiteral("close");
        const int code = (quint8(content[0]) << 8) | quint8(content[1]);
        return QStringLiteral("close %1 %2").arg(code).arg(QString::fromUtf8(content.sliced(2)));
    }
    default: return QStringLiteral("opcode %1").arg(opcode);
    }
}

} // namespace

QString messageKind(const Framing &framing, QByteArrayView payload)
{
    if (payload.isEmpty())
        return {};
    switch (framing.kind()) {
    case Framing::WebSocket:
        switch (quint8(payload.front()) & 0x0F) {
        case WebSocketCodec::Text: return QStringLiteral("TEXT");
        case WebSocketCodec::Binary: return QStringLiteral("BINARY");
        case WebSocketCodec::Ping: return QStringLiteral("PING");
        case WebSocketCodec::Pong: return QStringLiteral("PONG");
        case WebSocketCodec::Close: return QStringLiteral("CLOSE");
        default: return {};
        }
    case Framing::Http1: {
        // "HTTP/1.1 404 ..." gives 404; "GET / ..." gives GET.
        const qsizetype space = payload.indexOf(' ');
        if (space <= 0)
            return {};
        if (HttpHead::looksLikeResponse(payload))
            return QString::fromLatin1(payload.sliced(space + 1).first(std::min<qsizetype>(3, payload.size() - space - 1)));
        return QString::fromLatin1(payload.first(std::min<qsizetype>(space, 16)));
    }
    case Framing::Resp:
        switch (payload.front()) {
        case '*': return QStringLiteral("array");
        case '$': return QStringLiteral("bulk");
        case '+': return QStringLiteral("simple");
        case '-':
        case '!': return QStringLiteral("error");
        case ':': return QStringLiteral("integer");
        case '%': return QStringLiteral("map");
        case '~': return QStringLiteral("set");
        case '>': return QStringLiteral("push");
        case '_': return QStringLiteral("null");
        default: return QStringLiteral("value");
        }
    default: return {};
    }
}

QString summarizeMessage(const Framing &framing, QByteArrayView payload)
{
    switch (framing.kind()) {
    case Framing::Resp: {
        qsizetype at = 0;
        return respValue(payload, at, 0);
    }
    case Framing::Http1: return httpSummary(payload);
    case Framing::WebSocket: return webSocketSummary(payload);
    default: return {};
    }
}

} // namespace NetCore
