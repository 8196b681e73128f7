// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "codec/decoderesult.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>

namespace NetCore {

/**
 * The HTTP/1.1 upgrade that opens a WebSocket connection (RFC 6455 section 4), both
 * ends: the client's request and the check of the server's 101 (its
 * Sec-WebSocket-Accept must be the key's), and the server's reading of a request and
 * its answer. What follows the head on the wire is WebSocket frames.
 */
class WebSocketHandshake
{
public:
    /** A fresh Sec-WebSocket-Key: 16 random bytes in base64. */
    static QByteArray newKey();
    /** The Sec-WebSocket-Accept a server answers `key` with. */
    static QByteArray acceptFor(QByteArrayView key);

    /** The client's request for `path` on `host`, with extra header lines ("Name: value"). */
    static QByteArray request(QByteArrayView host, QByteArrayView path, const QList<QByteArray> &headers,
                              QByteArrayView key);
    /**
     * Reads the server's answer to `key` at the front of `input`: Complete with
     * `consumed` its head's size, Incomplete, or Failed with `problem` saying what was
     * wrong ("the server answered 404 Not Found", "Sec-WebSocket-Accept is ...").
     */
    static DecodeResult readResponse(QByteArrayView input, QByteArrayView key, QString *problem);

    /**
     * Reads a client's upgrade request at the front of `input`: Complete with
     * `response` the 101 to send, Incomplete, or Failed with `response` a 400 (or 426)
     * saying why, and `problem` the same for the server's counters.
     */
    static DecodeResult readRequest(QByteArrayView input, QByteArray *response, QString *problem);
};

} // namespace NetCore
