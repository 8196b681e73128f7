// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHostAddress>
#include <QString>

#include <netinet/in.h>
#include <sys/socket.h>

namespace NetCore {

/** "ADDRESS:PORT" of a socket address ("[::1]:PORT" for IPv6), as tables show it. */
inline QString socketAddressText(const sockaddr_storage &storage)
{
    const QHostAddress address(reinterpret_cast<const sockaddr *>(&storage));
    const quint16 port = ntohs(storage.ss_family == AF_INET6 ? reinterpret_cast<const sockaddr_in6 *>(&storage)->sin6_port
                                                             : reinterpret_cast<const sockaddr_in *>(&storage)->sin_port);
    return address.protocol() == QAbstractSocket::IPv6Protocol ? QStringLiteral("[%1]:%2").arg(address.toString()).arg(port)
                                                               : QStringLiteral("%1:%2").arg(address.toString()).arg(port);
}

/** Where a connected descriptor is bound on this side; empty if it cannot be told. */
inline QString localAddressOf(int fd)
{
    sockaddr_storage storage{};
    socklen_t length = sizeof storage;
    return fd >= 0 && ::getsockname(fd, reinterpret_cast<sockaddr *>(&storage), &length) == 0 ? socketAddressText(storage) : QString();
}

/** The peer of a connected descriptor; empty if it is not connected (any more). */
inline QString peerAddressOf(int fd)
{
    sockaddr_storage storage{};
    socklen_t length = sizeof storage;
    return fd >= 0 && ::getpeername(fd, reinterpret_cast<sockaddr *>(&storage), &length) == 0 ? socketAddressText(storage) : QString();
}

} // namespace NetCore
