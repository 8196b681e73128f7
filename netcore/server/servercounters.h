// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "codec/frameerror.h"
#include "tls/tlserror.h"

#include <QJsonObject>

#include <array>

namespace NetCore {

/**
 * What a server (or one of its I/O threads) has counted. Plain numbers, added up
 * across threads; connections open now = accepted - closed.
 */
struct ServerCounters {
    static constexpr int ErrorKinds = int(FrameError::Last) + 1;

    quint64 connectionsAccepted = 0;
    quint64 connectionsRefused = 0;
    quint64 acceptErrors = 0;        // accept() failed (out of descriptors): the peer waits in the backlog
    quint64 connectionsClosed = 0;
    quint64 framesIn = 0;
    quint64 framesOut = 0;
    quint64 bytesIn = 0;
    quint64 bytesOut = 0;
    quint64 unsolicited = 0;         // REPLY or ERROR frames nobody asked for: counted, never answered
    quint64 idleTimeouts = 0;
    quint64 frameDeadlineTimeouts = 0;
    quint64 backpressurePauses = 0;  // times a connection stopped being read because its peer did not read
    // Injected faults (see FaultPlan)
    quint64 repliesDropped = 0;
    quint64 repliesCorrupted = 0;
    quint64 faultCloses = 0;         // connections closed by close-after or close
    quint64 stalls = 0;              // stall periods begun (per I/O thread)
    quint64 faultRefusals = 0;       // connections refused by the refuse fault (also in connectionsRefused)
    quint64 tlsAborts = 0;           // handshakes answered with a fatal alert by the tls-abort fault
    quint64 tlsFull = 0;             // TLS handshakes done in full
    quint64 tlsResumed = 0;          // TLS handshakes that resumed a session (ticket or id)
    std::array<quint64, ErrorKinds> errors{}; // protocol violations received, by FrameError
    std::array<quint64, TlsErrorKinds> tlsErrors{}; // TLS failures by kind (the connection closed)

    quint64 errorTotal() const;
    qint64 connectionsOpen() const { return qint64(connectionsAccepted) - qint64(connectionsClosed); }

    ServerCounters &operator+=(const ServerCounters &other);
    /** The difference this - earlier, for interval figures. */
    ServerCounters since(const ServerCounters &earlier) const;

    /** Every counter by name, errors as {"bad-magic": n, ...} with only non-zero codes. */
    QJsonObject toJson() const;
    /** toJson()'s inverse (agents' counters summed by `serve --processes`); unknown names ignored. */
    static ServerCounters fromJson(const QJsonObject &object);
};

} // namespace NetCore
