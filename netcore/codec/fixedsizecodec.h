// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "codec/framecodec.h"

namespace NetCore {

/** fixed:N: every frame is N bytes, all of them payload; any other size cannot be sent (WrongSize). */
class FixedSizeCodec final : public FrameCodec
{
public:
    explicit FixedSizeCodec(qsizetype frameSize);

    Framing framing() const override { return Framing::fixed(m_frameSize); }
    qsizetype maxPayload() const override { return m_frameSize; }
    qsizetype encodedSize(qsizetype payloadSize) const override { return payloadSize; }
    DecodeResult decode(QByteArrayView input, Frame &frame) const override;
    FrameError encode(const Frame &frame, QByteArray &out) const override;

private:
    qsizetype m_frameSize;
};

} // namespace NetCore
