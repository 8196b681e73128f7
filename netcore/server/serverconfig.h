// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "behaviour/behaviourspec.h"
#include "behaviour/faultplan.h"
#include "codec/framing.h"
#include "tls/tlsserversettings.h"

#include <optional>

#include <QString>

namespace NetCore {

/** Everything a test server is started with. Zero means "none" for the limits that say so. */
struct ServerConfig {
    QString host = QStringLiteral("127.0.0.1");
    quint16 port = 0;                      // 0: any free port (the bound one is reported)
    bool sharePort = false;                // SO_REUSEPORT: other processes may listen on the same port (serve --processes)
    Framing framing = Framing::Wb1;
    std::optional<Framing> replyFraming; // how replies are framed, when not as requests are
    qsizetype maxPayload = 0;              // 0: the framing's default
    BehaviourSpec behaviour;               // echo unless told otherwise
    FaultPlan faults;                      // none unless told otherwise
    quint64 seed = 1;                      // for jitter and faults: same seed, same run
    int maxConnections = 100000;           // more are accepted and closed at once, and counted
    int idleTimeoutMs = 0;                 // 0: none; else close a connection silent this long
    int frameDeadlineMs = 10000;           // a started frame must be complete within this (slowloris)
    qsizetype maxPendingOutput = 4 << 20;  // per connection; above it the server stops reading
    int listenBacklog = 4096;
    TlsServerSettings tls;                 // TLS on every connection (off unless enabled)
};

} // namespace NetCore
