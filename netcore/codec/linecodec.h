// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "codec/framecodec.h"

namespace NetCore {

/**
 * Newline-delimited lines. A line ends at "\n"; a "\r" just before it is dropped, so
 * "\r\n" peers work. The maximum applies to the line without its terminator; a longer
 * one is TooLarge (fatal) as soon as the decoder can tell, without buffering more.
 * Encoding appends "\n" and refuses a payload that contains one.
 */
class LineCodec final : public FrameCodec
{
public:
    static constexpr qsizetype DefaultMaxLength = 64 * 1024;

    explicit LineCodec(qsizetype maxLength = DefaultMaxLength);

    Framing framing() const override { return Framing::Line; }
    qsizetype maxPayload() const override { return m_maxLength; }
    qsizetype encodedSize(qsizetype payloadSize) const override { return payloadSize + 1; }
    DecodeResult decode(QByteArrayView input, Frame &frame) const override;
    FrameError encode(const Frame &frame, QByteArray &out) const override;

private:
    qsizetype m_maxLength;
};

} // namespace NetCore
