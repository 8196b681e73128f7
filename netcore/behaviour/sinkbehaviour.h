// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "behaviour/serverbehaviour.h"

namespace NetCore {

/** Reads and discards: never answers (the requests are still counted). */
class SinkBehaviour final : public ServerBehaviour
{
public:
    void onRequest(const Frame &, ServerReplies &) override {}
};

} // namespace NetCore
