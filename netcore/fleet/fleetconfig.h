// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "codec/framing.h"
#include "fleet/hellomessage.h"
#include "fleet/replymatch.h"
#include "fleet/websocketupgrade.h"
#include "tls/tlsclientsettings.h"

#include <QByteArray>
#include <QHostAddress>
#include <QList>
#include <QString>

#include <optional>

namespace NetCore {

/** Everything a client fleet is started with. */
struct FleetConfig {
    enum class Schedule {
        ClosedLoop, // `window` messages in flight per connection; a reply releases the next
        OpenLoop,   // `rate` messages/s in all, whatever the replies do
    };

    QString host = QStringLiteral("127.0.0.1");
    quint16 port = 0;
    int connections = 1;
    Framing framing = Framing::Wb1;
    std::optional<Framing> replyFraming; // how replies are framed, when not as requests are (memcached's END\r\n)
    qsizetype maxPayload = 0;        // 0: the framing's default (replies above it are errors)
    qsizetype payloadSize = 64;
    bool randomPayload = false;      // random bytes instead of a fixed pattern (printable for line framing)
    QList<QByteArray> messages;      // when set, sent in turn on each connection instead of a payload
    quint8 wb1Type = 0x01;           // WB1 frame type sent (DATA)
    quint16 wb1Flags = 0;            // WB1 flags sent; NO_REPLY (0x0001) sends fire and forget (open loop only)
    std::optional<ReplyMatch> match; // how replies pair with requests; unset: by the framing (ReplyMatch::defaultFor)
    QList<HelloMessage> hello;       // sent in order when each connection opens, each awaiting its reply
    QList<QByteArray> goodbye;       // sent before a graceful close (stored template form)
    WebSocketUpgrade webSocket;      // websocket framing: the upgrade's path and headers, text or binary
    TlsClientSettings tls;           // TLS over any framing (off unless enabled)

    Schedule schedule = Schedule::ClosedLoop;
    int window = 1;                  // closed loop: 1 is ping-pong
    double rate = 1000.0;            // open loop: messages per second over all connections
    bool poisson = false;            // open loop: exponential gaps instead of constant spacing
    int maxInFlight = 0;             // open loop: per-connection cap (0: none); later messages wait

    qint64 messageLimit = 0;         // stop sending after this many in all (0: no limit)
    double connectRate = 0;          // connects per second over the fleet (a ramp); 0: all at once
    bool reconnect = false;          // reopen a connection after a close or a failure, with back-off
    int reconnectInitialMs = 100;    // first back-off; doubles per failed attempt, with jitter
    int reconnectMaxMs = 10000;
    QList<QHostAddress> sourceAddresses; // local addresses, one per connection in turn (none: the system's choice)
    int connectTimeoutMs = 5000;
    int replyTimeoutMs = 10000;
    qint64 startAtMsSinceEpoch = 0;  // --start-at: connect at once, send from this instant on (0 or past: at once)
    quint64 seed = 1;                // for Poisson arrivals: same seed, same schedule
    qsizetype maxBacklog = 1 << 16;  // per connection: messages due but held back; more are dropped and counted
};

} // namespace NetCore
