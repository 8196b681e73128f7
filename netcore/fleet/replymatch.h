// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "codec/framing.h"

#include <QByteArrayView>
#include <QString>
#include <QStringView>

#include <optional>

namespace NetCore {

/**
 * How a fleet pairs replies with its requests in flight, named by one string as the
 * framing is (`--match`, the session's `match`, the fleet form):
 *  - `in-order`: the oldest request in flight (the default except for WB1);
 *  - `wb1`: WB1's sequence number (the default for WB1);
 *  - `field:REQ_OFFSET:SIZE[:REPLY_OFFSET]`: the request whose SIZE bytes at
 *    REQ_OFFSET equal the reply's at REPLY_OFFSET, offsets counted in the frame as on
 *    the wire (DNS's id, Modbus's transaction id, MQTT's packet id);
 *  - `none`: fire and forget; replies are counted, not timed.
 */
class ReplyMatch
{
public:
    enum Kind : quint8 { InOrder, Wb1, Field, None };

    ReplyMatch(Kind kind = InOrder) // NOLINT: implicit, like Framing's kinds
        : m_kind(kind)
    {
    }
    static ReplyMatch field(int requestOffset, int size, int replyOffset);
    /** What a fleet of `framing` uses when nothing is said. */
    static ReplyMatch defaultFor(Framing framing) { return framing == Framing::Wb1 ? Wb1 : InOrder; }

    Kind kind() const { return m_kind; }
    int requestOffset() const { return m_requestOffset; }
    int size() const { return m_size; }
    int replyOffset() const { return m_replyOffset; }

    /**
     * The key `size` bytes at `offset` of a frame whose payload begins
     * `payloadStart` bytes into it on the wire; nullopt if the frame is too short.
     */
    std::optional<quint64> keyAt(QByteArrayView payload, int payloadStart, int offset) const;

    /** Where a frame's payload begins on the wire: 0 when the payload is the frame or comes first. */
    static int payloadStart(Framing framing);

    bool operator==(const ReplyMatch &other) const = default;

private:
    Kind m_kind = InOrder;
    int m_requestOffset = 0;
    int m_size = 0;
    int m_replyOffset = 0;
};

/** `in-order`, `wb1`, `none` or `field:...`; nullopt with `error` saying what is wrong. */
std::optional<ReplyMatch> parseReplyMatch(QStringView name, QString *error = nullptr);
/** The name parseReplyMatch() reads back. */
QString replyMatchName(const ReplyMatch &match);
/** Why `match` cannot go with a fleet framed so, or empty. */
QString replyMatchProblem(const ReplyMatch &match, Framing requestFraming, Framing replyFraming);

} // namespace NetCore
