// SPDX-License-Identifier: GPL-3.0-or-later
#include "codec/httphead.h"

#include "codec/decimaltext.h"

#include <array>
#include <cstring>
#include <optional>
#include <string_view>

namespace NetCore {

namespace {

constexpr qsizetype MaxChunkLine = 4096; // a chunk's size and extensions

// RFC 9110's tchar, looked up: every byte of every field name goes through it.
constexpr std::array<bool, 256> TokenChars = [] {
    std::array<bool, 256> table{};
    for (int c = 0; c < 256; ++c)
        table[size_t(c)] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    for (const char c : std::string_view("!#$%&'*+-.^_`|~"))
        table[size_t(static_cast<unsigned char>(c))] = true;
    return table;
}();

bool isTokenChar(char c)
{
    return TokenChars[size_t(static_cast<unsigned char>(c))];
}

bool isToken(QByteArrayView text)
{
    if (text.isEmpty())
        return false;
    for (const char c : text) {
        if (!isTokenChar(c))
            return false;
    }
    return true;
}

// Where "\r\n" (or with `blank`, "\r\n\r\n") first starts in `text`, or -1: found by
// memchr on LF, which Qt's general search for a short needle was slower than (perf).
qsizetype findLineEnd(QByteArrayView text, bool blank = false)
{
    const char *data = text.data();
    const qsizetype need = blank ? 3 : 1;
    for (qsizetype from = need; from < text.size();) {
        const auto *lf = static_cast<const char *>(std::memchr(data + from, '\n', size_t(text.size() - from)));
        if (!lf)
            return -1;
        const qsizetype at = lf - data;
        if (data[at - 1] == '\r' && (!blank || (data[at - 2] == '\n' && data[at - 3] == '\r')))
            return at - need;
        from = at + 1;
    }
    return -1;
}

QByteArrayView trimmed(QByteArrayView text)
{
    while (!text.isEmpty() && (text.front() == ' ' || text.front() == '\t'))
        text = text.sliced(1);
    while (!text.isEmpty() && (text.back() == ' ' || text.back() == '\t'))
        text.chop(1);
    return text;
}

// ASCII only, `lower` given in lower case: Qt's general comparison was a twentieth of
// a fleet's CPU time against nginx.
bool equalsIgnoringCase(QByteArrayView text, QByteArrayView lower)
{
    if (text.size() != lower.size())
        return false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (c >= 'A' && c <= 'Z')
            c = char(c + ('a' - 'A'));
        if (c != lower[i])
            return false;
    }
    return true;
}

// True when the comma-separated list `value` holds `token` (case-insensitive).
bool listHas(QByteArrayView value, QByteArrayView token)
{
    while (!value.isEmpty()) {
        const qsizetype comma = value.indexOf(',');
        const QByteArrayView item = trimmed(comma < 0 ? value : value.first(comma));
        if (equalsIgnoringCase(item, token))
            return true;
        value = comma < 0 ? QByteArrayView() : value.sliced(comma + 1);
    }
    return false;
}

// The last item of a comma-separated list, trimmed.
QByteArrayView lastItem(QByteArrayView value)
{
    const qsizetype comma = value.lastIndexOf(',');
    return trimmed(comma < 0 ? value : value.sliced(comma + 1));
}

std::optional<qint64> decimal(QByteArrayView digits)
{
    return parseDecimalDigits(digits, 15);
}

// "HTTP/1.0" or "HTTP/1.1": the minor version; -1 for another HTTP version, -2 if not one.
int minorVersionOf(QByteArrayView text)
{
    if (text.size() != 8 || !text.startsWith("HTTP/") || text[6] != '.')
        return -2;
    if (text[5] != '1' || (text[7] != '0' && text[7] != '1'))
        return -1;
    return text[7] - '0';
}

} // namespace

