// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "server/serverconfig.h"

#include <QStringList>

/**
 * `wirebench serve --processes N ...`: N server processes on one port (SO_REUSEPORT;
 * the kernel spreads the connections over them). The first picks the port when it is
 * 0, the others join it; "listening on HOST:PORT (N processes)" is printed once all
 * listen. At the end their counters are summed and printed as one server prints them
 * (with `json`, as JSON), then what each accepted. An agent that fails stops the
 * others, exit code 3. `arguments` are the command's own, without --processes.
 */
int runServeAgents(const QStringList &arguments, int processes, const NetCore::ServerConfig &config, bool json);
