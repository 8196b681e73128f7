// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "server/serverconfig.h"

namespace NetCore {

/** A test server of a session: a name the scenario refers to, and how to start it. */
struct ServerDefinition {
    QString name;
    ServerConfig config;
    int threads = 0; // I/O threads of its own; 0: one per core
    int processes = 1; // more than one: served by agent processes on one port (SO_REUSEPORT)
};

} // namespace NetCore
