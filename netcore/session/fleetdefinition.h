// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "fleet/fleetconfig.h"
#include "fleet/replywarnings.h"
#include "session/exchangemessage.h"

#include <QList>

namespace NetCore {

/**
 * A client fleet of a session. Its target is one of the session's servers (by name,
 * its port known once started) or any host:port; what it sends is a payload size or
 * one of the session's named templates. Its opening and closing exchanges are kept
 * as written (resolved into config.hello / config.goodbye when it starts). A fleet
 * with `replay` plays a proxy's capture instead (ReplayFleet): its connections, target,
 * reply timeout and seed matter, the rest of what a fleet sends does not.
 */
struct FleetDefinition {
    QString name;
    QString server;        // a session server's name; empty: config.host/config.port
    QString templateName;  // a named template; empty: config.payloadSize / randomPayload
    FleetConfig config;
    QList<ExchangeMessage> hello;
    QList<ExchangeMessage> goodbye;
    int threads = 0;       // I/O threads of its own; 0: one per core
    int processes = 1;     // agent processes sharing it out (AgentFleet); 1: in this process
    QString replay;        // a capture (docs/capture-format.md) to play; relative to the session file
    double replaySpeed = 0; // 0: each request once the previous reply came; X: at the recorded times, X times as fast

    /**
     * replyWarnings() of its figures. None for a replay: its differences say what went
     * wrong, and its replies are framed as the capture's, not as `config.framing`.
     */
    QStringList warningsAbout(const FleetCounters &counters) const
    {
        return replay.isEmpty() ? replyWarnings(counters, config.framing) : QStringList{};
    }
};

} // namespace NetCore