DecodeResult HttpHead::parse(QByteArrayView input, HttpHead &head, qsizetype limit)
{
    head = HttpHead{};
    // A request line begins with a method token: a byte that cannot be in one is
    // refused as it arrives (a TLS hello, a stray CR LF), however the stream was cut.
    const qsizetype headLimit = std::min(MaxHeadSize, limit);
    const bool response = QByteArrayView("HTTP/").startsWith(input.first(std::min<qsizetype>(input.size(), 5)));
    for (qsizetype i = 0; !response && i < std::min(input.size(), headLimit) && input[i] != ' '; ++i) {
        if (!isTokenChar(input[i]))
            return DecodeResult::failed(FrameError::BadSyntax);
    }
    // The head ends at the first empty line, looked for within its limit only.
    const QByteArrayView window = input.first(std::min(input.size(), headLimit));
    const qsizetype blank = findLineEnd(window, true);
    if (blank < 0) {
        if (input.size() >= headLimit)
            return DecodeResult::failed(FrameError::TooLarge);
        return DecodeResult::incomplete(input.size() + 1);
    }
    head.size = blank + 4;
    const qsizetype lineEnd = findLineEnd(window);
    const QByteArrayView start = window.first(lineEnd);
    head.fields = window.sliced(lineEnd + 2, blank + 2 - (lineEnd + 2));
    if (start.contains('\n') || start.contains('\r'))
        return DecodeResult::failed(FrameError::BadSyntax);

    const qsizetype space1 = start.indexOf(' ');
    if (space1 <= 0)
        return DecodeResult::failed(FrameError::BadSyntax);
    if (looksLikeResponse(start)) {
        // HTTP/1.1 200 OK
        head.response = true;
        head.minorVersion = minorVersionOf(start.first(space1));
        if (head.minorVersion < 0)
            return DecodeResult::failed(head.minorVersion == -1 ? FrameError::BadVersion : FrameError::BadSyntax);
        const QByteArrayView rest = start.sliced(space1 + 1);
        if (rest.size() < 3 || (rest.size() > 3 && rest[3] != ' '))
            return DecodeResult::failed(FrameError::BadSyntax);
        const auto status = decimal(rest.first(3));
        if (!status || *status < 100)
            return DecodeResult::failed(FrameError::BadSyntax);
        head.status = int(*status);
    } else {
        // GET /path HTTP/1.1
        const qsizetype space2 = start.lastIndexOf(' ');
        if (space2 <= space1 + 1)
            return DecodeResult::failed(FrameError::BadSyntax);
        head.method = start.first(space1);
        head.target = start.sliced(space1 + 1, space2 - space1 - 1);
        if (!isToken(head.method) || head.target.contains(' '))
            return DecodeResult::failed(FrameError::BadSyntax);
        head.minorVersion = minorVersionOf(start.sliced(space2 + 1));
        if (head.minorVersion < 0)
            return DecodeResult::failed(head.minorVersion == -1 ? FrameError::BadVersion : FrameError::BadSyntax);
    }

    bool keepAlive = false;
    int count = 0;
    for (QByteArrayView lines = head.fields; !lines.isEmpty();) {
        // Each line ends at its first LF, which a CR must precede (a bare LF is refused).
        const auto *lf = static_cast<const char *>(std::memchr(lines.data(), '\n', size_t(lines.size())));
        const qsizetype end = lf - lines.data() - 1;
        if (end < 0 || lines[end] != '\r')
            return DecodeResult::failed(FrameError::BadSyntax);
        const QByteArrayView line = lines.first(end);
        lines = lines.sliced(end + 2);
        if (++count > MaxFields)
            return DecodeResult::failed(FrameError::TooManyElements);
        // A token, then the colon: no whitespace before it, no folded lines.
        qsizetype colon = 0;
        while (colon < line.size() && isTokenChar(line[colon]))
            ++colon;
        if (colon == 0 || colon == line.size() || line[colon] != ':'
            || std::memchr(line.data() + colon, '\r', size_t(line.size() - colon)))
            return DecodeResult::failed(FrameError::BadSyntax);
        const QByteArrayView name = line.first(colon);
        // Only three fields matter to the framing: the rest need not be trimmed or compared.
        const char first = char(name.front() | 0x20);
        if (first != 'c' && first != 't')
            continue;
        const QByteArrayView value = trimmed(line.sliced(colon + 1));
        if (equalsIgnoringCase(name, "content-length")) {
            const auto length = decimal(value);
            if (!length || (head.contentLength >= 0 && head.contentLength != *length))
                return DecodeResult::failed(FrameError::BadLength);
            head.contentLength = *length;
        } else if (equalsIgnoringCase(name, "transfer-encoding")) {
            head.chunked = equalsIgnoringCase(lastItem(value), "chunked");
            head.otherCoding = !head.chunked;
        } else if (equalsIgnoringCase(name, "connection")) {
            head.closeAfter = head.closeAfter || listHas(value, "close");
            keepAlive = keepAlive || listHas(value, "keep-alive");
        }
    }
    if (head.minorVersion == 0 && !keepAlive)
        head.closeAfter = true;
    return DecodeResult::complete(head.size);
}

