// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/serverbehaviour.h"

namespace NetCore {

/** Answers every request with its own payload. */
class EchoBehaviour final : public ServerBehaviour
{
public:
    QString spec() const override { return QStringLiteral("echo"); }
    void onRequest(const Frame &request, ServerReplies &replies) override { replies.reply(request.payload); }
};

} // namespace NetCore
