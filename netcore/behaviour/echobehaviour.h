// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "behaviour/serverbehaviour.h"

namespace NetCore {

/** Answers every request with its own payload. */
class EchoBehaviour final : public ServerBehaviour
{
public:
    void onRequest(const Frame &request, ServerReplies &replies) override { replies.reply(request.payload); }
};

} // namespace NetCore
