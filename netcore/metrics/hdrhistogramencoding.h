// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "metrics/latencyhistogram.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <optional>

namespace NetCore {

/**
 * HdrHistogram's V2 encoding of a histogram, the form its interval logs carry
 * (docs/distributed.md has the layout): a 40-byte big-endian header (cookie, payload
 * length, normalizing offset, significant digits, lowest discernible and highest
 * trackable value, integer-to-double ratio), then the counts from index 0 to the
 * maximum's, each a ZigZag LEB128 value of at most 9 bytes, a run of two or more
 * empty buckets written as its negated length. The compressed form wraps that in a
 * zlib (DEFLATE) stream behind its own 8-byte header.
 *
 * A LatencyHistogram encodes as lowest 1, 3 significant digits: HdrHistogram's layout
 * for those settings is this one's, index for index. Decoding takes any layout
 * (other lowest values and digits are mapped bucket by bucket, to this histogram's
 * precision); the input is a peer's, so every length is checked and the expanded
 * size is bounded.
 */
class HdrHistogramEncoding
{
public:
    static QByteArray encode(const LatencyHistogram &histogram);
    static QByteArray encodeCompressed(const LatencyHistogram &histogram);
    /** Either form (the cookie tells which); nullopt with *error naming what is wrong. */
    static std::optional<LatencyHistogram> decode(QByteArrayView bytes, QString *error);

    static constexpr quint32 Cookie = 0x1c849303 | 0x10;
    static constexpr quint32 CompressedCookie = 0x1c849304 | 0x10;
    /** The most a compressed histogram may expand to (every count of a 64-bit range takes under 1 MiB). */
    static constexpr qsizetype MaxDecodedBytes = 4 * 1024 * 1024;
};

} // namespace NetCore
