// SPDX-License-Identifier: GPL-3.0-or-later
#include "fleet/fleetshard.h"

#include "fleet/evenshare.h"

namespace NetCore {

std::optional<FleetConfig> fleetShard(const FleetConfig &config, int index, int count, QString *error)
{
    if (count < 1 || index < 0 || index >= count) {
        if (error)
            *error = QStringLiteral("part %1 of %2 does not exist (parts count from 0)").arg(index).arg(count);
        return std::nullopt;
    }
    if (config.connections < count) {
        if (error)
            *error = QStringLiteral("%1 connections cannot be shared by %2 parts: each needs one at least").arg(config.connections).arg(count);
        return std::nullopt;
    }
    if (config.messageLimit > 0 && config.messageLimit < count) {
        if (error)
            *error = QStringLiteral("a budget of %1 messages cannot be shared by %2 parts: each needs one at least").arg(config.messageLimit).arg(count);
        return std::nullopt;
    }
    FleetConfig part = config;
    part.connections = int(evenShare(config.connections, index, count));
    const double share = double(part.connections) / double(config.connections);
    part.rate = config.rate * share;
    part.connectRate = config.connectRate * share;
    if (config.messageLimit > 0)
        part.messageLimit = evenShare(config.messageLimit, index, count);
    part.seed = config.seed + 0x9E3779B97F4A7C15ULL * quint64(index); // part 0 keeps the seed it was given
    return part;
}

} // namespace NetCore
