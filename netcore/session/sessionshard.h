// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "session/session.h"

#include <QString>

#include <optional>

namespace NetCore {

/**
 * Part `index` (0-based) of `count` of a session, for `run --shard` and `run
 * --processes`: each fleet its fleetShard(), and the scenario's message counts (a
 * send step's, a wait for replies) shared out the same way, so a part waits for its
 * own share and not for the whole run's. Servers and the rest of the scenario are
 * every part's. Nullopt with `error` naming the fleet or step that cannot be shared.
 */
std::optional<Session> sessionShard(const Session &session, int index, int count, QString *error);

} // namespace NetCore
