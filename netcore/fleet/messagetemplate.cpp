// SPDX-License-Identifier: GPL-3.0-or-later
#include "fleet/messagetemplate.h"

#include "codec/http1codec.h"

#include "codec/framecodec.h"
#include "text/templatetext.h"

#include <QFile>

#include <algorithm>
#include <random>

namespace NetCore {

namespace {
// Random payloads are slices of one pool at moving offsets: fresh-looking bytes per
// message without a random draw per byte on the I/O thread.
constexpr qsizetype RandomPoolExtra = 4096;
constexpr qint64 MaxMessagesFileBytes = 16 << 20;
} // namespace

MessageTemplate MessageTemplate::pattern(qsizetype size)
{
    MessageTemplate t;
    t.m_kind = Kind::Pattern;
    t.m_size = size;
    QByteArray bytes(size, Qt::Uninitialized);
    for (qsizetype i = 0; i < size; ++i)
        bytes[i] = char('a' + i % 26);
    t.m_messages = {bytes};
    return t;
}

MessageTemplate MessageTemplate::random(qsizetype size, quint64 seed, bool printable)
{
    MessageTemplate t;
    t.m_kind = Kind::Random;
    t.m_size = size;
    std::mt19937_64 generator(seed);
    QByteArray pool(size + RandomPoolExtra, Qt::Uninitialized);
    for (qsizetype i = 0; i < pool.size(); ++i)
        pool[i] = printable ? char(0x20 + generator() % 95) : char(generator() & 0xff);
    t.m_messages = {pool};
    return t;
}

MessageTemplate MessageTemplate::fixed(const QByteArray &message)
{
    return list({message});
}

MessageTemplate MessageTemplate::list(const QList<QByteArray> &messages)
{
    MessageTemplate t;
    t.m_kind = messages.size() == 1 ? Kind::Fixed : Kind::List;
    QList<FieldTemplate> compiled;
    bool anyFields = false;
    for (const QByteArray &stored : messages) {
        compiled.append(FieldTemplate::compile(stored));
        anyFields = anyFields || compiled.last().hasFields();
    }
    // Messages shown and checked as filled for connection 0's first message.
    FieldRandom random;
    const FieldValues firstOfConnection0{1, 0, 0, &random};
    for (const FieldTemplate &message : std::as_const(compiled)) {
        if (!message.hasFields()) {
            t.m_messages.append(message.literal());
        } else {
            QByteArray filled;
            message.render(firstOfConnection0, filled);
            t.m_messages.append(filled);
        }
        t.m_largestRendered = std::max(t.m_largestRendered, message.maxSize());
        t.m_usesTime = t.m_usesTime || message.usesTime();
    }
    if (anyFields)
        t.m_fieldTemplates = compiled;
    t.m_size = t.largestPayload();
    return t;
}

MessageTemplate MessageTemplate::forFleet(const FleetConfig &config, quint64 seed)
{
    MessageTemplate message = !config.messages.isEmpty() ? list(config.messages)
        : config.randomPayload ? random(config.payloadSize, seed,
                                        config.framing == Framing::Line || config.framing.kind() == Framing::Delimited)
                               : pattern(config.payloadSize);
    message.wb1Type = config.wb1Type;
    message.wb1Flags = config.wb1Flags;
    return message;
}

std::optional<QList<QByteArray>> MessageTemplate::readMessagesFile(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        if (error)
            *error = QStringLiteral("cannot read %1: %2").arg(path, file.errorString());
        return std::nullopt;
    }
    const QByteArray content = file.read(MaxMessagesFileBytes + 1);
    if (content.size() > MaxMessagesFileBytes) {
        if (error)
            *error = QStringLiteral("%1 is larger than 16 MiB").arg(path);
        return std::nullopt;
    }
    QList<QByteArray> messages;
    const QList<QByteArray> lines = content.split('\n');
    for (qsizetype i = 0; i < lines.size(); ++i) {
        QByteArray line = lines[i];
        if (line.endsWith('\r'))
            line.chop(1);
        if (line.trimmed().isEmpty() || line.startsWith('#'))
            continue;
        QString why;
        const auto message = TemplateText::parseText(QString::fromUtf8(line), &why);
        if (!message) {
            if (error)
                *error = QStringLiteral("%1 line %2: %3").arg(path).arg(i + 1).arg(why);
            return std::nullopt;
        }
        messages.append(*message);
    }
    if (messages.isEmpty()) {
        if (error)
            *error = QStringLiteral("%1 has no messages (one per line; '#' starts a comment)").arg(path);
        return std::nullopt;
    }
    return messages;
}

