// SPDX-License-Identifier: GPL-3.0-or-later
#include "text/fieldtemplate.h"

#include <QtEndian>

#include <algorithm>
#include <array>
#include <cstring>
#include <functional>

namespace NetCore {

namespace {

struct FormatName {
    const char *name;
    FieldTemplate::Format format;
    int bytes; // 0: decimal text
};

constexpr std::array<FormatName, 8> Formats{{
    {"u8", FieldTemplate::Format::U8, 1},
    {"u16be", FieldTemplate::Format::U16be, 2},
    {"u16le", FieldTemplate::Format::U16le, 2},
    {"u32be", FieldTemplate::Format::U32be, 4},
    {"u32le", FieldTemplate::Format::U32le, 4},
    {"u64be", FieldTemplate::Format::U64be, 8},
    {"u64le", FieldTemplate::Format::U64le, 8},
    {"dec", FieldTemplate::Format::Dec, 0},
}};

constexpr qsizetype MaxRandomBytes = 1 << 20;
constexpr int MaxDecimalDigits = 20; // 2^64 - 1
constexpr int MaxBulkDepth = 8;     // {bulk}s open at once; deeper ones are ignored

int widthOf(FieldTemplate::Format format)
{
    for (const FormatName &f : Formats) {
        if (f.format == format)
            return f.bytes;
    }
    return 0;
}

std::optional<quint64> parseNumber(QStringView text)
{
    bool ok = false;
    const quint64 value = text.toULongLong(&ok, 10);
    if (!ok || text.isEmpty() || !text.front().isDigit())
        return std::nullopt;
    return value;
}

int decimalDigits(quint64 value)
{
    int digits = 1;
    while (value >= 10) {
        value /= 10;
        ++digits;
    }
    return digits;
}

// Writes `value` at `out` in `format`; returns the end of what it wrote.
char *writeNumber(quint64 value, FieldTemplate::Format format, char *out)
{
    switch (format) {
    case FieldTemplate::Format::U8: *out = char(value); return out + 1;
    case FieldTemplate::Format::U16be: qToBigEndian(quint16(value), out); return out + 2;
    case FieldTemplate::Format::U16le: qToLittleEndian(quint16(value), out); return out + 2;
    case FieldTemplate::Format::U32be: qToBigEndian(quint32(value), out); return out + 4;
    case FieldTemplate::Format::U32le: qToLittleEndian(quint32(value), out); return out + 4;
    case FieldTemplate::Format::U64be: qToBigEndian(value, out); return out + 8;
    case FieldTemplate::Format::U64le: qToLittleEndian(value, out); return out + 8;
    case FieldTemplate::Format::Dec: {
        char digits[MaxDecimalDigits];
        int i = MaxDecimalDigits;
        do {
            digits[--i] = char('0' + value % 10);
            value /= 10;
        } while (value != 0);
        std::memcpy(out, digits + i, size_t(MaxDecimalDigits - i));
        return out + (MaxDecimalDigits - i);
    }
    }
    return out;
}

// A counter from 1 that wraps within `bytes` bytes and skips 0 (MQTT forbids packet id 0).
quint64 wrapSequence(quint64 count, int bytes)
{
    if (bytes == 0 || bytes == 8)
        return count == 0 ? 1 : count;
    const quint64 period = (quint64(1) << (bytes * 8)) - 1;
    return (count - 1) % period + 1;
}

} // namespace

bool FieldTemplate::isFieldName(QStringView name)
{
    return name == u"seq" || name == u"conn" || name == u"time" || name == u"rand" || name == u"bytes" || name == u"bulk"
        || name == u"/bulk";
}

std::optional<FieldTemplate::Field> FieldTemplate::parseField(QStringView spec, QString *error)
{
    auto fail = [&](const QString &why) -> std::optional<Field> {
        if (error)
            *error = QStringLiteral("field {%1}: %2").arg(spec, why);
        return std::nullopt;
    };
    const qsizetype colon = spec.indexOf(u':');
    const QStringView name = colon < 0 ? spec : spec.first(colon);
    const QStringView argument = colon < 0 ? QStringView() : spec.sliced(colon + 1);
    if (!isFieldName(name))
        return fail(QStringLiteral("unknown field '%1' (known: seq, conn, time, rand, bytes, bulk)").arg(name));
    Field field;
    if (name == u"bulk" || name == u"/bulk") {
        if (!argument.isNull())
            return fail(QStringLiteral("write {bulk} and {/bulk} around a RESP bulk string's contents"));
        field.source = name == u"bulk" ? Source::BulkOpen : Source::BulkClose;
        return field;
    }
    if (name == u"bytes") {
        const auto count = parseNumber(argument);
        if (!count || *count == 0 || *count > quint64(MaxRandomBytes))
            return fail(QStringLiteral("write {bytes:N} with N from 1 to %1").arg(MaxRandomBytes));
        field.source = Source::RandomBytes;
        field.byteCount = int(*count);
        return field;
    }
    if (name == u"rand" && argument.contains(u'-')) {
        const qsizetype dash = argument.indexOf(u'-');
        const auto low = parseNumber(argument.first(dash));
        const auto high = parseNumber(argument.sliced(dash + 1));
        if (!low || !high)
            return fail(QStringLiteral("write {rand:MIN-MAX} with two unsigned decimal numbers"));
        if (*low > *high)
            return fail(QStringLiteral("the range's minimum %1 is above its maximum %2").arg(*low).arg(*high));
        field.source = Source::RandomRange;
        field.format = Format::Dec;
        field.min = *low;
        field.max = *high;
        return field;
    }
    const auto format = std::find_if(Formats.begin(), Formats.end(),
                                     [&](const FormatName &f) { return argument == QLatin1String(f.name); });
    if (format == Formats.end())
        return fail(QStringLiteral("'%1' is not a format (u8, u16be, u16le, u32be, u32le, u64be, u64le, dec)")
                        .arg(argument));
    field.format = format->format;
    field.source = name == u"seq" ? Source::Sequence
        : name == u"conn"         ? Source::Connection
        : name == u"time"         ? Source::Time
                                  : Source::Random;
    return field;
}

void FieldTemplate::splitStored(QByteArrayView stored, const std::function<void(QByteArrayView)> &onLiteral,
                                const std::function<void(QByteArrayView, const Field &)> &onField)
{
    QByteArray literal; // a run of literal bytes, "{{" read as one brace
    auto flush = [&] {
        if (!literal.isEmpty())
            onLiteral(literal);
        literal.clear();
    };
    for (qsizetype i = 0; i < stored.size(); ++i) {
        const char c = stored[i];
        if (c != '{') {
            literal.append(c);
            continue;
        }
        if (i + 1 < stored.size() && stored[i + 1] == '{') {
            literal.append('{');
            ++i;
            continue;
        }
        const qsizetype close = stored.indexOf('}', i + 1);
        const QByteArrayView spec = close < 0 ? QByteArrayView() : stored.sliced(i + 1, close - i - 1);
        const auto field = close < 0 ? std::nullopt : parseField(QString::fromLatin1(spec));
        if (!field) {
            literal.append('{'); // starts no field: a brace as it stands
            continue;
        }
        flush();
        onField(spec, *field);
        i = close;
    }
    flush();
}

FieldTemplate FieldTemplate::compile(QByteArrayView stored)
{
    FieldTemplate t;
    t.m_literals.reserve(stored.size());
    splitStored(
        stored,
        [&](QByteArrayView literal) {
            t.m_segments.append({t.m_literals.size(), literal.size(), -1});
            t.m_literals.append(literal);
        },
        [&](QByteArrayView, const Field &field) {
            t.m_segments.append({0, 0, int(t.m_fields.size())});
            t.m_fields.append(field);
        });
    t.m_maxSize = t.computeMaxSize();
    return t;
}

QByteArray FieldTemplate::escapeLiteral(QByteArrayView bytes)
{
    QByteArray stored;
    stored.reserve(bytes.size());
    for (const char c : bytes) {
        stored.append(c);
        if (c == '{')
            stored.append('{');
    }
    return stored;
}

void FieldTemplate::render(const FieldValues &values, QByteArray &out) const
{
    // Written in place into room for the largest message, then cut to size: one
    // allocation check per message instead of one per piece.
    const qsizetype start = out.size();
    out.resize(start + m_maxSize);
    char *const begin = out.data();
    char *at = begin + start;
    std::array<char *, MaxBulkDepth> bulkStarts{}; // {bulk}s open: where their contents begin
    int bulkDepth = 0;
    auto closeBulk = [&] {
        // "$LEN\r\n" goes before the contents: they move up by its size, within the room
        // computeMaxSize() gave every {bulk}.
        char *contents = bulkStarts[size_t(--bulkDepth)];
        char header[MaxDecimalDigits + 3];
        header[0] = '$';
        char *headerEnd = writeNumber(quint64(at - contents), Format::Dec, header + 1);
        *headerEnd++ = '\r';
        *headerEnd++ = '\n';
        const qsizetype headerSize = headerEnd - header;
        std::memmove(contents + headerSize, contents, size_t(at - contents));
        std::memcpy(contents, header, size_t(headerSize));
        at += headerSize;
        *at++ = '\r';
        *at++ = '\n';
    };
    for (const Segment &segment : m_segments) {
        if (segment.field < 0) {
            std::memcpy(at, m_literals.constData() + segment.offset, size_t(segment.size));
            at += segment.size;
            continue;
        }
        const Field &field = m_fields[segment.field];
        switch (field.source) {
        case Source::Sequence:
            at = writeNumber(wrapSequence(values.sequence, widthOf(field.format)), field.format, at);
            break;
        case Source::Connection: at = writeNumber(values.connection, field.format, at); break;
        case Source::Time: at = writeNumber(values.timeUs, field.format, at); break;
        case Source::Random: at = writeNumber(values.random ? values.random->next() : 0, field.format, at); break;
        case Source::RandomRange: {
            const quint64 span = field.max - field.min + 1; // 0: the whole 64-bit range
            const quint64 draw = values.random ? values.random->next() : 0;
            at = writeNumber(field.min + (span == 0 ? draw : draw % span), Format::Dec, at);
            break;
        }
        case Source::RandomBytes:
            for (int i = 0; i < field.byteCount; i += 8) {
                const quint64 draw = values.random ? values.random->next() : 0;
                std::memcpy(at + i, &draw, size_t(std::min(8, field.byteCount - i)));
            }
            at += field.byteCount;
            break;
        case Source::BulkOpen:
            if (bulkDepth < MaxBulkDepth)
                bulkStarts[size_t(bulkDepth++)] = at;
            break;
        case Source::BulkClose:
            if (bulkDepth > 0)
                closeBulk();
            break;
        }
    }
    while (bulkDepth > 0)
        closeBulk(); // an unclosed {bulk} ends with the message
    out.resize(at - begin);
}

bool FieldTemplate::usesTime() const
{
    return std::any_of(m_fields.begin(), m_fields.end(), [](const Field &f) { return f.source == Source::Time; });
}

qsizetype FieldTemplate::computeMaxSize() const
{
    qsizetype size = m_literals.size();
    for (const Field &field : m_fields) {
        if (field.source == Source::RandomBytes)
            size += field.byteCount;
        else if (field.source == Source::BulkOpen)
            size += 1 + MaxDecimalDigits + 4; // "$LEN\r\n" and the closing "\r\n"
        else if (field.source == Source::BulkClose)
            continue;
        else if (field.source == Source::RandomRange)
            size += decimalDigits(field.max);
        else
            size += field.format == Format::Dec ? MaxDecimalDigits : widthOf(field.format);
    }
    return size;
}

} // namespace NetCore
