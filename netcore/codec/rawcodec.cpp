// SPDX-License-Identifier: GPL-3.0-or-later
#include "codec/rawcodec.h"

#include <algorithm>

namespace NetCore {

RawCodec::RawCodec(qsizetype maxChunk)
    // A zero chunk would never make progress: at least one byte per frame.
    : m_maxChunk(std::clamp<qsizetype>(maxChunk, 1, framingPayloadLimit(Framing::Raw)))
{
}

DecodeResult RawCodec::decode(QByteArrayView input, Frame &frame) const
{
    frame = Frame{};
    if (input.isEmpty())
        return DecodeResult::incomplete(1);
    const qsizetype taken = std::min(input.size(), m_maxChunk);
    frame.payload = input.first(taken);
    return DecodeResult::complete(taken);
}

FrameError RawCodec::encode(const Frame &frame, QByteArray &out) const
{
    if (frame.payload.size() > m_maxChunk)
        return FrameError::TooLarge;
    out.append(frame.payload);
    return FrameError::None;
}

} // namespace NetCore
