// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QJsonObject>
#include <QtGlobal>

namespace NetCore {

/**
 * A proxy's counts, summed over its I/O threads. "Upstream" is the client → server
 * direction, "downstream" server → client (as Toxiproxy names them).
 */
struct ProxyCounters {
    quint64 connectionsAccepted = 0;
    quint64 connectionsRefused = 0;   // past the connection limit
    quint64 connectionsClosed = 0;    // both legs gone
    quint64 upstreamConnected = 0;    // the server accepted the proxy's connection
    quint64 upstreamRefused = 0;      // the server refused it, or could not be reached
    quint64 upstreamTimeouts = 0;     // the server did not accept within the connect timeout
    quint64 bytesUpstream = 0;        // forwarded client → server
    quint64 bytesDownstream = 0;      // forwarded server → client
    quint64 chunksUpstream = 0;       // reads forwarded (a read is one chunk)
    quint64 chunksDownstream = 0;
    quint64 halfClosesUpstream = 0;   // the client finished sending; passed on to the server
    quint64 halfClosesDownstream = 0; // the server finished sending; passed on to the client
    quint64 resetsFromClient = 0;     // the client's side failed or reset; the server's was reset
    quint64 resetsFromServer = 0;
    quint64 pausesUpstream = 0;       // the client was not read: the server side held maxBuffered
    quint64 pausesDownstream = 0;
    quint64 toxicCloses = 0;          // connections a toxic closed (timeout, limit_data)
    quint64 toxicResets = 0;          // connections a toxic reset (reset_peer)
    quint64 refusedUpstreamDown = 0;  // clients reset at once: the upstream was down (refuseWhileUpstreamDown)
    // With a framing:
    quint64 framesUpstream = 0;       // requests, client → server
    quint64 framesDownstream = 0;     // replies, server → client
    quint64 framesDropped = 0;        // by a drop fault
    quint64 framesCorrupted = 0;      // by a corrupt fault
    quint64 framesDelayed = 0;        // held back by a delay or stall fault
    quint64 repliesTimed = 0;         // replies paired with their request
    quint64 framingAbandoned = 0;     // directions whose bytes stopped decoding (passed on as they came)
    quint64 recordLost = 0;           // recorded events past what an interval may hold (not in the capture)
    quint64 bufferedPeak = 0;         // most bytes one direction of one connection held
    bool upstreamDown = false;        // the last connect to the upstream (on any thread) failed
    qint64 upstreamSeenNs = 0;        // when that last connect's outcome came (CLOCK_MONOTONIC): the latest thread's wins

    ProxyCounters &operator+=(const ProxyCounters &other);
    /** What happened since `earlier` (bufferedPeak and upstreamDown: the later ones). */
    ProxyCounters since(const ProxyCounters &earlier) const;
    quint64 connectionsOpen() const { return connectionsAccepted - connectionsClosed; }
    quint64 upstreamFailures() const { return upstreamRefused + upstreamTimeouts; }
    QJsonObject toJson() const;
    /** toJson()'s inverse; unknown names ignored. */
    static ProxyCounters fromJson(const QJsonObject &object);
};

} // namespace NetCore
