// SPDX-License-Identifier: GPL-3.0-or-later
#include "codec/wb1codec.h"

#include "codec/crc32c.h"

#include <QtEndian>

#include <algorithm>
#include <cstring>

namespace NetCore {

namespace {

constexpr quint16 KnownFlags = FrameFlag::NoReply;

bool isKnownType(quint8 type)
{
    return type >= quint8(FrameType::Data) && type <= quint8(FrameType::Error);
}

} // namespace

Wb1Codec::Wb1Codec(qsizetype maxPayload)
    : m_maxPayload(std::clamp<qsizetype>(maxPayload, 0, framingPayloadLimit(Framing::Wb1)))
{
}

DecodeResult Wb1Codec::decode(QByteArrayView input, Frame &frame) const
{
    const auto *bytes = reinterpret_cast<const uchar *>(input.data());
    const qsizetype available = input.size();
    frame = Frame{};

    if ((available >= 1 && bytes[0] != Magic0) || (available >= 2 && bytes[1] != Magic1))
        return DecodeResult::failed(FrameError::BadMagic);
    if (available >= 3 && bytes[2] != Version)
        return DecodeResult::failed(FrameError::BadVersion);
    // Until magic and version are in, every byte can decide: ask for them one by one.
    if (available < 3)
        return DecodeResult::incomplete(available + 1);
    if (available < HeaderSize)
        return DecodeResult::incomplete(HeaderSize);

    frame.type = bytes[3];
    frame.flags = qFromBigEndian<quint16>(bytes + 4);
    const quint16 reserved = qFromBigEndian<quint16>(bytes + 6);
    const quint32 length = qFromBigEndian<quint32>(bytes + 8);
    frame.sequence = qFromBigEndian<quint64>(bytes + 12);
    frame.timestamp = qFromBigEndian<quint64>(bytes + 20);

    if (frame.flags & ~KnownFlags)
        return DecodeResult::failed(FrameError::BadFlags);
    if (reserved != 0)
        return DecodeResult::failed(FrameError::BadReserved);
    if (qsizetype(length) > m_maxPayload)
        return DecodeResult::failed(FrameError::TooLarge);

    const qsizetype total = encodedSize(length);
    if (available < total)
        return DecodeResult::incomplete(total);

    const quint32 expected = qFromBigEndian<quint32>(bytes + HeaderSize + length);
    if (Crc32c::compute(bytes, HeaderSize + length) != expected)
        return DecodeResult::failed(FrameError::BadChecksum);

    frame.payload = input.sliced(HeaderSize, length);
    if (!isKnownType(frame.type))
        return DecodeResult::failed(FrameError::UnknownType, total);
    return DecodeResult::complete(total);
}

FrameError Wb1Codec::encode(const Frame &frame, QByteArray &out) const
{
    const qsizetype length = frame.payload.size();
    if (length > m_maxPayload)
        return FrameError::TooLarge;

    const qsizetype start = out.size();
    out.resize(start + encodedSize(length));
    auto *bytes = reinterpret_cast<uchar *>(out.data()) + start;
    bytes[0] = Magic0;
    bytes[1] = Magic1;
    bytes[2] = Version;
    bytes[3] = frame.type;
    qToBigEndian<quint16>(frame.flags, bytes + 4);
    qToBigEndian<quint16>(0, bytes + 6);
    qToBigEndian<quint32>(quint32(length), bytes + 8);
    qToBigEndian<quint64>(frame.sequence, bytes + 12);
    qToBigEndian<quint64>(frame.timestamp, bytes + 20);
    if (length > 0)
        std::memcpy(bytes + HeaderSize, frame.payload.data(), size_t(length));
    qToBigEndian<quint32>(Crc32c::compute(bytes, HeaderSize + length), bytes + HeaderSize + length);
    return FrameError::None;
}

} // namespace NetCore
