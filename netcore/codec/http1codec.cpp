// SPDX-License-Identifier: GPL-3.0-or-later
#include "codec/http1codec.h"

#include "codec/httphead.h"

namespace NetCore {

namespace {

bool bodyless(int status)
{
    return status < 200 || status == 204 || status == 304;
}

} // namespace

Http1Codec::Http1Codec(qsizetype maxPayload, bool headResponses)
    : m_maxPayload(maxPayload)
    , m_headResponses(headResponses)
{
}

DecodeResult Http1Codec::decode(QByteArrayView input, Frame &frame) const
{
    qsizetype at = 0;
    HttpHead head;
    for (;;) {
        const DecodeResult parsed = HttpHead::parse(input.sliced(at), head, m_maxPayload - at);
        if (parsed.status == DecodeResult::Status::Incomplete)
            return DecodeResult::incomplete(at + parsed.needed);
        if (parsed.status == DecodeResult::Status::Failed)
            return parsed;
        at += head.size;
        // 1xx interim responses (not 101, which ends HTTP on this connection) precede the final one.
        if (head.response && head.status < 200 && head.status != 101)
            continue;
        break;
    }
    const bool noBody = head.response && (m_headResponses || bodyless(head.status));
    if (!noBody) {
        if (head.chunked) {
            const DecodeResult body = scanChunkedBody(input, at, m_maxPayload);
            if (body.status != DecodeResult::Status::Complete)
                return body;
            at = body.consumed;
        } else if (head.otherCoding) {
            // A coding other than chunked: its length is unknown (a request must not, RFC 9112 6.3).
            return DecodeResult::failed(head.response ? FrameError::UnboundedBody : FrameError::BadLength);
        } else if (head.contentLength >= 0) {
            if (head.contentLength > m_maxPayload - at)
                return DecodeResult::failed(FrameError::TooLarge);
            at += qsizetype(head.contentLength);
            if (input.size() < at)
                return DecodeResult::incomplete(at);
        } else if (head.response) {
            return DecodeResult::failed(FrameError::UnboundedBody);
        }
    }
    frame = Frame{};
    frame.payload = input.first(at);
    frame.status = quint16(head.status);
    if (head.closeAfter)
        frame.flags |= FrameFlag::CloseAfter;
    if (!head.response && head.method == "HEAD")
        frame.flags |= FrameFlag::HeadRequest;
    return DecodeResult::complete(at);
}

FrameError Http1Codec::encode(const Frame &frame, QByteArray &out) const
{
    const QByteArrayView message = frame.payload;
    if (message.size() > m_maxPayload)
        return FrameError::TooLarge;
    // A whole message already (as every decoded one is) goes as it is.
    Frame whole;
    const DecodeResult asIs = decode(message, whole);
    if (asIs.status == DecodeResult::Status::Complete && asIs.consumed == message.size()) {
        out.append(message);
        return FrameError::None;
    }
    const qsizetype blank = message.indexOf("\r\n\r\n");
    QByteArrayView head = blank < 0 ? message : message.first(blank);
    const QByteArrayView body = blank < 0 ? QByteArrayView() : message.sliced(blank + 4);
    if (blank < 0 && head.endsWith("\r\n"))
        head.chop(2);
    const qsizetype fieldsStart = head.indexOf("\r\n");
    const QByteArrayView fields = fieldsStart < 0 ? QByteArrayView() : head.sliced(fieldsStart + 2);
    bool needsLength = false;
    if (HttpHead::field(fields, "content-length").isNull() && HttpHead::field(fields, "transfer-encoding").isNull()) {
        // Said even when 0 where a body is expected: a response without a length would
        // end only at close, and servers refuse a POST without one (411).
        const bool response = HttpHead::looksLikeResponse(message);
        const int status = response && message.size() >= 12 ? message.sliced(9, 3).toByteArray().toInt() : 0;
        const bool expectsBody = response ? !bodyless(status)
                                          : message.startsWith("POST ") || message.startsWith("PUT ") || message.startsWith("PATCH ");
        needsLength = !body.isEmpty() || expectsBody;
    }
    const QByteArray length = needsLength ? "\r\nContent-Length: " + QByteArray::number(body.size()) : QByteArray();
    if (head.size() + length.size() + 4 + body.size() > m_maxPayload)
        return FrameError::TooLarge;
    out.append(head);
    out.append(length);
    out.append("\r\n\r\n", 4);
    out.append(body);
    return FrameError::None;
}

QByteArray Http1Codec::bodyOf(QByteArrayView message)
{
    HttpHead head;
    if (HttpHead::parse(message, head).status != DecodeResult::Status::Complete)
        return {};
    const QByteArrayView rest = message.sliced(head.size);
    if (!head.chunked)
        return rest.first(std::min<qsizetype>(rest.size(), head.contentLength < 0 ? 0 : head.contentLength)).toByteArray();
    QByteArray body;
    for (QByteArrayView chunks = rest;;) {
        const qsizetype end = chunks.indexOf("\r\n");
        if (end < 0)
            break;
        bool ok = false;
        QByteArrayView sizeText = chunks.first(end);
        if (const qsizetype semicolon = sizeText.indexOf(';'); semicolon >= 0)
            sizeText = sizeText.first(semicolon);
        const qsizetype size = sizeText.toByteArray().trimmed().toLongLong(&ok, 16);
        if (!ok || size <= 0 || chunks.size() < end + 2 + size)
            break;
        body.append(chunks.sliced(end + 2, size));
        chunks = chunks.sliced(std::min(chunks.size(), end + 2 + size + 2));
    }
    return body;
}

bool Http1Codec::isRequest(QByteArrayView message)
{
    if (HttpHead::looksLikeResponse(message))
        return false;
    const qsizetype lineEnd = message.indexOf("\r\n");
    const QByteArrayView line = lineEnd < 0 ? message : message.first(lineEnd);
    // METHOD SP target SP HTTP/1.x
    const qsizetype space1 = line.indexOf(' ');
    const qsizetype space2 = line.lastIndexOf(' ');
    return space1 > 0 && space2 > space1 + 1 && line.sliced(space2 + 1).startsWith("HTTP/1.");
}

} // namespace NetCore
