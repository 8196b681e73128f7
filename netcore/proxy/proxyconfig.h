// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "codec/framing.h"
#include "proxy/framefault.h"
#include "proxy/proxyfaults.h"
#include "proxy/toxic.h"

#include <QList>
#include <QStringList>

#include <optional>
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
     * Bytes held for one direction of one connection, at most: the side they come from
     * is no longer read (backpressure) and the kernel's window closes on that peer.
     */
    qsizetype maxBuffered = 256 * 1024;
    int maxConnections = 100000;
    int listenBacklog = 4096;
    bool sharePort = false;                     // SO_REUSEPORT, for agents of --processes
    /**
     * Once a connect to the upstream fails, new clients are reset at once (not held
     * while a connect times out) until a probe every upstreamProbeMs reaches it again.
     */
    bool refuseWhileUpstreamDown = false;
    int upstreamProbeMs = 500;
    QList<Toxic> toxics;                        // armed before the first connection
    /**
     * With a framing, each direction is cut into frames: per-frame faults apply, and
     * each request is timed to its reply from the server and to its delivery to the client.
     */
    std::optional<Framing> framing;
    QList<FrameFault> frameFaults;              // need a framing
    quint64 seed = 1;                           // toxicity rolls and jitter, so a run can be repeated
    /** Keep every connection's exchange here (docs/capture-format.md); empty: none. */
    QString recordPath;
    QString recordPcapPath;                     // the same as pcapng, for Wireshark; empty: none
    qint64 recordLimit = 100 * 1024 * 1024;     // bytes of capture file, at most: then it ends, forwarding goes on
    qint64 recordOriginNs = 0;                  // set by the proxy at start: events are timed from here

    /** The faults `specs` name (Toxic::parse), checked together; nullopt with the reason. */
    static std::optional<QList<Toxic>> parseToxics(const QStringList &specs, QString *error)
    {
        QList<Toxic> toxics;
        for (const QString &spec : specs) {
            const auto toxic = Toxic::parse(spec, error);
            if (!toxic)
                return std::nullopt;
            toxics << *toxic;
        }
        if (const QString why = checkToxics(toxics); !why.isEmpty()) {
            *error = why;
            return std::nullopt;
        }
        return toxics;
    }
    ProxyFaults faults() const { return ProxyFaults{toxics, frameFaults}; }
    void setFaults(const ProxyFaults &faults)
    {
        toxics = faults.toxics;
        frameFaults = faults.frameFaults;
    }

    /** Why `toxics` cannot go together (two of one name), or empty. */
    static QString checkToxics(const QList<Toxic> &toxics)
    {
        for (qsizetype i = 0; i < toxics.size(); ++i) {
            for (qsizetype j = 0; j < i; ++j) {
                if (toxics[i].name == toxics[j].name)
                    return QStringLiteral("two faults are named %1: name one (name=...)").arg(toxics[i].name);
            }
        }
        return {};
    }
};

} // namespace NetCore
