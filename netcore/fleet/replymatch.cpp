// SPDX-License-Identifier: GPL-3.0-or-later
#include "fleet/replymatch.h"

#include "codec/wb1codec.h"

#include <QList>

namespace NetCore {

namespace {
constexpr int MaxOffset = 65535;
constexpr int MaxKeySize = 8; // a key is compared as one 64-bit word
} // namespace

ReplyMatch ReplyMatch::field(int requestOffset, int size, int replyOffset)
{
    ReplyMatch match(Field);
    match.m_requestOffset = requestOffset;
    match.m_size = size;
    match.m_replyOffset = replyOffset;
    return match;
}

std::optional<quint64> ReplyMatch::keyAt(QByteArrayView payload, int payloadStart, int offset) const
{
    const qsizetype start = qsizetype(offset) - payloadStart;
    if (start < 0 || start + m_size > payload.size())
        return std::nullopt;
    quint64 key = 0;
    for (int i = 0; i < m_size; ++i)
        key = (key << 8) | quint8(payload[start + i]);
    return key;
}

int ReplyMatch::payloadStart(Framing framing)
{
    switch (framing.kind()) {
    case Framing::Wb1: return int(Wb1Codec::HeaderSize);
    case Framing::Len2Be:
    case Framing::Len2Le: return 2;
    case Framing::Len4Be:
    case Framing::Len4Le: return 4;
    default: return 0;
    }
}

std::optional<ReplyMatch> parseReplyMatch(QStringView name, QString *error)
{
    auto fail = [&](const QString &why) -> std::optional<ReplyMatch> {
        if (error)
            *error = why;
        return std::nullopt;
    };
    if (name == u"in-order")
        return ReplyMatch::InOrder;
    if (name == u"wb1")
        return ReplyMatch::Wb1;
    if (name == u"none")
        return ReplyMatch::None;
    if (!name.startsWith(u"field:"))
        return fail(QStringLiteral("unknown match '%1' (in-order, wb1, field:REQ_OFFSET:SIZE[:REPLY_OFFSET], none)").arg(name));
    const QList<QStringView> parts = name.sliced(6).split(u':');
    if (parts.size() < 2 || parts.size() > 3)
        return fail(QStringLiteral("field: expected field:REQ_OFFSET:SIZE[:REPLY_OFFSET], e.g. field:0:2"));
    auto number = [](QStringView text, int low, int high) -> std::optional<int> {
        bool ok = false;
        const int value = text.toInt(&ok);
        return ok && value >= low && value <= high && text.front().isDigit() ? std::optional(value) : std::nullopt;
    };
    const auto requestOffset = number(parts[0], 0, MaxOffset);
    const auto size = number(parts[1], 1, MaxKeySize);
    const auto replyOffset = parts.size() == 3 ? number(parts[2], 0, MaxOffset) : requestOffset;
    if (!requestOffset)
        return fail(QStringLiteral("field: REQ_OFFSET must be 0 to %1; found '%2'").arg(MaxOffset).arg(parts[0]));
    if (!size)
        return fail(QStringLiteral("field: SIZE must be 1 to %1 bytes; found '%2'").arg(MaxKeySize).arg(parts[1]));
    if (!replyOffset)
        return fail(QStringLiteral("field: REPLY_OFFSET must be 0 to %1; found '%2'").arg(MaxOffset).arg(parts[2]));
    return ReplyMatch::field(*requestOffset, *size, *replyOffset);
}

QString replyMatchName(const ReplyMatch &match)
{
    switch (match.kind()) {
    case ReplyMatch::InOrder: return QStringLiteral("in-order");
    case ReplyMatch::Wb1: return QStringLiteral("wb1");
    case ReplyMatch::None: return QStringLiteral("none");
    case ReplyMatch::Field:
        return match.replyOffset() == match.requestOffset()
            ? QStringLiteral("field:%1:%2").arg(match.requestOffset()).arg(match.size())
            : QStringLiteral("field:%1:%2:%3").arg(match.requestOffset()).arg(match.size()).arg(match.replyOffset());
    }
    return {};
}

QString replyMatchProblem(const ReplyMatch &match, Framing requestFraming, Framing replyFraming)
{
    if (match.kind() == ReplyMatch::Wb1 && (requestFraming != Framing::Wb1 || replyFraming != Framing::Wb1))
        return QStringLiteral("--match wb1 needs WB1 framing both ways; %1 frames carry no WB1 sequence")
            .arg(framingName(requestFraming == Framing::Wb1 ? replyFraming : requestFraming));
    return {};
}

} // namespace NetCore
