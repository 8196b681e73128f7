// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "codec/framecodec.h"

namespace NetCore {

/**
 * varint:OFFSET: OFFSET header bytes, then the size of the rest as a base-128 varint
 * (7 bits a byte, low group first, the top bit set on every byte but the last, at
 * most 4 bytes), then that many bytes; the payload is the whole frame. MQTT is
 * varint:1 (C0 00 is a PINGREQ), a protobuf delimited stream varint:0.
 *
 * A size over four bytes is BadLength; a frame over the maximum TooLarge, from the
 * header alone. encode() rewrites the size from what follows it, so a message only
 * needs a valid varint there (00 will do).
 */
class VarintCodec final : public FrameCodec
{
public:
    static constexpr int MaxBytes = 4;
    static constexpr qsizetype MaxValue = (qsizetype(1) << (7 * MaxBytes)) - 1;

    VarintCodec(int offset, qsizetype maxFrame);

    Framing framing() const override { return Framing::varint(m_offset); }
    qsizetype maxPayload() const override { return m_maxFrame; }
    qsizetype encodedSize(qsizetype payloadSize) const override { return payloadSize; }
    DecodeResult decode(QByteArrayView input, Frame &frame) const override;
    FrameError encode(const Frame &frame, QByteArray &out) const override;

    struct Size {
        qsizetype value = 0;
        int bytes = 0;          // 0: incomplete
        bool valid = true;      // false: over MaxBytes
    };
    /** Reads the varint at the front of `bytes`. */
    static Size readSize(QByteArrayView bytes);

private:
    int m_offset;
    qsizetype m_maxFrame;
};

} // namespace NetCore