QByteArrayView MessageTemplate::render(quint64 index, const FieldValues &values, QByteArray &scratch) const
{
    if (m_fieldTemplates.isEmpty())
        return payloadFor(index);
    const qsizetype which = m_kind == Kind::List ? qsizetype(index % quint64(m_messages.size())) : 0;
    scratch.resize(0);
    m_fieldTemplates[which].render(values, scratch);
    return scratch;
}

QByteArrayView MessageTemplate::payloadFor(quint64 index) const
{
    switch (m_kind) {
    case Kind::Pattern:
    case Kind::Fixed:
        return m_messages.first();
    case Kind::Random: {
        const QByteArray &pool = m_messages.first();
        // A stride coprime to the spare room walks every offset before repeating.
        const qsizetype offset = qsizetype((index * 997) % quint64(pool.size() - m_size + 1));
        return QByteArrayView(pool).sliced(offset, m_size);
    }
    case Kind::List:
        return m_messages[qsizetype(index % quint64(m_messages.size()))];
    }
    return {};
}

qsizetype MessageTemplate::largestPayload() const
{
    if (m_kind == Kind::Pattern || m_kind == Kind::Random)
        return m_size;
    qsizetype largest = m_largestRendered;
    for (const QByteArray &message : m_messages)
        largest = std::max(largest, message.size());
    return largest;
}

QString MessageTemplate::problemWith(Framing framing, qsizetype maxPayload) const
{
    if (largestPayload() > maxPayload)
        return QStringLiteral("a payload of %1 bytes does not fit %2 framing (at most %3)")
            .arg(largestPayload())
            .arg(framingName(framing))
            .arg(maxPayload);
    if (framing == Framing::Line && m_kind != Kind::Random) {
        for (qsizetype i = 0; i < m_messages.size(); ++i) {
            if (m_messages[i].contains('\n'))
                return m_messages.size() == 1
                    ? QStringLiteral("the message contains a newline, which ends a line in line framing")
                    : QStringLiteral("message %1 contains a newline, which ends a line in line framing").arg(i + 1);
        }
    }
    if (m_kind == Kind::Random) {
        if (framing.kind() == Framing::Varint)
            return QStringLiteral("random payloads cannot carry %1's size field: send a message").arg(framingName(framing));
        const bool printableSeparator = std::all_of(framing.separator().begin(), framing.separator().end(),
                                                    [](char byte) { return byte >= 0x20 && byte < 0x7f; });
        if (framing.kind() == Framing::Delimited && printableSeparator)
            return QStringLiteral("random payloads could hold the separator of %1: send a message").arg(framingName(framing));
    }
    if (!framing.payloadIsWholeFrame() && framing.kind() != Framing::Delimited)
        return {};
    // The general framings: each message as the codec would send it.
    const auto codec = makeCodec(framing, maxPayload);
    if (framing == Framing::Resp && m_kind != Kind::Pattern && m_kind != Kind::Random)
        return problemAsResp(*codec);
    if (framing == Framing::Http1)
        return problemAsHttp(*codec);
    const qsizetype count = m_kind == Kind::List ? m_messages.size() : 1;
    for (qsizetype i = 0; i < count; ++i) {
        Frame frame;
        frame.payload = payloadFor(quint64(i));
        QByteArray wire;
        const FrameError error = codec->encode(frame, wire);
        if (error == FrameError::None)
            continue;
        const QString which = count == 1 ? QStringLiteral("the message") : QStringLiteral("message %1").arg(i + 1);
        const QString name = framingName(framing);
        switch (error) {
        case FrameError::WrongSize:
            return QStringLiteral("%1 is %2 bytes; %3 frames are %4").arg(which).arg(frame.payload.size()).arg(name).arg(framing.frameSize());
        case FrameError::SeparatorInPayload:
            return QStringLiteral("%1 contains the separator, which ends a frame in %2 framing").arg(which, name);
        case FrameError::BadLength:
            return framing.kind() == Framing::Varint
                ? QStringLiteral("%1 has no size field at byte %2 for %3 (write 00 there: it is filled in)")
                      .arg(which).arg(framing.offset()).arg(name)
                : QStringLiteral("%1 is %2 bytes, shorter than %3's header and adjustment")
                      .arg(which).arg(frame.payload.size()).arg(name);
        default:
            return QStringLiteral("%1 does not fit %2 framing (%3)")
                .arg(which, name, QString::fromLatin1(frameErrorCode(error).toByteArray()));
        }
    }
    return {};
}