QByteArrayView HttpHead::field(QByteArrayView fields, QByteArrayView name)
{
    for (QByteArrayView lines = fields; !lines.isEmpty();) {
        qsizetype end = lines.indexOf("\r\n");
        if (end < 0)
            end = lines.size();
        const QByteArrayView line = lines.first(end);
        lines = lines.sliced(std::min(end + 2, lines.size()));
        const qsizetype colon = line.indexOf(':');
        if (colon > 0 && equalsIgnoringCase(line.first(colon), name))
            return trimmed(line.sliced(colon + 1));
    }
    return {};
}

DecodeResult scanChunkedBody(QByteArrayView input, qsizetype start, qsizetype limit)
{
    qsizetype at = start;
    for (;;) {
        // chunk-size [; extensions] CRLF, looked for within its limit only
        const qsizetype lineLimit = std::min<qsizetype>(at + MaxChunkLine, limit);
        const QByteArrayView window = input.first(std::min(input.size(), lineLimit)).sliced(at);
        const qsizetype end = window.indexOf("\r\n");
        if (end < 0) {
            if (input.size() >= lineLimit)
                return DecodeResult::failed(lineLimit == limit ? FrameError::TooLarge : FrameError::BadLength);
            return DecodeResult::incomplete(input.size() + 1);
        }
        QByteArrayView sizeText = window.first(end);
        if (const qsizetype semicolon = sizeText.indexOf(';'); semicolon >= 0)
            sizeText = sizeText.first(semicolon);
        sizeText = trimmed(sizeText);
        if (sizeText.isEmpty() || sizeText.size() > 12)
            return DecodeResult::failed(FrameError::BadLength);
        qint64 size = 0;
        for (const char c : sizeText) {
            const int digit = (c >= '0' && c <= '9') ? c - '0'
                : (c >= 'a' && c <= 'f')             ? c - 'a' + 10
                : (c >= 'A' && c <= 'F')             ? c - 'A' + 10
                                                     : -1;
            if (digit < 0)
                return DecodeResult::failed(FrameError::BadLength);
            size = size * 16 + digit;
        }
        at += end + 2;
        if (size == 0)
            break;
        if (at + size + 2 > limit)
            return DecodeResult::failed(FrameError::TooLarge);
        if (input.size() < at + size + 2)
            return DecodeResult::incomplete(at + size + 2);
        if (input[at + size] != '\r' || input[at + size + 1] != '\n')
            return DecodeResult::failed(FrameError::BadSyntax);
        at += size + 2;
    }
    // Trailer fields, then an empty line.
    for (int count = 0;; ++count) {
        if (count > HttpHead::MaxFields)
            return DecodeResult::failed(FrameError::TooManyElements);
        const qsizetype lineLimit = std::min<qsizetype>(at + HttpHead::MaxHeadSize, limit);
        const QByteArrayView window = input.first(std::min(input.size(), lineLimit)).sliced(at);
        const qsizetype end = window.indexOf("\r\n");
        if (end < 0) {
            if (input.size() >= lineLimit)
                return DecodeResult::failed(FrameError::TooLarge);
            return DecodeResult::incomplete(input.size() + 1);
        }
        const QByteArrayView line = window.first(end);
        at += end + 2;
        if (line.isEmpty())
            return DecodeResult::complete(at);
        if (line.indexOf(':') <= 0 || line.contains('\n'))
            return DecodeResult::failed(FrameError::BadSyntax);
    }
}

} // namespace NetCore
