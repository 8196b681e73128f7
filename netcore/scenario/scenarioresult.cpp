// SPDX-License-Identifier: GPL-3.0-or-later
#include "scenario/scenarioresult.h"

namespace NetCore {

QString CheckResult::describe() const
{
    return QStringLiteral("%1 of %2%3: %4 %5 %6: %7")
        .arg(metric, fleet, phase.isEmpty() ? QString() : QStringLiteral(" in ") + phase)
        .arg(measured, 0, 'g', 8)
        .arg(op)
        .arg(bound, 0, 'g', 8)
        .arg(passed ? QStringLiteral("passed") : QStringLiteral("FAILED"));
}

bool ScenarioResult::checksPassed() const
{
    for (const CheckResult &check : checks) {
        if (!check.passed)
            return false;
    }
    return true;
}

int ScenarioResult::exitCode() const
{
    if (!failure.isEmpty() || cancelled || !reportErrors.isEmpty())
        return 3;
    return checksPassed() ? 0 : 1;
}

} // namespace NetCore