QString MessageTemplate::problemAsResp(const FrameCodec &codec) const
{
    // RESP messages are sent as written: each must be exactly one RESP value.
    for (qsizetype i = 0; i < m_messages.size(); ++i) {
        Frame frame;
        const DecodeResult result = codec.decode(m_messages[i], frame);
        if (result.status == DecodeResult::Status::Complete && result.consumed == m_messages[i].size())
            continue;
        const QString which = m_messages.size() == 1 ? QStringLiteral("the message") : QStringLiteral("message %1").arg(i + 1);
        const QString why = result.status == DecodeResult::Status::Complete ? QStringLiteral("bytes follow its first value")
            : result.status == DecodeResult::Status::Incomplete       ? QStringLiteral("it ends before its value does")
                                                                   : QString::fromLatin1(frameErrorCode(result.error).toByteArray());
        return QStringLiteral("%1 is not one RESP value (%2): write it in RESP, e.g. *2\\r\\n$3\\r\\nGET\\r\\n$1\\r\\nk\\r\\n")
            .arg(which, why);
    }
    return {};
}

QString MessageTemplate::problemAsHttp(const FrameCodec &codec) const
{
    // Each message is a request, completed by the codec (Content-Length) and then read
    // back as a server would read it.
    if (m_kind == Kind::Pattern || m_kind == Kind::Random)
        return QStringLiteral("http1 fleets send requests: give one (--http 'GET /', or a message starting 'GET / HTTP/1.1')");
    for (qsizetype i = 0; i < m_messages.size(); ++i) {
        const QString which = m_messages.size() == 1 ? QStringLiteral("the message") : QStringLiteral("message %1").arg(i + 1);
        const QByteArrayView payload = payloadFor(quint64(i));
        if (!Http1Codec::isRequest(payload))
            return QStringLiteral("%1 is not an HTTP request: write it as 'METHOD /path HTTP/1.1' and header lines, "
                                  "or use --http 'GET /path'").arg(which);
        QByteArray wire;
        if (const FrameError error = codec.encode(Frame{0, 0, 0, 0, payload}, wire); error != FrameError::None)
            return QStringLiteral("%1 does not fit http1 framing (%2)").arg(which, QString::fromLatin1(frameErrorCode(error).toByteArray()));
        Frame frame;
        const DecodeResult result = codec.decode(wire, frame);
        if (result.status != DecodeResult::Status::Complete || result.consumed != wire.size()) {
            const QString why = result.status == DecodeResult::Status::Complete ? QStringLiteral("bytes follow its body")
                : result.status == DecodeResult::Status::Incomplete       ? QStringLiteral("its body is shorter than its length says")
                                                                   : QString::fromLatin1(frameErrorCode(result.error).toByteArray());
            return QStringLiteral("%1 is not one well-formed HTTP request (%2)").arg(which, why);
        }
    }
    return {};
}

QString MessageTemplate::problemWithKey(const ReplyMatch &match, const FrameCodec &codec) const
{
    const qsizetype count = m_kind == Kind::List ? m_messages.size() : 1;
    for (qsizetype i = 0; i < count; ++i) {
        QByteArray wire;
        codec.encode(Frame{wb1Type, wb1Flags, 1, 0, payloadFor(quint64(i))}, wire);
        if (match.keyAt(wire, 0, match.requestOffset()))
            continue;
        const QString which = count == 1 ? QStringLiteral("the message") : QStringLiteral("message %1").arg(i + 1);
        return QStringLiteral("%1 is %2 bytes on the wire: it has no %3-byte key at byte %4 for --match %5")
            .arg(which)
            .arg(wire.size())
            .arg(match.size())
            .arg(match.requestOffset())
            .arg(replyMatchName(match));
    }
    return {};
}

QString MessageTemplate::describe() const
{
    switch (m_kind) {
    case Kind::Pattern: return QStringLiteral("%1 bytes").arg(m_size);
    case Kind::Random: return QStringLiteral("%1 random bytes").arg(m_size);
    case Kind::Fixed:
        return hasFields() ? QStringLiteral("a message of up to %1 bytes with fields").arg(m_size)
                           : QStringLiteral("a fixed message of %1 bytes").arg(m_size);
    case Kind::List:
        return hasFields() ? QStringLiteral("%1 messages in turn, with fields").arg(m_messages.size())
                           : QStringLiteral("%1 messages in turn").arg(m_messages.size());
    }
    return {};
}

} // namespace NetCore
