// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "codec/framing.h"
#include "fleet/fleetconfig.h"
#include "text/fieldtemplate.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>

namespace NetCore {

/**
 * What a fleet's clients send. One of:
 *  - a payload of `size` bytes, a fixed pattern (a-z) or random bytes (printable
 *    ones for line framing, where a newline would end the line);
 *  - one fixed message (in the stored form of TemplateText: fields allowed);
 *  - a list of messages, sent in turn on each connection.
 * For WB1, the frame type and flags are settable too (NO_REPLY sends fire and forget).
 *
 * A plain value; each I/O thread keeps a copy. Messages without fields are bytes
 * ready to send (payloadFor() never allocates); with fields, render() fills them.
 */
class MessageTemplate
{
public:
    enum class Kind { Pattern, Random, Fixed, List };

    static MessageTemplate pattern(qsizetype size);
    /** `printable`: bytes 0x20..0x7e only (for line framing). */
    static MessageTemplate random(qsizetype size, quint64 seed, bool printable = false);
    /** `message` in stored form (TemplateText): "{{" is a brace, "{seq:u16be}" a field. */
    static MessageTemplate fixed(const QByteArray &message);
    static MessageTemplate list(const QList<QByteArray> &messages);

    /**
     * What a fleet configured so sends: its messages, or a payload of its size
     * (random, printable for line framing, from `seed`), with its WB1 type and flags.
     */
    static MessageTemplate forFleet(const FleetConfig &config, quint64 seed);

    /**
     * Reads a --messages file: one message per line, escapes and fields allowed, '#'
     * lines and blank lines skipped. The messages in stored form.
     */
    static std::optional<QList<QByteArray>> readMessagesFile(const QString &path, QString *error);

    Kind kind() const { return m_kind; }
    /**
     * The payload of the `index`-th message of a connection (0, 1, 2, ...); with
     * fields, as filled for connection 0's first message.
     */
    QByteArrayView payloadFor(quint64 index) const;
    /** True if some message has fields: render() must fill them per message. */
    bool hasFields() const { return !m_fieldTemplates.isEmpty(); }
    /** True if a field is the time: only then need a sender read the clock. */
    bool usesTime() const { return m_usesTime; }
    /** The `index`-th message with its fields filled from `values`, in `scratch` when it has fields. */
    QByteArrayView render(quint64 index, const FieldValues &values, QByteArray &scratch) const;
    qsizetype largestPayload() const;
    /** The messages of a Fixed or List template, in stored form (empty for a generated payload). */
    QList<QByteArray> storedMessages() const
    {
        return m_kind == Kind::Fixed || m_kind == Kind::List ? m_messages : QList<QByteArray>{};
    }
    int messageCount() const { return int(m_messages.size()); }

    quint8 wb1Type = 0x01;   // DATA
    quint16 wb1Flags = 0;
    // WB1 sequence and timestamp are filled in unless fixed here (the composer's choice).
    std::optional<quint64> fixedSequence;
    std::optional<quint64> fixedTimestamp;

    /** Why these messages cannot be sent with `framing` (a newline in a line, too large), or empty. */
    QString problemWith(Framing framing, qsizetype maxPayload) const;
    /** Why requests framed by `codec` would not hold `match`'s key (too short), or empty. */
    QString problemWithKey(const ReplyMatch &match, const class FrameCodec &codec) const;
    /** "64 bytes (pattern)", "3 messages in turn", ... for summaries. */
    QString describe() const;

private:
    QString problemAsResp(const class FrameCodec &codec) const;
    QString problemAsHttp(const class FrameCodec &codec) const;

    Kind m_kind = Kind::Pattern;
    qsizetype m_size = 64;
    QList<QByteArray> m_messages; // Fixed: one; List: several; Pattern/Random: one pool
    QList<FieldTemplate> m_fieldTemplates; // one per message, when any has fields
    qsizetype m_largestRendered = 0;
    bool m_usesTime = false;
};

} // namespace NetCore
