// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>
#include <QStringView>

#include <functional>
#include <optional>

namespace NetCore {

/** A fast, seedable random source for message fields (splitmix64). */
struct FieldRandom {
    quint64 state = 1;
    quint64 next()
    {
        quint64 z = (state += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }
};

/** What fields are filled with for one message. */
struct FieldValues {
    quint64 sequence = 1;   // the message's number on its connection, from 1
    quint64 connection = 0; // the connection's id
    quint64 timeUs = 0;     // microseconds since the epoch
    FieldRandom *random = nullptr;
};

/**
 * A message with fields filled per message: `{seq:FMT}`, `{conn:FMT}`, `{time:FMT}`,
 * `{rand:FMT}`, `{rand:MIN-MAX}`, `{bytes:N}`, FMT one of u8 u16be u16le u32be u32le
 * u64be u64le dec; and `{bulk}...{/bulk}`, which makes what it encloses a RESP bulk
 * string ("$LEN\r\n...\r\n"), its length counted after the fields inside are filled.
 *
 * Compiled from the template's stored form, where a literal '{' is written "{{" and a
 * field as its spec in braces (TemplateText makes that form from text or hex). A
 * message without fields is one literal, sent as it is (the engine's fast path).
 */
class FieldTemplate
{
public:
    enum class Source { Sequence, Connection, Time, Random, RandomRange, RandomBytes, BulkOpen, BulkClose };
    enum class Format { U8, U16be, U16le, U32be, U32le, U64be, U64le, Dec };
    struct Field {
        Source source = Source::Sequence;
        Format format = Format::Dec;
        quint64 min = 0;   // RandomRange
        quint64 max = 0;   // RandomRange
        int byteCount = 0; // RandomBytes
    };

    /** Parses "seq:u16be", "rand:1-100", "bytes:16"; nullopt with `error` naming what is wrong. */
    static std::optional<Field> parseField(QStringView spec, QString *error = nullptr);
    /** True if `name` is a field's name (seq, conn, time, rand, bytes, bulk, /bulk). */
    static bool isFieldName(QStringView name);

    /** Compiles a stored template; a brace that starts no valid field is a literal one. */
    static FieldTemplate compile(QByteArrayView stored);
    /**
     * Walks a stored template in order: runs of literal bytes ("{{" read as a brace)
     * and fields with their spec ("seq:u16be"). compile() and TemplateText::format()
     * both read the stored form through this.
     */
    static void splitStored(QByteArrayView stored, const std::function<void(QByteArrayView)> &onLiteral,
                            const std::function<void(QByteArrayView, const Field &)> &onField);
    /** The stored form of bytes sent as they are: each '{' doubled. */
    static QByteArray escapeLiteral(QByteArrayView bytes);

    bool hasFields() const { return !m_fields.isEmpty(); }
    /** The bytes of a template without fields. */
    const QByteArray &literal() const { return m_literals; }
    /** Appends the message with its fields filled from `values`. */
    void render(const FieldValues &values, QByteArray &out) const;
    /** The largest message this template can give. */
    qsizetype maxSize() const { return m_maxSize; }
    /** True if a field needs the time (the caller may skip reading the clock). */
    bool usesTime() const;

private:
    struct Segment {
        qsizetype offset; // into m_literals
        qsizetype size;
        int field;        // index into m_fields, or -1 for a literal
    };
    qsizetype computeMaxSize() const;

    QByteArray m_literals;
    QList<Segment> m_segments;
    QList<Field> m_fields;
    qsizetype m_maxSize = 0;
};

} // namespace NetCore
