// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/serverbehaviour.h"

#include "engine/echobehaviour.h"

namespace NetCore {

std::unique_ptr<ServerBehaviour> ServerBehaviour::create(const QString &spec, QString *error)
{
    if (spec.compare(QLatin1String("echo"), Qt::CaseInsensitive) == 0)
        return std::make_unique<EchoBehaviour>();
    if (error)
        *error = QStringLiteral("unknown behaviour '%1' (known: echo)").arg(spec);
    return nullptr;
}

} // namespace NetCore
