// SPDX-License-Identifier: GPL-3.0-or-later
#include "codec/framing.h"

#include "codec/delimitercodec.h"
#include "codec/fixedsizecodec.h"
#include "codec/http1codec.h"
#include "codec/lengthfieldcodec.h"
#include "codec/lengthprefixcodec.h"
#include "codec/linecodec.h"
#include "codec/rawcodec.h"
#include "codec/respcodec.h"
#include "codec/varintcodec.h"
#include "codec/websocketcodec.h"
#include "codec/wb1codec.h"
#include "text/escapedtext.h"

#include <QStringList>

namespace NetCore {

namespace {

constexpr int MaxOffset = 65535;
constexpr int MaxAdjust = 65535;
constexpr qsizetype MaxSeparator = 64;
// No wire limit: a bound all the same, so that buffers stay bounded.
constexpr qsizetype BufferBound = qsizetype(1) << 30;
constexpr qsizetype WholeFrameDefault = 16 * 1024 * 1024;

std::optional<int> integerIn(QStringView text, int minimum, int maximum)
{
    bool ok = false;
    const int value = text.toInt(&ok);
    if (!ok || value < minimum || value > maximum)
        return std::nullopt;
    return value;
}

} // namespace

Framing Framing::length(int offset, int fieldSize, ByteOrder order, int adjust)
{
    Framing framing(Length);
    framing.m_offset = offset;
    framing.m_fieldSize = fieldSize;
    framing.m_order = order;
    framing.m_adjust = adjust;
    return framing;
}

Framing Framing::varint(int offset)
{
    Framing framing(Varint);
    framing.m_offset = offset;
    return framing;
}

Framing Framing::delimited(const QByteArray &separator)
{
    Framing framing(Delimited);
    framing.m_separator = separator;
    return framing;
}

Framing Framing::fixed(qsizetype frameSize)
{
    Framing framing(Fixed);
    framing.m_frameSize = frameSize;
    return framing;
}

QString framingName(const Framing &framing)
{
    switch (framing.kind()) {
    case Framing::Wb1: return QStringLiteral("wb1");
    case Framing::Line: return QStringLiteral("line");
    case Framing::Len2Be: return QStringLiteral("len2be");
    case Framing::Len2Le: return QStringLiteral("len2le");
    case Framing::Len4Be: return QStringLiteral("len4be");
    case Framing::Len4Le: return QStringLiteral("len4le");
    case Framing::Raw: return QStringLiteral("raw");
    case Framing::Length: {
        QString name = QStringLiteral("length:%1:%2:%3")
                           .arg(framing.offset())
                           .arg(framing.fieldSize())
                           .arg(framing.byteOrder() == Framing::ByteOrder::BigEndian ? QStringLiteral("be")
                                                                                      : QStringLiteral("le"));
        if (framing.adjust() != 0)
            name += QStringLiteral(":%1").arg(framing.adjust());
        return name;
    }
    case Framing::Varint: return QStringLiteral("varint:%1").arg(framing.offset());
    case Framing::Delimited: return QStringLiteral("delim:") + EscapedText::format(framing.separator());
    case Framing::Fixed: return QStringLiteral("fixed:%1").arg(framing.frameSize());
    case Framing::Resp: return QStringLiteral("resp");
    case Framing::Http1: return QStringLiteral("http1");
    case Framing::WebSocket: return QStringLiteral("websocket");
    }
    return QStringLiteral("wb1");
}

QString framingSyntax()
{
    return QStringLiteral("wb1|line|len2be|len2le|len4be|len4le|raw|length:OFFSET:SIZE:be|le[:ADJUST]|varint:OFFSET|"
                          "delim:SEP|fixed:N|resp|http1|websocket");
}

std::optional<Framing> parseFraming(QStringView name, QString *error)
{
    auto fail = [&](const QString &why) -> std::optional<Framing> {
        if (error)
            *error = why;
        return std::nullopt;
    };
    for (Framing::Kind kind : allFramings) {
        if (name.compare(framingName(kind), Qt::CaseInsensitive) == 0)
            return Framing(kind);
    }
    const qsizetype colon = name.indexOf(QLatin1Char(':'));
    const QStringView word = colon < 0 ? name : name.first(colon);
    const QStringView rest = colon < 0 ? QStringView() : name.sliced(colon + 1);
    if (word.compare(QLatin1String("delim"), Qt::CaseInsensitive) == 0) {
        // The separator may hold ':' itself: everything after the first colon is it.
        QString why;
        const auto separator = EscapedText::parse(rest, &why);
        if (!separator)
            return fail(QStringLiteral("delim: %1").arg(why));
        if (separator->isEmpty())
            return fail(QStringLiteral("delim: the separator is empty (e.g. delim:\\r\\n)"));
        if (separator->size() > MaxSeparator)
            return fail(QStringLiteral("delim: the separator is longer than %1 bytes").arg(MaxSeparator));
        return Framing::delimited(*separator);
    }
    const QList<QStringView> parts = rest.isNull() ? QList<QStringView>() : rest.split(QLatin1Char(':'));
    if (word.compare(QLatin1String("length"), Qt::CaseInsensitive) == 0) {
        if (parts.size() < 3 || parts.size() > 4)
            return fail(QStringLiteral("length: expected length:OFFSET:SIZE:be|le[:ADJUST], e.g. length:0:2:be"));
        const auto offset = integerIn(parts[0], 0, MaxOffset);
        if (!offset)
            return fail(QStringLiteral("length: OFFSET must be 0 to %1; found '%2'").arg(MaxOffset).arg(parts[0]));
        const auto size = integerIn(parts[1], 1, 8);
        if (!size || *size == 5 || *size == 6 || *size == 7)
            return fail(QStringLiteral("length: SIZE must be 1, 2, 3, 4 or 8; found '%1'").arg(parts[1]));
        Framing::ByteOrder order;
        if (parts[2].compare(QLatin1String("be"), Qt::CaseInsensitive) == 0)
            order = Framing::ByteOrder::BigEndian;
        else if (parts[2].compare(QLatin1String("le"), Qt::CaseInsensitive) == 0)
            order = Framing::ByteOrder::LittleEndian;
        else
            return fail(QStringLiteral("length: ORDER must be be or le; found '%1'").arg(parts[2]));
        const auto adjust = parts.size() == 4 ? integerIn(parts[3], -MaxAdjust, MaxAdjust) : std::optional<int>(0);
        if (!adjust)
            return fail(QStringLiteral("length: ADJUST must be -%1 to %1; found '%2'").arg(MaxAdjust).arg(parts[3]));
        return Framing::length(*offset, *size, order, *adjust);
    }
    if (word.compare(QLatin1String("varint"), Qt::CaseInsensitive) == 0) {
        const auto offset = parts.size() == 1 ? integerIn(parts[0], 0, MaxOffset) : std::nullopt;
        if (!offset)
            return fail(QStringLiteral("varint: expected varint:OFFSET with OFFSET 0 to %1, e.g. varint:1").arg(MaxOffset));
        return Framing::varint(*offset);
    }
    if (word.compare(QLatin1String("fixed"), Qt::CaseInsensitive) == 0) {
        const auto size = parts.size() == 1 ? integerIn(parts[0], 1, int(WholeFrameDefault)) : std::nullopt;
        if (!size)
            return fail(QStringLiteral("fixed: expected fixed:N with N 1 to %1, e.g. fixed:16").arg(WholeFrameDefault));
        return Framing::fixed(*size);
    }
    return fail(QStringLiteral("expected one of %1; found '%2'").arg(framingSyntax(), name));
}

qsizetype framingPayloadLimit(const Framing &framing)
{
    switch (framing.kind()) {
    case Framing::Len2Be:
    case Framing::Len2Le: return 0xFFFF;
    case Framing::Wb1:
    case Framing::Len4Be:
    case Framing::Len4Le: return qsizetype(0xFFFFFFFFu);
    case Framing::Length: {
        // The header, the largest value the field holds, and the adjustment.
        const qsizetype header = framing.offset() + framing.fieldSize();
        const qsizetype largest = framing.fieldSize() >= 4 ? BufferBound : (qsizetype(1) << (8 * framing.fieldSize())) - 1;
        return std::clamp<qsizetype>(header + largest + framing.adjust(), 0, BufferBound);
    }
    case Framing::Varint: return framing.offset() + 4 + VarintCodec::MaxValue;
    case Framing::Fixed: return framing.frameSize();
    case Framing::Line:
    case Framing::Raw:
    case Framing::Delimited:
    case Framing::Resp:
    case Framing::Http1:
    case Framing::WebSocket: break;
    }
    return BufferBound;
}

qsizetype defaultMaxPayload(const Framing &framing)
{
    switch (framing.kind()) {
    case Framing::Wb1:
    case Framing::Len4Be:
    case Framing::Len4Le: return Wb1Codec::DefaultMaxPayload;
    case Framing::Len2Be:
    case Framing::Len2Le: return 0xFFFF;
    case Framing::Line:
    case Framing::Delimited: return LineCodec::DefaultMaxLength;
    case Framing::Raw: return RawCodec::DefaultMaxChunk;
    case Framing::Length:
    case Framing::Varint: return std::min(WholeFrameDefault, framingPayloadLimit(framing));
    case Framing::Fixed: return framing.frameSize();
    case Framing::Resp:
    case Framing::Http1:
    case Framing::WebSocket: return WholeFrameDefault;
    }
    return Wb1Codec::DefaultMaxPayload;
}

std::shared_ptr<const FrameCodec> makeCodec(const Framing &framing, qsizetype maxPayload)
{
    if (maxPayload <= 0)
        maxPayload = defaultMaxPayload(framing);
    using Width = LengthPrefixCodec::Width;
    using Order = LengthPrefixCodec::ByteOrder;
    switch (framing.kind()) {
    case Framing::Wb1: return std::make_shared<Wb1Codec>(maxPayload);
    case Framing::Line: return std::make_shared<LineCodec>(maxPayload);
    case Framing::Len2Be: return std::make_shared<LengthPrefixCodec>(Width::TwoBytes, Order::BigEndian, maxPayload);
    case Framing::Len2Le: return std::make_shared<LengthPrefixCodec>(Width::TwoBytes, Order::LittleEndian, maxPayload);
    case Framing::Len4Be: return std::make_shared<LengthPrefixCodec>(Width::FourBytes, Order::BigEndian, maxPayload);
    case Framing::Len4Le: return std::make_shared<LengthPrefixCodec>(Width::FourBytes, Order::LittleEndian, maxPayload);
    case Framing::Raw: return std::make_shared<RawCodec>(maxPayload);
    case Framing::Length: return std::make_shared<LengthFieldCodec>(framing, maxPayload);
    case Framing::Varint: return std::make_shared<VarintCodec>(framing.offset(), maxPayload);
    case Framing::Delimited: return std::make_shared<DelimiterCodec>(framing.separator(), maxPayload);
    case Framing::Fixed: return std::make_shared<FixedSizeCodec>(framing.frameSize());
    case Framing::Resp: return std::make_shared<RespCodec>(maxPayload);
    case Framing::Http1: return std::make_shared<Http1Codec>(maxPayload);
    case Framing::WebSocket: return std::make_shared<WebSocketCodec>(maxPayload);
    }
    return std::make_shared<Wb1Codec>(maxPayload);
}

} // namespace NetCore
