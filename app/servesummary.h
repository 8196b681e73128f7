// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "server/serverconfig.h"
#include "server/servercounters.h"

#include <QTextStream>

/** A server's final counters as `wirebench serve` prints them: a few lines, or one JSON object. */
void printServeTotals(QTextStream &out, const NetCore::ServerCounters &total, const NetCore::ServerConfig &config, bool json);
