// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "codec/frame.h"

#include <QByteArray>

namespace NetCore {

class FrameCodec;

/**
 * How a test server speaking http1 turns its behaviour's answer into a response:
 *  - an answer that is a whole response ("HTTP/1.1 404 Not Found\r\n...") is sent as
 *    written, completed by the codec (Content-Length);
 *  - an answer that is a request (an echo) is answered 200 with that request's body;
 *  - any other answer is the body of a 200 response.
 * A HEAD request gets the head alone; a request that ends its connection gets
 * "Connection: close" (the server then closes after the response).
 */
class HttpReply
{
public:
    /** Appends the response to `request`; the size of its body in `bodySize`. False if it could not be encoded. */
    static bool append(const Frame &request, QByteArrayView answer, const FrameCodec &codec, QByteArray &out,
                       qsizetype *bodySize = nullptr);
};

} // namespace NetCore
