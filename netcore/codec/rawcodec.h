// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "codec/framecodec.h"

namespace NetCore {

/**
 * Raw bytes, no framing: a "frame" is whatever has arrived, up to the maximum chunk
 * size (the rest is the next frame). Nothing is ever refused when decoding.
 */
class RawCodec final : public FrameCodec
{
public:
    static constexpr qsizetype DefaultMaxChunk = 64 * 1024;

    explicit RawCodec(qsizetype maxChunk = DefaultMaxChunk);

    Framing framing() const override { return Framing::Raw; }
    qsizetype maxPayload() const override { return m_maxChunk; }
    qsizetype encodedSize(qsizetype payloadSize) const override { return payloadSize; }
    DecodeResult decode(QByteArrayView input, Frame &frame) const override;
    FrameError encode(const Frame &frame, QByteArray &out) const override;

private:
    qsizetype m_maxChunk;
};

} // namespace NetCore
