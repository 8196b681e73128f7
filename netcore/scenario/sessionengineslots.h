// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// SessionEngine's own: what it keeps for each server, fleet and proxy it has used.

#include "agents/agentfleet.h"
#include "agents/agentserver.h"
#include "fleet/clientfleet.h"
#include "io/iothreadpool.h"
#include "proxy/tcpproxy.h"
#include "replay/replayfleet.h"
#include "scenario/sessionengine.h"
#include "server/testserver.h"

#include <memory>

namespace NetCore {

struct SessionEngine::ServerSlot {
    // The pool outlives the server (members are destroyed in reverse order).
    std::unique_ptr<IoThreadPool> pool;
    std::unique_ptr<TestServer> server;
    std::unique_ptr<AgentServer> agents; // a server of `processes` > 1

    TestServer::State state() const
    {
        if (agents && agents->state() != TestServer::State::Stopped)
            return agents->state();
        return server->state();
    }
    void stop()
    {
        if (agents)
            agents->stop();
        if (server->state() != TestServer::State::Stopped)
            server->stop();
    }
};

struct SessionEngine::FleetSlot {
    std::unique_ptr<IoThreadPool> pool;
    std::unique_ptr<ClientFleet> fleet;
    std::unique_ptr<AgentFleet> agents; // a fleet of `processes` > 1
    std::unique_ptr<ReplayFleet> replay; // a fleet with "replay"

    bool running() const
    {
        return fleet->state() != ClientFleet::State::Idle || (agents && agents->isRunning()) || (replay && replay->isRunning());
    }
};

struct SessionEngine::ProxySlot {
    std::unique_ptr<IoThreadPool> pool;
    std::unique_ptr<TcpProxy> proxy;
};

} // namespace NetCore
