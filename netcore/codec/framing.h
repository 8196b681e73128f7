// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QMetaType>
#include <QString>
#include <QStringView>

#include <memory>
#include <optional>

namespace NetCore {

class FrameCodec;

/**
 * A framing: what a frame is on the wire (docs/protocol.md, "Other framings", and
 * docs/protocols.md). The fixed ones are named by a word ("wb1", "line", "len4be",
 * ...); the general ones carry parameters and are named with them:
 *
 *   length:OFFSET:SIZE:ORDER[:ADJUST]  an unsigned length field of SIZE bytes (1, 2, 3,
 *                                      4, 8) at OFFSET, ORDER be|le; a frame is
 *                                      OFFSET + SIZE + value + ADJUST bytes
 *   varint:OFFSET                      a base-128 size (at most 4 bytes) at OFFSET
 *   delim:SEP                          frames end with SEP (escapes: \r \n \xHH ...)
 *   fixed:N                            every frame is N bytes
 *   resp                               one RESP2/RESP3 value (Redis)
 *   http1                              one HTTP/1.1 request or response
 *   websocket                          one WebSocket message, after the HTTP upgrade
 *
 * With length, varint and fixed a frame's payload is the whole frame, header
 * included, and encoding writes the size field from the frame's real size. With
 * delim the payload is what precedes the separator, as with line.
 *
 * `Framing::Line` and the other kinds convert to a Framing without parameters, so a
 * kind can be written wherever a framing is expected.
 */
class Framing
{
public:
    enum Kind : quint8 { Wb1, Line, Len2Be, Len2Le, Len4Be, Len4Le, Raw, Length, Varint, Delimited, Fixed, Resp, Http1, WebSocket };
    enum class ByteOrder : quint8 { BigEndian, LittleEndian };

    Framing(Kind kind = Wb1) // NOLINT: implicit on purpose, see above
        : m_kind(kind)
    {
    }
    static Framing length(int offset, int fieldSize, ByteOrder order, int adjust = 0);
    static Framing varint(int offset);
    static Framing delimited(const QByteArray &separator);
    static Framing fixed(qsizetype frameSize);

    Kind kind() const { return m_kind; }
    /** Where the size field starts (length, varint). */
    int offset() const { return m_offset; }
    /** Bytes of the length field (length). */
    int fieldSize() const { return m_fieldSize; }
    ByteOrder byteOrder() const { return m_order; }
    /** Added to the length field's value, with the header, to give the frame's size (length). */
    int adjust() const { return m_adjust; }
    const QByteArray &separator() const { return m_separator; }
    qsizetype frameSize() const { return m_frameSize; }
    /** True when a frame's payload is the whole frame (length, varint, fixed, resp, http1, websocket). */
    bool payloadIsWholeFrame() const { return m_kind == Length || m_kind == Varint || m_kind == Fixed || m_kind == Resp
            || m_kind == Http1 || m_kind == WebSocket; }

    bool operator==(const Framing &other) const = default;

private:
    Kind m_kind = Wb1;
    ByteOrder m_order = ByteOrder::BigEndian;
    int m_offset = 0;
    int m_fieldSize = 0;
    int m_adjust = 0;
    qsizetype m_frameSize = 0;
    QByteArray m_separator;
};

/** The framings named by a word alone, in the order users see them. */
inline constexpr Framing::Kind allFramings[] = {Framing::Wb1,    Framing::Line,   Framing::Len2Be, Framing::Len2Le,
                                                Framing::Len4Be, Framing::Len4Le, Framing::Raw,    Framing::Resp,
                                                Framing::Http1,  Framing::WebSocket};

/** The command-line and session-file name: "wb1", "len4be", "length:4:2:be", "delim:\r\n", ... */
QString framingName(const Framing &framing);

/**
 * Parses a framing's name (the word case-insensitive); nullopt with `error` saying
 * what was wrong ("length: SIZE must be 1, 2, 3, 4 or 8; found 5").
 */
std::optional<Framing> parseFraming(QStringView name, QString *error = nullptr);

/** How to write a framing, for error messages and --help. */
QString framingSyntax();

/**
 * The default maximum payload: 16 MiB for WB1, 4-byte prefixes, length and varint
 * frames; 65,535 for 2-byte prefixes; 64 KiB per line, delimited frame and raw
 * chunk; N for fixed:N.
 */
qsizetype defaultMaxPayload(const Framing &framing);

/** The largest maximum a framing can express at all (65,535 for 2-byte prefixes). */
qsizetype framingPayloadLimit(const Framing &framing);

/** A codec for `framing`; maxPayload <= 0 means defaultMaxPayload(framing). */
std::shared_ptr<const FrameCodec> makeCodec(const Framing &framing, qsizetype maxPayload = 0);

} // namespace NetCore

Q_DECLARE_METATYPE(NetCore::Framing)
