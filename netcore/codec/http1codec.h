// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "codec/framecodec.h"

namespace NetCore {

/**
 * http1: one HTTP/1.1 (or 1.0) message is one frame: requests on a server, responses
 * on a fleet (a message starting "HTTP/" is a response). The body is delimited by
 * Content-Length or the chunked transfer coding (trailers included); responses to
 * HEAD, 1xx, 204 and 304 have none. Interim 1xx responses (100 Continue) are part of
 * the frame of the final response that follows them. A response whose body would end
 * only when the connection closes is refused (unbounded-body): a fleet could not tell
 * its end from a lost connection.
 *
 * The payload is the whole message as on the wire. Decoding sets `status` (the final
 * response's code), FrameFlag::CloseAfter when the message ends its connection
 * (Connection: close, HTTP/1.0 without keep-alive) and FrameFlag::HeadRequest on a
 * HEAD request. Every error is fatal.
 *
 * Encoding sends a whole message as it is, and completes one that is not: the blank line
 * ending the head when missing, and Content-Length when the message has a body (or is
 * a POST, PUT or PATCH, or a response other than 1xx, 204 and 304) and says nothing of
 * its length.
 */
class Http1Codec final : public FrameCodec
{
public:
    /** `headResponses`: responses answer HEAD requests, so carry no body whatever their fields say. */
    explicit Http1Codec(qsizetype maxPayload, bool headResponses = false);
    Framing framing() const override { return Framing::Http1; }
    qsizetype maxPayload() const override { return m_maxPayload; }
    /** Exact for a whole message (sent as it is); a message encoding completes is longer. */
    qsizetype encodedSize(qsizetype payloadSize) const override { return payloadSize; }
    DecodeResult decode(QByteArrayView input, Frame &frame) const override;
    FrameError encode(const Frame &frame, QByteArray &out) const override;

    /** The body of the complete message `message` (de-chunked when chunked, which copies). */
    static QByteArray bodyOf(QByteArrayView message);
    /** True when `message` is a request line and fields (as written, before encoding). */
    static bool isRequest(QByteArrayView message);

private:
    qsizetype m_maxPayload;
    bool m_headResponses;
};

} // namespace NetCore
