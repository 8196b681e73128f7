// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/httpreply.h"

#include "codec/framecodec.h"
#include "codec/http1codec.h"
#include "codec/httphead.h"

namespace NetCore {

bool HttpReply::append(const Frame &request, QByteArrayView answer, const FrameCodec &codec, QByteArray &out,
                       qsizetype *bodySize)
{
    const bool head = request.flags & FrameFlag::HeadRequest;
    const bool closing = request.flags & FrameFlag::CloseAfter;
    const qsizetype before = out.size();
    if (HttpHead::looksLikeResponse(answer)) {
        if (codec.encode(Frame{quint8(FrameType::Data), 0, 0, 0, answer}, out) != FrameError::None)
            return false;
        HttpHead parsed;
        const bool parsedOk = HttpHead::parse(QByteArrayView(out).sliced(before), parsed).status
            == DecodeResult::Status::Complete;
        const qsizetype headSize = parsedOk ? parsed.size : out.size() - before;
        if (head)
            out.resize(before + headSize); // the length stays: it is the GET's
        if (bodySize)
            *bodySize = out.size() - before - headSize;
        return true;
    }
    const QByteArray echoed = Http1Codec::isRequest(answer) ? Http1Codec::bodyOf(answer) : QByteArray();
    const QByteArrayView body = Http1Codec::isRequest(answer) ? QByteArrayView(echoed) : answer;
    if (body.size() > codec.maxPayload())
        return false;
    out.append("HTTP/1.1 200 OK\r\nContent-Length: ");
    out.append(QByteArray::number(body.size()));
    out.append(closing ? "\r\nConnection: close\r\n\r\n" : "\r\n\r\n");
    if (!head)
        out.append(body);
    if (bodySize)
        *bodySize = head ? 0 : body.size();
    return true;
}

} // namespace NetCore
