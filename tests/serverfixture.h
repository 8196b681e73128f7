// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "io/iothreadpool.h"
#include "server/testserver.h"

#include <QDebug>
#include <QSignalSpy>

/** A TestServer on its own two I/O threads, started and waited for. */
class ServerFixture
{
public:
    quint16 start(NetCore::ServerConfig config = {})
    {
        QSignalSpy started(&server, &NetCore::TestServer::started);
        QSignalSpy failed(&server, &NetCore::TestServer::failed);
        server.setSnapshotInterval(20);
        server.start(config);
        if (!started.wait(5000)) {
            qWarning() << "server did not start:" << failed;
            return 0;
        }
        return server.port();
    }

    NetCore::ServerCounters totals() const { return server.lastSnapshot().total; }

    /**
     * Waits until every I/O thread has handled what was posted to it before (a
     * behaviour or fault change): a snapshot collected after it went through each
     * thread's queue, in order.
     */
    bool settle()
    {
        QSignalSpy snapshots(&server, &NetCore::TestServer::snapshotReady);
        return snapshots.wait(5000) && snapshots.wait(5000);
    }

    NetCore::IoThreadPool pool{2};
    NetCore::TestServer server{pool};
};
