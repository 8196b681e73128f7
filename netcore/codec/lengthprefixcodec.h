// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "codec/framecodec.h"

namespace NetCore {

/**
 * A plain length prefix of 2 or 4 bytes, big- or little-endian, then the payload.
 * A length over the maximum is TooLarge (fatal) from the prefix alone.
 */
class LengthPrefixCodec final : public FrameCodec
{
public:
    enum class Width : quint8 { TwoBytes = 2, FourBytes = 4 };
    enum class ByteOrder : quint8 { BigEndian, LittleEndian };

    LengthPrefixCodec(Width width, ByteOrder byteOrder, qsizetype maxPayload);

    Framing framing() const override;
    qsizetype maxPayload() const override { return m_maxPayload; }
    qsizetype encodedSize(qsizetype payloadSize) const override { return prefixSize() + payloadSize; }
    DecodeResult decode(QByteArrayView input, Frame &frame) const override;
    FrameError encode(const Frame &frame, QByteArray &out) const override;

private:
    qsizetype prefixSize() const { return qsizetype(m_width); }

    Width m_width;
    ByteOrder m_byteOrder;
    qsizetype m_maxPayload;
};

} // namespace NetCore
