// SPDX-License-Identifier: GPL-3.0-or-later
#include "behaviour/replyrule.h"

#include "text/escapedtext.h"

#include <QRegularExpression>

namespace NetCore {

std::optional<QList<ReplyRule>> ReplyRule::parseAll(const QString &text, const QString &source, QString *error)
{
    QList<ReplyRule> rules;
    const QStringList lines = text.split(QLatin1Char('\n'));
    for (qsizetype index = 0; index < lines.size(); ++index) {
        QString line = lines[index];
        if (line.endsWith(QLatin1Char('\r')))
            line.chop(1);
        const QString trimmed = line.trimmed();
        if (trimmed.isEmpty() || trimmed.startsWith(QLatin1Char('#')))
            continue;
        const int lineNumber = int(index) + 1;
        auto fail = [&](const QString &why) {
            if (error)
                *error = QStringLiteral("%1 line %2: %3").arg(source).arg(lineNumber).arg(why);
            return std::nullopt;
        };
        const qsizetype arrow = trimmed.indexOf(QLatin1String(" => "));
        const bool bareArrowAtEnd = arrow < 0 && trimmed.endsWith(QLatin1String(" =>"));
        if (arrow < 0 && !bareArrowAtEnd)
            return fail(QStringLiteral("expected 'KIND PATTERN => REPLY'"));
        const QString left = bareArrowAtEnd ? trimmed.chopped(3) : trimmed.left(arrow);
        const QString replyText = bareArrowAtEnd ? QString() : trimmed.mid(arrow + 4);
        const qsizetype space = left.indexOf(QLatin1Char(' '));
        const QString kindText = space < 0 ? left : left.left(space);
        const QString patternText = space < 0 ? QString() : left.mid(space + 1).trimmed();

        ReplyRule rule;
        rule.line = lineNumber;
        if (kindText == QLatin1String("exact"))
            rule.kind = Kind::Exact;
        else if (kindText == QLatin1String("prefix"))
            rule.kind = Kind::Prefix;
        else if (kindText == QLatin1String("regex"))
            rule.kind = Kind::Regex;
        else if (kindText == QLatin1String("any"))
            rule.kind = Kind::Any;
        else
            return fail(QStringLiteral("unknown kind '%1' (known: exact, prefix, regex, any)").arg(kindText));

        QString escapeError;
        if (rule.kind == Kind::Regex) {
            const QRegularExpression expression(patternText);
            if (!expression.isValid())
                return fail(QStringLiteral("bad regular expression '%1': %2 at offset %3")
                                .arg(patternText, expression.errorString())
                                .arg(expression.patternErrorOffset()));
            rule.pattern = patternText.toUtf8();
        } else if (rule.kind != Kind::Any) {
            const auto pattern = EscapedText::parse(patternText, &escapeError);
            if (!pattern)
                return fail(QStringLiteral("pattern: %1").arg(escapeError));
            rule.pattern = *pattern;
        } else if (!patternText.isEmpty()) {
            return fail(QStringLiteral("'any' takes no pattern"));
        }
        if ((rule.kind == Kind::Exact || rule.kind == Kind::Prefix || rule.kind == Kind::Regex) && patternText.isEmpty())
            return fail(QStringLiteral("'%1' needs a pattern").arg(kindText));
        const auto reply = EscapedText::parse(replyText, &escapeError);
        if (!reply)
            return fail(QStringLiteral("reply: %1").arg(escapeError));
        rule.reply = *reply;
        rules.append(rule);
    }
    if (rules.isEmpty()) {
        if (error)
            *error = QStringLiteral("%1 has no rules").arg(source);
        return std::nullopt;
    }
    return rules;
}

} // namespace NetCore
