// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>

namespace NetCore {

/**
 * One line of a rules file: how a request is matched and what is answered.
 *
 *     # a comment
 *     exact PING => PONG
 *     prefix GET  => OK\n
 *     regex ^HELLO (\w+)$ => HI $1
 *     any => ERR unknown command
 *
 * The pattern of `exact` and `prefix` and every reply take escapes (\n \t \xHH...,
 * see EscapedText); a `regex` pattern is a Perl-compatible expression matched
 * against the request as UTF-8, and its reply may use $0..$9 for the captures
 * ($$ for a dollar). The first matching rule answers; no match, no answer.
 */
struct ReplyRule {
    enum class Kind { Exact, Prefix, Regex, Any };
    Kind kind = Kind::Any;
    QByteArray pattern;  // bytes for exact/prefix, the expression's UTF-8 for regex
    QByteArray reply;
    int line = 0;        // in the source, for messages

    /** Parses a whole rules text; `source` names it in errors ("rules.txt line 3: ..."). */
    static std::optional<QList<ReplyRule>> parseAll(const QString &text, const QString &source, QString *error);
};

} // namespace NetCore
