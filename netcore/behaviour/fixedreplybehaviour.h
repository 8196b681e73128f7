// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "behaviour/serverbehaviour.h"

#include <QByteArray>

namespace NetCore {

/** Answers every request with the same payload, whatever was asked. */
class FixedReplyBehaviour final : public ServerBehaviour
{
public:
    explicit FixedReplyBehaviour(QByteArray payload) : m_payload(std::move(payload)) {}
    void onRequest(const Frame &, ServerReplies &replies) override { replies.reply(m_payload); }

private:
    QByteArray m_payload;
};

} // namespace NetCore
