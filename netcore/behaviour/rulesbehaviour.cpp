// SPDX-License-Identifier: GPL-3.0-or-later
#include "behaviour/rulesbehaviour.h"

namespace NetCore {

namespace {

// $0..$9 become captures, $$ a dollar; anything else stays as written.
QByteArray substituteCaptures(const QByteArray &reply, const QRegularExpressionMatch &match)
{
    QByteArray out;
    out.reserve(reply.size());
    for (qsizetype i = 0; i < reply.size(); ++i) {
        const char c = reply[i];
        if (c == '$' && i + 1 < reply.size()) {
            const char next = reply[i + 1];
            if (next == '$') {
                out += '$';
                ++i;
                continue;
            }
            if (next >= '0' && next <= '9') {
                out += match.captured(next - '0').toUtf8();
                ++i;
                continue;
            }
        }
        out += c;
    }
    return out;
}

} // namespace

RulesBehaviour::RulesBehaviour(const QList<ReplyRule> &rules)
{
    m_rules.reserve(size_t(rules.size()));
    for (const ReplyRule &rule : rules) {
        CompiledRule compiled{rule, {}};
        if (rule.kind == ReplyRule::Kind::Regex) {
            compiled.expression.setPattern(QString::fromUtf8(rule.pattern));
            compiled.expression.optimize();
        }
        m_rules.push_back(std::move(compiled));
    }
}

std::optional<QByteArray> RulesBehaviour::answer(QByteArrayView request) const
{
    for (const CompiledRule &compiled : m_rules) {
        const ReplyRule &rule = compiled.rule;
        switch (rule.kind) {
        case ReplyRule::Kind::Exact:
            if (request == QByteArrayView(rule.pattern))
                return rule.reply;
            break;
        case ReplyRule::Kind::Prefix:
            if (request.startsWith(QByteArrayView(rule.pattern)))
                return rule.reply;
            break;
        case ReplyRule::Kind::Regex: {
            const QRegularExpressionMatch match = compiled.expression.match(QString::fromUtf8(request));
            if (match.hasMatch())
                return substituteCaptures(rule.reply, match);
            break;
        }
        case ReplyRule::Kind::Any:
            return rule.reply;
        }
    }
    return std::nullopt;
}

void RulesBehaviour::onRequest(const Frame &request, ServerReplies &replies)
{
    if (const auto reply = answer(request.payload))
        replies.reply(*reply);
}

} // namespace NetCore
