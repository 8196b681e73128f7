// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "proxy/proxyconfig.h"

namespace NetCore {

/** A proxy of a session: a name fleets and steps refer to, where it listens, and where it forwards. */
struct ProxyDefinition {
    QString name;
    ProxyConfig config;    // its upstream an address, unless upstreamServer names one
    QString upstreamServer; // a session server's name: forwarded to wherever it listens
    int threads = 0;        // I/O threads of its own; 0: one per core
};

} // namespace NetCore
