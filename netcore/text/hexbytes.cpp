// SPDX-License-Identifier: GPL-3.0-or-later
#include "text/hexbytes.h"

namespace NetCore::HexBytes {

int digitValue(QChar c)
{
    const char16_t u = c.unicode();
    if (u >= '0' && u <= '9')
        return u - '0';
    if (u >= 'a' && u <= 'f')
        return u - 'a' + 10;
    if (u >= 'A' && u <= 'F')
        return u - 'A' + 10;
    return -1;
}

namespace {

bool isSeparator(QChar c)
{
    return c.isSpace() || c == u':' || c == u'-' || c == u',';
}

} // namespace

std::optional<QByteArray> parse(QStringView text, QString *error)
{
    QByteArray bytes;
    bytes.reserve(text.size() / 2);
    int high = -1;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text[i];
        if (high < 0 && isSeparator(c))
            continue;
        if (high < 0 && c == u'0' && i + 1 < text.size() && (text[i + 1] == u'x' || text[i + 1] == u'X')) {
            ++i;
            continue;
        }
        const int value = digitValue(c);
        if (value < 0) {
            if (error) {
                *error = high < 0 ? QStringLiteral("'%1' at position %2 is not a hex digit").arg(c).arg(i + 1)
                                  : QStringLiteral("'%1' at position %2 splits a byte in two").arg(c).arg(i + 1);
            }
            return std::nullopt;
        }
        if (high < 0) {
            high = value;
        } else {
            bytes.append(char((high << 4) | value));
            high = -1;
        }
    }
    if (high >= 0) {
        if (error)
            *error = QStringLiteral("odd number of hex digits: the last byte has only one");
        return std::nullopt;
    }
    return bytes;
}

QString format(QByteArrayView bytes)
{
    return QString::fromLatin1(bytes.toByteArray().toHex(' '));
}

QString dump(QByteArrayView bytes, qsizetype maxBytes)
{
    QString out;
    const qsizetype shown = qMin(bytes.size(), qMax<qsizetype>(maxBytes, 0));
    for (qsizetype line = 0; line < shown; line += 16) {
        out += QStringLiteral("%1  ").arg(line, 8, 16, QLatin1Char('0'));
        QString ascii;
        for (qsizetype i = line; i < line + 16; ++i) {
            if (i < shown) {
                const auto byte = uchar(bytes[i]);
                out += QStringLiteral("%1 ").arg(byte, 2, 16, QLatin1Char('0'));
                ascii += (byte >= 0x20 && byte < 0x7f) ? QChar(byte) : QChar(u'.');
            } else {
                out += QStringLiteral("   ");
            }
            if (i == line + 7)
                out += u' ';
        }
        out += u' ' + ascii + u'\n';
    }
    if (shown < bytes.size())
        out += QStringLiteral("... %1 more bytes not shown\n").arg(bytes.size() - shown);
    return out;
}

} // namespace NetCore::HexBytes
