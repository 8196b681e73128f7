// SPDX-License-Identifier: GPL-3.0-or-later
#include "codec/framing.h"

#include "codec/lengthprefixcodec.h"
#include "codec/linecodec.h"
#include "codec/rawcodec.h"
#include "codec/wb1codec.h"

namespace NetCore {

QString framingName(Framing framing)
{
    switch (framing) {
    case Framing::Wb1: return QStringLiteral("wb1");
    case Framing::Line: return QStringLiteral("line");
    case Framing::Len2Be: return QStringLiteral("len2be");
    case Framing::Len2Le: return QStringLiteral("len2le");
    case Framing::Len4Be: return QStringLiteral("len4be");
    case Framing::Len4Le: return QStringLiteral("len4le");
    case Framing::Raw: return QStringLiteral("raw");
    }
    return QStringLiteral("wb1");
}

std::optional<Framing> parseFraming(QStringView name)
{
    for (Framing framing : allFramings) {
        if (name.compare(framingName(framing), Qt::CaseInsensitive) == 0)
            return framing;
    }
    return std::nullopt;
}

qsizetype defaultMaxPayload(Framing framing)
{
    switch (framing) {
    case Framing::Wb1:
    case Framing::Len4Be:
    case Framing::Len4Le: return Wb1Codec::DefaultMaxPayload;
    case Framing::Len2Be:
    case Framing::Len2Le: return 0xFFFF;
    case Framing::Line: return LineCodec::DefaultMaxLength;
    case Framing::Raw: return RawCodec::DefaultMaxChunk;
    }
    return Wb1Codec::DefaultMaxPayload;
}

qsizetype framingPayloadLimit(Framing framing)
{
    switch (framing) {
    case Framing::Len2Be:
    case Framing::Len2Le: return 0xFFFF;
    case Framing::Wb1:
    case Framing::Len4Be:
    case Framing::Len4Le: return qsizetype(0xFFFFFFFFu);
    case Framing::Line:
    case Framing::Raw: break;
    }
    // No wire limit; keep a bound so that buffers stay bounded too.
    return qsizetype(1) << 30;
}

std::shared_ptr<const FrameCodec> makeCodec(Framing framing, qsizetype maxPayload)
{
    if (maxPayload <= 0)
        maxPayload = defaultMaxPayload(framing);
    using Width = LengthPrefixCodec::Width;
    using Order = LengthPrefixCodec::ByteOrder;
    switch (framing) {
    case Framing::Wb1: return std::make_shared<Wb1Codec>(maxPayload);
    case Framing::Line: return std::make_shared<LineCodec>(maxPayload);
    case Framing::Len2Be: return std::make_shared<LengthPrefixCodec>(Width::TwoBytes, Order::BigEndian, maxPayload);
    case Framing::Len2Le: return std::make_shared<LengthPrefixCodec>(Width::TwoBytes, Order::LittleEndian, maxPayload);
    case Framing::Len4Be: return std::make_shared<LengthPrefixCodec>(Width::FourBytes, Order::BigEndian, maxPayload);
    case Framing::Len4Le: return std::make_shared<LengthPrefixCodec>(Width::FourBytes, Order::LittleEndian, maxPayload);
    case Framing::Raw: return std::make_shared<RawCodec>(maxPayload);
    }
    return std::make_shared<Wb1Codec>(maxPayload);
}

} // namespace NetCore
