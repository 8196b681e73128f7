// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "behaviour/replyrule.h"
#include "behaviour/serverbehaviour.h"

#include <QRegularExpression>

#include <vector>

namespace NetCore {

/** Answers by the first matching rule of a table, the way people script a fake server. */
class RulesBehaviour final : public ServerBehaviour
{
public:
    explicit RulesBehaviour(const QList<ReplyRule> &rules);
    void onRequest(const Frame &request, ServerReplies &replies) override;

    /** The answer to `request`, or nullopt when no rule matches. */
    std::optional<QByteArray> answer(QByteArrayView request) const;

private:
    struct CompiledRule {
        ReplyRule rule;
        QRegularExpression expression; // compiled here: each I/O thread has its own
    };
    std::vector<CompiledRule> m_rules;
};

} // namespace NetCore
