// SPDX-License-Identifier: GPL-3.0-or-later
#include "codec/lengthfieldcodec.h"

#include <algorithm>

namespace NetCore {

namespace {

quint64 readField(const uchar *bytes, int size, Framing::ByteOrder order)
{
    quint64 value = 0;
    for (int i = 0; i < size; ++i) {
        const int index = order == Framing::ByteOrder::BigEndian ? i : size - 1 - i;
        value = (value << 8) | bytes[index];
    }
    return value;
}

void writeField(uchar *bytes, int size, Framing::ByteOrder order, quint64 value)
{
    for (int i = 0; i < size; ++i) {
        const int index = order == Framing::ByteOrder::BigEndian ? size - 1 - i : i;
        bytes[index] = uchar(value & 0xFF);
        value >>= 8;
    }
}

} // namespace

LengthFieldCodec::LengthFieldCodec(const Framing &framing, qsizetype maxFrame)
    : m_framing(framing)
    , m_maxFrame(std::clamp<qsizetype>(maxFrame, 0, framingPayloadLimit(framing)))
{
}

DecodeResult LengthFieldCodec::decode(QByteArrayView input, Frame &frame) const
{
    frame = Frame{};
    const qsizetype header = headerSize();
    // A maximum below the header admits no frame: said at once, nothing buffered.
    if (header > m_maxFrame)
        return DecodeResult::failed(FrameError::TooLarge);
    if (input.size() < header)
        return DecodeResult::incomplete(header);
    const quint64 value = readField(reinterpret_cast<const uchar *>(input.data()) + m_framing.offset(),
                                    m_framing.fieldSize(), m_framing.byteOrder());
    // Checked before any arithmetic that could overflow: no frame is larger than the maximum.
    if (value > quint64(m_maxFrame) + quint64(std::max(0, -m_framing.adjust())))
        return DecodeResult::failed(FrameError::TooLarge);
    const qsizetype total = header + qsizetype(value) + m_framing.adjust();
    if (total < header)
        return DecodeResult::failed(FrameError::BadLength);
    if (total > m_maxFrame)
        return DecodeResult::failed(FrameError::TooLarge);
    if (input.size() < total)
        return DecodeResult::incomplete(total);
    frame.payload = input.first(total);
    return DecodeResult::complete(total);
}

FrameError LengthFieldCodec::encode(const Frame &frame, QByteArray &out) const
{
    const qsizetype total = frame.payload.size();
    if (total > m_maxFrame)
        return FrameError::TooLarge;
    const qsizetype value = total - headerSize() - m_framing.adjust();
    if (total < headerSize() || value < 0)
        return FrameError::BadLength;
    if (m_framing.fieldSize() < 8 && quint64(value) >> (8 * m_framing.fieldSize()) != 0)
        return FrameError::TooLarge;
    const qsizetype start = out.size();
    out.append(frame.payload);
    writeField(reinterpret_cast<uchar *>(out.data()) + start + m_framing.offset(), m_framing.fieldSize(),
               m_framing.byteOrder(), quint64(value));
    return FrameError::None;
}

} // namespace NetCore
