// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "codec/framecodec.h"

namespace NetCore {

/**
 * delim:SEP: a frame is the bytes before SEP (any bytes, e.g. \r\n, \x03, END\r\n);
 * SEP is not part of the payload, as a line's newline is not. A frame longer than the
 * maximum is TooLarge as soon as that many bytes came without SEP; a payload holding
 * SEP cannot be sent (SeparatorInPayload).
 */
class DelimiterCodec final : public FrameCodec
{
public:
    DelimiterCodec(const QByteArray &separator, qsizetype maxPayload);

    Framing framing() const override { return Framing::delimited(m_separator); }
    qsizetype maxPayload() const override { return m_maxPayload; }
    qsizetype encodedSize(qsizetype payloadSize) const override { return payloadSize + m_separator.size(); }
    DecodeResult decode(QByteArrayView input, Frame &frame) const override;
    FrameError encode(const Frame &frame, QByteArray &out) const override;

private:
    QByteArray m_separator;
    qsizetype m_maxPayload;
};

} // namespace NetCore
