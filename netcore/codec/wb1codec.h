// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "codec/framecodec.h"

namespace NetCore {

/**
 * WB1, the Wirebench framing (docs/protocol.md): a 28-byte big-endian header, the
 * payload, and a CRC-32C trailer over both.
 *
 * Magic and version are checked as soon as their bytes arrive (their errors carry
 * sequence 0 whatever follows); every other check waits for the whole header, so
 * how the bytes were split across reads never changes the result.
 *
 * encode() writes the fields exactly as given, even an unknown type or flag, so
 * that tests and the composer can put deliberately wrong frames on the wire.
 */
class Wb1Codec final : public FrameCodec
{
public:
    static constexpr qsizetype HeaderSize = 28;
    static constexpr qsizetype TrailerSize = 4;
    static constexpr quint8 Magic0 = 0x57;
    static constexpr quint8 Magic1 = 0x42;
    static constexpr quint8 Version = 1;
    static constexpr qsizetype DefaultMaxPayload = 16 * 1024 * 1024;

    explicit Wb1Codec(qsizetype maxPayload = DefaultMaxPayload);

    Framing framing() const override { return Framing::Wb1; }
    qsizetype maxPayload() const override { return m_maxPayload; }
    qsizetype encodedSize(qsizetype payloadSize) const override { return HeaderSize + payloadSize + TrailerSize; }
    DecodeResult decode(QByteArrayView input, Frame &frame) const override;
    FrameError encode(const Frame &frame, QByteArray &out) const override;
    bool matchesBySequence() const override { return true; }

private:
    qsizetype m_maxPayload;
};

} // namespace NetCore
