// SPDX-License-Identifier: GPL-3.0-or-later
#include "proxy/framematch.h"

#include "text/escapedtext.h"

namespace NetCore {

std::optional<FrameMatch> FrameMatch::parse(const QString &text, QString *error)
{
    auto fail = [&](const QString &why) -> std::optional<FrameMatch> {
        if (error)
            *error = QStringLiteral("match '%1': %2").arg(text, why);
        return std::nullopt;
    };
    const qsizetype colon = text.indexOf(QLatin1Char(':'));
    const QString kind = text.left(colon);
    const QString pattern = colon < 0 ? QString() : text.mid(colon + 1);
    FrameMatch match;
    match.m_text = text;
    if (kind == QLatin1String("exact") || kind == QLatin1String("prefix")) {
        QString why;
        const auto bytes = EscapedText::parse(pattern, &why);
        if (!bytes)
            return fail(why);
        match.m_kind = kind == QLatin1String("exact") ? Kind::Exact : Kind::Prefix;
        match.m_bytes = *bytes;
    } else if (kind == QLatin1String("regex")) {
        match.m_kind = Kind::Regex;
        match.m_expression = QRegularExpression(pattern);
        if (!match.m_expression.isValid())
            return fail(QStringLiteral("not a regular expression: %1").arg(match.m_expression.errorString()));
        match.m_expression.optimize();
    } else {
        return fail(QStringLiteral("expected exact:TEXT, prefix:TEXT or regex:EXPRESSION"));
    }
    return match;
}

bool FrameMatch::matches(QByteArrayView payload) const
{
    switch (m_kind) {
    case Kind::Exact: return payload == QByteArrayView(m_bytes);
    case Kind::Prefix: return payload.startsWith(QByteArrayView(m_bytes));
    case Kind::Regex: return m_expression.match(QString::fromUtf8(payload)).hasMatch();
    }
    return false;
}

} // namespace NetCore
