// SPDX-License-Identifier: GPL-3.0-or-later
#include "codec/respcodec.h"

#include "codec/decimaltext.h"

#include <algorithm>
#include <array>
#include <optional>

namespace NetCore {

namespace {

// The line after a type byte at `start`: its end (the CR of CR LF), -1 when more bytes
// are needed, -2 when a bare CR or LF makes it malformed.
qsizetype lineEnd(QByteArrayView input, qsizetype start)
{
    for (qsizetype i = start; i < input.size(); ++i) {
        if (input[i] == '\n')
            return -2;
        if (input[i] == '\r') {
            if (i + 1 >= input.size())
                return -1;
            return input[i + 1] == '\n' ? i : -2;
        }
    }
    return -1;
}

// A RESP length or count: an optional '-', then decimal digits; nullopt if malformed.
std::optional<qint64> parseLength(QByteArrayView digits)
{
    if (digits.isEmpty() || digits.size() > 19)
        return std::nullopt;
    const bool negative = digits.front() == '-';
    const auto value = parseDecimalDigits(negative ? digits.sliced(1) : digits, 18);
    if (!value)
        return std::nullopt;
    return negative ? -*value : *value;
}

} // namespace

RespCodec::RespCodec(qsizetype maxPayload)
    : m_maxPayload(maxPayload)
{
}

DecodeResult RespCodec::decode(QByteArrayView input, Frame &frame) const
{
    // Iterative: `remaining[d]` counts the values still to read at depth d.
    std::array<qint64, MaxDepth + 1> remaining{};
    int depth = 0;
    qsizetype at = 0;
    for (;;) {
        if (at > m_maxPayload)
            return DecodeResult::failed(FrameError::TooLarge);
        if (at >= input.size())
            return DecodeResult::incomplete(at + 1);
        const char type = input[at];
        if (!QByteArrayView("+-:_#,($!=*~>%|").contains(type))
            return DecodeResult::failed(FrameError::BadType);
        // The line is looked for within its limit only, so that a stream split anywhere
        // reads the same as when it came at once.
        // (Nor past the frame's maximum: everything buffered is this frame so far.)
        const qsizetype lineLimit = std::min(MaxLine, m_maxPayload);
        const qsizetype windowEnd = std::min(at + 1 + lineLimit + 2, m_maxPayload + 1);
        const qsizetype window = std::min(input.size(), windowEnd);
        const qsizetype end = lineEnd(input.first(window), at + 1);
        if (end == -2)
            return DecodeResult::failed(FrameError::BadSyntax);
        if (end == -1) {
            if (window == windowEnd)
                return DecodeResult::failed(FrameError::TooLarge);
            return DecodeResult::incomplete(input.size() + 1);
        }
        const QByteArrayView line = input.sliced(at + 1, end - at - 1);
        qsizetype next = end + 2;
        qint64 children = 0; // an aggregate's values still to read
        switch (type) {
        case '+': // simple string
        case '-': // simple error
        case ',': // double
        case '(': // big number
            break;
        case ':': // integer
            if (!parseLength(line))
                return DecodeResult::failed(FrameError::BadSyntax);
            break;
        case '_': // null
            if (!line.isEmpty())
                return DecodeResult::failed(FrameError::BadSyntax);
            break;
        case '#': // boolean
            if (line != "t" && line != "f")
                return DecodeResult::failed(FrameError::BadSyntax);
            break;
        case '$': // bulk string
        case '!': // bulk error
        case '=': { // verbatim string
            const auto length = parseLength(line);
            if (!length || *length < -1 || (*length == -1 && type != '$'))
                return DecodeResult::failed(FrameError::BadLength);
            if (*length == -1)
                break; // RESP2's null bulk string
            // Refused from the length alone, before the string is buffered.
            if (*length > m_maxPayload || next + qsizetype(*length) + 2 > m_maxPayload)
                return DecodeResult::failed(FrameError::TooLarge);
            const qsizetype dataEnd = next + qsizetype(*length);
            if (input.size() < dataEnd + 2)
                return DecodeResult::incomplete(dataEnd + 2);
            if (input[dataEnd] != '\r' || input[dataEnd + 1] != '\n')
                return DecodeResult::failed(FrameError::BadSyntax);
            next = dataEnd + 2;
            break;
        }
        case '*': // array
        case '~': // set
        case '>': // push
        case '%': // map: keys and values
        case '|': { // attribute: its pairs, then the value it annotates
            const auto count = parseLength(line);
            if (!count || *count < -1 || (*count == -1 && type != '*'))
                return DecodeResult::failed(FrameError::BadLength);
            if (*count > MaxElements)
                return DecodeResult::failed(FrameError::TooManyElements);
            children = *count <= 0 ? 0 : (type == '%' || type == '|' ? 2 * *count : *count);
            if (type == '|')
                children += 1;
            break;
        }
        default:
            return DecodeResult::failed(FrameError::BadType);
        }
        at = next;
        if (children > 0) {
            if (depth == MaxDepth)
                return DecodeResult::failed(FrameError::TooDeep);
            remaining[++depth] = children;
            continue;
        }
        // A value ended: it completes its parents whose last value it was.
        while (depth > 0 && --remaining[depth] == 0)
            --depth;
        if (depth == 0)
            break;
    }
    if (at > m_maxPayload)
        return DecodeResult::failed(FrameError::TooLarge);
    frame = Frame{};
    frame.payload = input.first(at);
    return DecodeResult::complete(at);
}

FrameError RespCodec::encode(const Frame &frame, QByteArray &out) const
{
    if (frame.payload.size() > m_maxPayload)
        return FrameError::TooLarge;
    out.append(frame.payload);
    return FrameError::None;
}

} // namespace NetCore
