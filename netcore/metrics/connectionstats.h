// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QMetaType>
#include <QString>

namespace NetCore {

/** Where a fleet's connection is in its life. */
enum class ConnectionState : quint8 { Idle, Connecting, Open, Closing, Closed };

inline QString connectionStateName(ConnectionState state)
{
    switch (state) {
    case ConnectionState::Idle: return QStringLiteral("waiting");
    case ConnectionState::Connecting: return QStringLiteral("connecting");
    case ConnectionState::Open: return QStringLiteral("open");
    case ConnectionState::Closing: return QStringLiteral("closing");
    case ConnectionState::Closed: return QStringLiteral("closed");
    }
    return {};
}

/** One fleet connection's figures, as read on request (the window's connection table). */
struct ConnectionStats {
    int id = 0;
    ConnectionState state = ConnectionState::Idle;
    quint64 sent = 0;
    quint64 received = 0;
    quint64 errors = 0;
    quint64 reconnects = 0;
    int inFlight = 0;
    QString local;            // "127.0.0.1:43210" once connected
    QString remote;           // the target, "127.0.0.1:9000"
    qint64 lastRoundTripNs = 0;
    qint64 maxRoundTripNs = 0;
    QString detail;           // what else there is to say (a proxied connection's faults, chunks, first byte)
};

} // namespace NetCore

Q_DECLARE_METATYPE(NetCore::ConnectionStats)
Q_DECLARE_METATYPE(QList<NetCore::ConnectionStats>)
