// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "codec/framecodec.h"

namespace NetCore {

/**
 * resp: one RESP2 or RESP3 value is one frame (Redis and the servers that speak its
 * protocol): simple strings, errors, integers, bulk strings and errors, arrays, and
 * RESP3's nulls, booleans, doubles, big numbers, verbatim strings, maps, sets, pushes
 * and attributes (an attribute and the value it annotates are one frame). A bulk
 * string may hold CR LF and aggregates nest, which no length field or separator
 * describes.
 *
 * The payload is the whole value as on the wire. Limits are checked while reading,
 * before anything larger is buffered: the frame's size (the maximum payload), a bulk
 * string's declared length, the nesting depth and an aggregate's element count. Every
 * error is fatal: past a malformed value the stream cannot be trusted. A message is
 * sent as written (a template holds the RESP bytes).
 */
class RespCodec final : public FrameCodec
{
public:
    static constexpr int MaxDepth = 32;
    static constexpr qint64 MaxElements = 1 << 20; // per aggregate
    static constexpr qsizetype MaxLine = 64 * 1024; // a simple value's line

    explicit RespCodec(qsizetype maxPayload);
    Framing framing() const override { return Framing::Resp; }
    qsizetype maxPayload() const override { return m_maxPayload; }
    qsizetype encodedSize(qsizetype payloadSize) const override { return payloadSize; }
    DecodeResult decode(QByteArrayView input, Frame &frame) const override;
    FrameError encode(const Frame &frame, QByteArray &out) const override;

    /** True if `payload` is a server error reply (`-ERR ...`, RESP3's `!` bulk error). */
    static bool isErrorReply(QByteArrayView payload)
    {
        return !payload.isEmpty() && (payload.front() == '-' || payload.front() == '!');
    }

private:
    qsizetype m_maxPayload;
};

} // namespace NetCore
