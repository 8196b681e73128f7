// SPDX-License-Identifier: GPL-3.0-or-later
#include "codec/lengthprefixcodec.h"

#include <QtEndian>

#include <algorithm>
#include <cstring>

namespace NetCore {

LengthPrefixCodec::LengthPrefixCodec(Width width, ByteOrder byteOrder, qsizetype maxPayload)
    : m_width(width)
    , m_byteOrder(byteOrder)
{
    const Framing kind = framing();
    m_maxPayload = std::clamp<qsizetype>(maxPayload, 0, framingPayloadLimit(kind));
}

Framing LengthPrefixCodec::framing() const
{
    const bool big = m_byteOrder == ByteOrder::BigEndian;
    if (m_width == Width::TwoBytes)
        return big ? Framing::Len2Be : Framing::Len2Le;
    return big ? Framing::Len4Be : Framing::Len4Le;
}

DecodeResult LengthPrefixCodec::decode(QByteArrayView input, Frame &frame) const
{
    frame = Frame{};
    const qsizetype prefix = prefixSize();
    if (input.size() < prefix)
        return DecodeResult::incomplete(prefix);

    const auto *bytes = reinterpret_cast<const uchar *>(input.data());
    const bool big = m_byteOrder == ByteOrder::BigEndian;
    qsizetype length;
    if (m_width == Width::TwoBytes)
        length = big ? qFromBigEndian<quint16>(bytes) : qFromLittleEndian<quint16>(bytes);
    else
        length = big ? qFromBigEndian<quint32>(bytes) : qFromLittleEndian<quint32>(bytes);

    if (length > m_maxPayload)
        return DecodeResult::failed(FrameError::TooLarge);
    if (input.size() < prefix + length)
        return DecodeResult::incomplete(prefix + length);
    frame.payload = input.sliced(prefix, length);
    return DecodeResult::complete(prefix + length);
}

FrameError LengthPrefixCodec::encode(const Frame &frame, QByteArray &out) const
{
    const qsizetype length = frame.payload.size();
    if (length > m_maxPayload)
        return FrameError::TooLarge;

    const qsizetype start = out.size();
    out.resize(start + prefixSize() + length);
    auto *bytes = reinterpret_cast<uchar *>(out.data()) + start;
    const bool big = m_byteOrder == ByteOrder::BigEndian;
    if (m_width == Width::TwoBytes) {
        big ? qToBigEndian<quint16>(quint16(length), bytes) : qToLittleEndian<quint16>(quint16(length), bytes);
    } else {
        big ? qToBigEndian<quint32>(quint32(length), bytes) : qToLittleEndian<quint32>(quint32(length), bytes);
    }
    if (length > 0)
        std::memcpy(bytes + prefixSize(), frame.payload.data(), size_t(length));
    return FrameError::None;
}

} // namespace NetCore
