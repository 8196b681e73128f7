// SPDX-License-Identifier: GPL-3.0-or-later
#include "session/sessionshard.h"

#include "fleet/evenshare.h"
#include "fleet/fleetshard.h"

namespace NetCore {

std::optional<Session> sessionShard(const Session &session, int index, int count, QString *error)
{
    Session part = session;
    if (count <= 1)
        return part;
    for (FleetDefinition &fleet : part.fleets) {
        QString why;
        const std::optional<FleetConfig> share = fleetShard(fleet.config, index, count, &why);
        if (!share) {
            if (error)
                *error = QStringLiteral("fleet %1: %2").arg(fleet.name, why);
            return std::nullopt;
        }
        fleet.config = *share;
    }
    for (int i = 0; i < part.scenario.size(); ++i) {
        ScenarioStep &step = part.scenario[i];
        const bool counted = step.kind == ScenarioStep::Kind::Send
            || (step.kind == ScenarioStep::Kind::Wait && step.until == QLatin1String("received"));
        if (!counted || step.count <= 0)
            continue;
        if (step.count < count) {
            if (error)
                *error = QStringLiteral("step %1 (%2): %3 messages cannot be shared by %4 parts: each needs one at least")
                             .arg(i + 1)
                             .arg(step.describe())
                             .arg(step.count)
                             .arg(count);
            return std::nullopt;
        }
        step.count = evenShare(step.count, index, count);
    }
    return part;
}

} // namespace NetCore
