// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "codec/frameerror.h"
#include "tls/tlserror.h"

#include <QJsonObject>

#include <array>

namespace NetCore {

/** What a client fleet (or one I/O thread of it) has counted. Summed across threads. */
struct FleetCounters {
    static constexpr int ErrorKinds = int(FrameError::Last) + 1;

    quint64 sent = 0;
    quint64 received = 0;            // replies matched to a request
    quint64 timeouts = 0;            // requests with no reply within the reply timeout
    quint64 bytesOut = 0;
    quint64 bytesIn = 0;
    quint64 connectsStarted = 0;
    quint64 connectsSucceeded = 0;
    quint64 connectFailures = 0;     // refused, unreachable, timed out, out of descriptors or ports
    quint64 disconnects = 0;         // closed by the peer or the network while in use
    quint64 closed = 0;              // connections that were open and ended, for whatever reason
    quint64 errorFrames = 0;         // WB1 ERROR frames received from the server
    quint64 unmatched = 0;           // replies for no outstanding request
    quint64 lost = 0;                // requests outstanding when their connection ended
    quint64 unsent = 0;              // messages due while no connection was open
    quint64 backlogOverflows = 0;    // messages dropped because a connection's backlog was full
    quint64 reconnects = 0;          // connection attempts after a close or a failure (--reconnect)
    quint64 serverErrors = 0;        // replies that are the server's error (RESP's -ERR): replies, timed, counted apart
    quint64 serverCloses = 0;        // connections the server ended after a reply saying so (HTTP's Connection: close), reopened at once
    quint64 resent = 0;              // requests a server close left unanswered, sent again on the new connection (also in sent)
    quint64 status2xx = 0;           // http1 replies by status class: replies, timed, counted apart
    quint64 status3xx = 0;
    quint64 status4xx = 0;
    quint64 status5xx = 0;
    quint64 tlsFull = 0;             // TLS handshakes done in full
    quint64 tlsResumed = 0;          // TLS handshakes that resumed an earlier session
    quint64 replyDifferences = 0;    // a replay's replies unlike the recording's (or not whole in time); also received
    std::array<quint64, ErrorKinds> decodeErrors{}; // malformed replies, by FrameError
    // TLS failures by kind (TlsError); each is also a connect failure (in the handshake) or a disconnect.
    std::array<quint64, TlsErrorKinds> tlsErrors{};

    quint64 tlsErrorTotal() const;
    /** Everything that went wrong, timeouts and unmatched replies excepted (they are reported apart). */
    quint64 errorTotal() const;
    /** Counts an HTTP reply's status in its class (2xx to 5xx; others are not counted). */
    void countStatus(int status);
    qint64 connectionsOpen() const { return qint64(connectsSucceeded) - qint64(closed); }

    FleetCounters &operator+=(const FleetCounters &other);
    FleetCounters since(const FleetCounters &earlier) const;
    QJsonObject toJson() const;
    /** toJson()'s inverse; unknown names are ignored, a negative or non-numeric count reads as 0. */
    static FleetCounters fromJson(const QJsonObject &object);
};

} // namespace NetCore
