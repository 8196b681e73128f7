// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QRegularExpression>
#include <QString>

#include <optional>

namespace NetCore {

/**
 * Which frames an aimed fault applies to, as the servers' rules match requests:
 * "exact:TEXT", "prefix:TEXT" (both with escapes, \n \xHH...) or "regex:EXPRESSION"
 * (Perl-compatible, against the payload as UTF-8).
 */
class FrameMatch
{
public:
    static std::optional<FrameMatch> parse(const QString &text, QString *error = nullptr);

    bool matches(QByteArrayView payload) const;
    /** As parsed: parse(text()) matches the same frames. */
    QString text() const { return m_text; }
    bool operator==(const FrameMatch &other) const { return m_text == other.m_text; }

private:
    enum class Kind { Exact, Prefix, Regex };
    Kind m_kind = Kind::Exact;
    QByteArray m_bytes;
    QRegularExpression m_expression;
    QString m_text;
};

} // namespace NetCore
