// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "metrics/connectionstats.h"

#include <QList>
#include <QMetaType>

namespace NetCore {

/**
 * A proxy's connections as the window's connection table shows them: each proxied
 * connection twice, as the client's side (the proxy's accepted socket) and as the
 * upstream side (the proxy's own connection to the server), under one id.
 */
struct ProxyConnectionRows {
    QList<ConnectionStats> clientSide;
    QList<ConnectionStats> upstreamSide;

    ProxyConnectionRows &operator+=(const ProxyConnectionRows &other)
    {
        clientSide += other.clientSide;
        upstreamSide += other.upstreamSide;
        return *this;
    }
};

} // namespace NetCore

Q_DECLARE_METATYPE(NetCore::ProxyConnectionRows)
