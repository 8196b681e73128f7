// SPDX-License-Identifier: GPL-3.0-or-later
#include "text/escapedtext.h"

#include "text/hexbytes.h"

namespace NetCore::EscapedText {

std::optional<QByteArray> parse(QStringView text, QString *error)
{
    QByteArray bytes;
    bytes.reserve(text.size());
    qsizetype plainStart = 0;
    auto flushPlain = [&](qsizetype end) { bytes += text.mid(plainStart, end - plainStart).toUtf8(); };
    for (qsizetype i = 0; i < text.size(); ++i) {
        if (text[i] != QLatin1Char('\\'))
            continue;
        flushPlain(i);
        if (i + 1 >= text.size()) {
            if (error)
                *error = QStringLiteral("a lone backslash at the end (position %1); write \\\\ for a backslash").arg(i + 1);
            return std::nullopt;
        }
        const QChar kind = text[i + 1];
        switch (kind.unicode()) {
        case 'n': bytes += '\n'; break;
        case 'r': bytes += '\r'; break;
        case 't': bytes += '\t'; break;
        case '0': bytes += '\0'; break;
        case '\\': bytes += '\\'; break;
        case 'x': {
            const int high = i + 2 < text.size() ? HexBytes::digitValue(text[i + 2]) : -1;
            const int low = i + 3 < text.size() ? HexBytes::digitValue(text[i + 3]) : -1;
            if (high < 0 || low < 0) {
                if (error)
                    *error = QStringLiteral("\\x at position %1 needs two hex digits").arg(i + 1);
                return std::nullopt;
            }
            bytes += char(high * 16 + low);
            i += 2;
            break;
        }
        default:
            if (error)
                *error = QStringLiteral("unknown escape \\%1 at position %2 (known: \\n \\r \\t \\0 \\\\ \\xHH)")
                             .arg(kind)
                             .arg(i + 1);
            return std::nullopt;
        }
        ++i;
        plainStart = i + 1;
    }
    flushPlain(text.size());
    return bytes;
}

QString format(QByteArrayView bytes)
{
    QString text;
    text.reserve(bytes.size());
    for (const char byte : bytes) {
        const auto c = static_cast<unsigned char>(byte);
        switch (c) {
        case '\n': text += QLatin1String("\\n"); break;
        case '\r': text += QLatin1String("\\r"); break;
        case '\t': text += QLatin1String("\\t"); break;
        case '\\': text += QLatin1String("\\\\"); break;
        default:
            if (c >= 0x20 && c < 0x7f)
                text += QLatin1Char(char(c));
            else
                text += QStringLiteral("\\x%1").arg(uint(c), 2, 16, QLatin1Char('0'));
        }
    }
    return text;
}

} // namespace NetCore::EscapedText
