// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QList>

namespace NetCore {

/** How a websocket fleet opens its connections (the HTTP upgrade) and what its messages are. */
struct WebSocketUpgrade {
    QByteArray path = "/";     // the request target of the upgrade
    QList<QByteArray> headers; // extra header lines, "Name: value" (Origin, Authorization, a subprotocol)
    bool binary = false;       // messages go as binary frames; else text

    bool operator==(const WebSocketUpgrade &other) const = default;
};

} // namespace NetCore
