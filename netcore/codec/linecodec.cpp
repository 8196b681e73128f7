// SPDX-License-Identifier: GPL-3.0-or-later
#include "codec/linecodec.h"

#include <algorithm>
#include <cstring>

namespace NetCore {

LineCodec::LineCodec(qsizetype maxLength)
    : m_maxLength(std::clamp<qsizetype>(maxLength, 0, framingPayloadLimit(Framing::Line)))
{
}

DecodeResult LineCodec::decode(QByteArrayView input, Frame &frame) const
{
    frame = Frame{};
    if (input.isEmpty())
        return DecodeResult::incomplete(1); // and memchr must never see a null pointer
    // The longest acceptable frame is the line, "\r" and "\n": never look further.
    const qsizetype window = std::min(input.size(), m_maxLength + 2);
    const auto *newline = static_cast<const char *>(std::memchr(input.data(), '\n', size_t(window)));
    if (!newline) {
        const bool overLimit = input.size() >= m_maxLength + 2
            || (input.size() == m_maxLength + 1 && input.back() != '\r');
        if (overLimit)
            return DecodeResult::failed(FrameError::TooLarge);
        return DecodeResult::incomplete(input.size() + 1);
    }

    const qsizetype terminator = newline - input.data();
    qsizetype length = terminator;
    if (length > 0 && input[length - 1] == '\r')
        --length;
    if (length > m_maxLength)
        return DecodeResult::failed(FrameError::TooLarge);
    frame.payload = input.first(length);
    return DecodeResult::complete(terminator + 1);
}

FrameError LineCodec::encode(const Frame &frame, QByteArray &out) const
{
    if (frame.payload.size() > m_maxLength)
        return FrameError::TooLarge;
    if (frame.payload.contains('\n'))
        return FrameError::NewlineInPayload;
    out.append(frame.payload);
    out.append('\n');
    return FrameError::None;
}

} // namespace NetCore
