// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "session/fleetdefinition.h"

#include <QJsonObject>

namespace NetCore {

class JsonReader;

/** A session file's fleet object, read (errors noted in `reader`) and written back as read. */
namespace FleetJson {
FleetDefinition read(JsonReader &reader, const QJsonObject &object, const QString &path);
QJsonObject write(const FleetDefinition &fleet);
} // namespace FleetJson

} // namespace NetCore
