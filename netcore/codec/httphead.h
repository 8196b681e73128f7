// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "codec/decoderesult.h"

#include <QByteArrayView>

namespace NetCore {

/**
 * The head of one HTTP/1.x message (RFC 9112): its start line and the header fields
 * the framing needs, read strictly (CR LF line ends, no folded lines, token names).
 * Views point into the bytes parsed.
 */
struct HttpHead {
    static constexpr qsizetype MaxHeadSize = 64 * 1024; // start line, fields and the blank line
    static constexpr int MaxFields = 100;

    bool response = false;
    int status = 0;              // responses
    QByteArrayView method;       // requests
    QByteArrayView target;       // requests
    int minorVersion = 1;        // HTTP/1.0 or HTTP/1.1
    qsizetype size = 0;          // bytes of the head, blank line included
    QByteArrayView fields;       // the field lines, each ending in CR LF
    qint64 contentLength = -1;   // -1: none given
    bool chunked = false;        // Transfer-Encoding ends in chunked
    bool otherCoding = false;    // Transfer-Encoding without chunked last: length unknown
    bool closeAfter = false;     // Connection: close, or HTTP/1.0 without keep-alive

    /**
     * Parses the head at the front of `input`: Complete with `consumed` the head's
     * size, Incomplete, or Failed (bad-syntax, bad-version, bad-length, too-large,
     * too-many-elements). A head longer than `limit` (or MaxHeadSize) is too large;
     * every error is found at the same byte however the input was cut.
     */
    static DecodeResult parse(QByteArrayView input, HttpHead &head, qsizetype limit = MaxHeadSize);

    /** True when `bytes` starts like a response ("HTTP/"). */
    static bool looksLikeResponse(QByteArrayView bytes) { return bytes.startsWith("HTTP/"); }

    /** The value of field `name` (given in lower case; matched ignoring case) among `fields`, trimmed; null if absent. */
    static QByteArrayView field(QByteArrayView fields, QByteArrayView name);
};

/**
 * Scans a chunked body (RFC 9112 7.1) starting at `start`, trailers included:
 * Complete with `consumed` the offset just past it, Incomplete, or Failed
 * (bad-length for a malformed size, bad-syntax, too-large past `limit`).
 */
DecodeResult scanChunkedBody(QByteArrayView input, qsizetype start, qsizetype limit);

} // namespace NetCore
