// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArrayView>

#include <optional>

namespace NetCore {

/**
 * Unsigned decimal digits as protocols write lengths (RESP's, HTTP's Content-Length):
 * one or more ASCII digits, at most `maxDigits` of them so the value cannot overflow;
 * nullopt for anything else (a sign, a space, an empty field).
 */
inline std::optional<qint64> parseDecimalDigits(QByteArrayView digits, int maxDigits)
{
    if (digits.isEmpty() || digits.size() > maxDigits)
        return std::nullopt;
    qint64 value = 0;
    for (const char c : digits) {
        if (c < '0' || c > '9')
            return std::nullopt;
        value = value * 10 + (c - '0');
    }
    return value;
}

} // namespace NetCore
