// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "proxy/toxic.h"

#include <QList>
#include <QString>

namespace NetCore {

/** How a proxy listens and where it forwards: Wirebench between a real client and a real server. */
struct ProxyConfig {
    QString host = QStringLiteral("127.0.0.1"); // listen address
    quint16 port = 0;                           // 0: the kernel picks
    QString upstreamHost;                       // an IP address, or "localhost"
    quint16 upstreamPort = 0;
    int connectTimeoutMs = 5000;                // the upstream must accept within this
    /**
     * Bytes held for one direction of one connection before the side they come from
     * is no longer read (backpressure): the kernel's window then closes on that peer.
     */
    qsizetype maxBuffered = 256 * 1024;
    int maxConnections = 100000;
    int listenBacklog = 4096;
    bool sharePort = false;                     // SO_REUSEPORT, for agents of --processes
    QList<Toxic> toxics;                        // armed before the first connection
    quint64 seed = 1;                           // toxicity rolls and jitter, so a run can be repeated
};

} // namespace NetCore
