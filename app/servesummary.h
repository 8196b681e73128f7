// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "server/serverconfig.h"
#include "server/servercounters.h"

#include <QTextStream>

#include <QJsonObject>

/**
 * A server's final counters as `wirebench serve` prints them: a few lines, or one JSON
 * object (with `extra`'s members: what the agents of --processes add).
 */
void printServeTotals(QTextStream &out, const NetCore::ServerCounters &total, const NetCore::ServerConfig &config, bool json,
                      const QJsonObject &extra = {});
