// SPDX-License-Identifier: GPL-3.0-or-later
#include "codec/varintcodec.h"

#include <algorithm>

namespace NetCore {

VarintCodec::VarintCodec(int offset, qsizetype maxFrame)
    : m_offset(offset)
    , m_maxFrame(std::clamp<qsizetype>(maxFrame, 0, framingPayloadLimit(Framing::varint(offset))))
{
}

VarintCodec::Size VarintCodec::readSize(QByteArrayView bytes)
{
    Size size;
    for (int i = 0; i < MaxBytes; ++i) {
        if (i >= bytes.size())
            return size; // incomplete
        const auto byte = uchar(bytes[i]);
        size.value |= qsizetype(byte & 0x7F) << (7 * i);
        if (!(byte & 0x80)) {
            size.bytes = i + 1;
            return size;
        }
    }
    size.valid = false;
    return size;
}

DecodeResult VarintCodec::decode(QByteArrayView input, Frame &frame) const
{
    frame = Frame{};
    // Whatever came and one more byte is the smallest frame still possible: past the
    // maximum, the peer is refused at once rather than buffered.
    if (input.size() <= m_offset)
        return m_offset + 1 > m_maxFrame ? DecodeResult::failed(FrameError::TooLarge)
                                         : DecodeResult::incomplete(m_offset + 1);
    const Size size = readSize(input.sliced(m_offset));
    // Over-long sizes are refused as the rule below would have refused their start when
    // it came alone, so that how the bytes were split never changes the verdict.
    if (!size.valid)
        return DecodeResult::failed(m_offset + 2 > m_maxFrame ? FrameError::TooLarge : FrameError::BadLength);
    if (size.bytes == 0)
        return input.size() + 1 > m_maxFrame ? DecodeResult::failed(FrameError::TooLarge)
                                             : DecodeResult::incomplete(input.size() + 1);
    const qsizetype total = m_offset + size.bytes + size.value;
    if (total > m_maxFrame)
        return DecodeResult::failed(FrameError::TooLarge);
    if (input.size() < total)
        return DecodeResult::incomplete(total);
    frame.payload = input.first(total);
    return DecodeResult::complete(total);
}

FrameError VarintCodec::encode(const Frame &frame, QByteArray &out) const
{
    const QByteArrayView payload = frame.payload;
    if (payload.size() <= m_offset)
        return FrameError::BadLength;
    const Size written = readSize(payload.sliced(m_offset));
    if (!written.valid || written.bytes == 0)
        return FrameError::BadLength;
    const QByteArrayView body = payload.sliced(m_offset + written.bytes);
    if (body.size() > MaxValue)
        return FrameError::TooLarge;
    uchar varint[MaxBytes];
    int length = 0;
    qsizetype value = body.size();
    do {
        varint[length] = uchar(value & 0x7F);
        value >>= 7;
        if (value)
            varint[length] |= 0x80;
        ++length;
    } while (value);
    if (m_offset + length + body.size() > m_maxFrame)
        return FrameError::TooLarge;
    out.append(payload.first(m_offset));
    out.append(reinterpret_cast<const char *>(varint), length);
    out.append(body);
    return FrameError::None;
}

} // namespace NetCore
