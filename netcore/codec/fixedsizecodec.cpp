// SPDX-License-Identifier: GPL-3.0-or-later
#include "codec/fixedsizecodec.h"

#include <algorithm>

namespace NetCore {

FixedSizeCodec::FixedSizeCodec(qsizetype frameSize)
    : m_frameSize(std::max<qsizetype>(frameSize, 1))
{
}

DecodeResult FixedSizeCodec::decode(QByteArrayView input, Frame &frame) const
{
    frame = Frame{};
    if (input.size() < m_frameSize)
        return DecodeResult::incomplete(m_frameSize);
    frame.payload = input.first(m_frameSize);
    return DecodeResult::complete(m_frameSize);
}

FrameError FixedSizeCodec::encode(const Frame &frame, QByteArray &out) const
{
    if (frame.payload.size() != m_frameSize)
        return frame.payload.size() > m_frameSize ? FrameError::TooLarge : FrameError::WrongSize;
    out.append(frame.payload);
    return FrameError::None;
}

} // namespace NetCore
