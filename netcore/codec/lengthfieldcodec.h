// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "codec/framecodec.h"

namespace NetCore {

/**
 * length:OFFSET:SIZE:ORDER[:ADJUST], Netty's LengthFieldBasedFrameDecoder model: an
 * unsigned length field of SIZE bytes (1, 2, 3, 4 or 8) at OFFSET, big- or
 * little-endian; the frame is OFFSET + SIZE + value + ADJUST bytes, and its payload
 * is the whole frame, header included. Worked examples (docs/protocols.md):
 *
 *   Modbus/TCP  length:4:2:be       00 01 00 00 | 00 06 | 01 03 00 00 00 01
 *   PostgreSQL  length:1:4:be:-4    51 | 00 00 00 0d | "SELECT 1" 00 (counts itself)
 *   MySQL       length:0:3:le:1     0a 00 00 | 00 | ... (a sequence byte after it)
 *   DNS/TCP     length:0:2:be       00 1d | 29 bytes of message
 *
 * A frame over the maximum is TooLarge, and one shorter than its own header BadLength,
 * both from the header alone. encode() writes the length field from the payload's
 * real size, so a message may leave it zero.
 */
class LengthFieldCodec final : public FrameCodec
{
public:
    LengthFieldCodec(const Framing &framing, qsizetype maxFrame);

    Framing framing() const override { return m_framing; }
    qsizetype maxPayload() const override { return m_maxFrame; }
    qsizetype encodedSize(qsizetype payloadSize) const override { return payloadSize; }
    DecodeResult decode(QByteArrayView input, Frame &frame) const override;
    FrameError encode(const Frame &frame, QByteArray &out) const override;

private:
    qsizetype headerSize() const { return m_framing.offset() + m_framing.fieldSize(); }

    Framing m_framing;
    qsizetype m_maxFrame;
};

} // namespace NetCore
