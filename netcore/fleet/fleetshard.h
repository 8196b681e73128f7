// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "fleet/fleetconfig.h"

#include <QString>

#include <optional>

namespace NetCore {

/**
 * Part `index` (0-based) of `count` of a fleet, for shards on several machines
 * (--shard) and agent processes (--processes): connections and the message budget
 * shared out exactly (evenShare: the parts add up to the whole), the open-loop rate
 * and the connect ramp in proportion to the connections, and a seed of its own so
 * the parts' Poisson arrivals and payloads differ. Nullopt with `error` when a part
 * would get no connection or no message: fewer than there are parts.
 */
std::optional<FleetConfig> fleetShard(const FleetConfig &config, int index, int count, QString *error);

} // namespace NetCore
