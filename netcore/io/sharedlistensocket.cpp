// SPDX-License-Identifier: GPL-3.0-or-later
#include "io/sharedlistensocket.h"

#include <cerrno>
#include <cstring>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace NetCore {

int openSharedListenSocket(const QHostAddress &address, quint16 port, int backlog, QString *error)
{
    return openListenSocket(address, port, backlog, true, error);
}

int openListenSocket(const QHostAddress &address, quint16 port, int backlog, bool sharePort, QString *error)
{
    const bool v6 = address.protocol() == QAbstractSocket::IPv6Protocol;
    auto failed = [&](int fd, const char *what) {
        const int code = errno;
        if (error)
            *error = QStringLiteral("cannot listen on %1:%2 (%3): %4")
                         .arg(address.toString())
                         .arg(port)
                         .arg(QLatin1String(what), QString::fromLocal8Bit(std::strerror(code)));
        if (fd >= 0)
            ::close(fd);
        return -1;
    };
    const int fd = ::socket(v6 ? AF_INET6 : AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return failed(fd, "socket");
    const int on = 1;
    if (::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on) != 0
        || (sharePort && ::setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &on, sizeof on) != 0))
        return failed(fd, "SO_REUSEPORT");
    sockaddr_storage storage{};
    socklen_t length = 0;
    if (v6) {
        auto *in6 = reinterpret_cast<sockaddr_in6 *>(&storage);
        in6->sin6_family = AF_INET6;
        in6->sin6_port = htons(port);
        const Q_IPV6ADDR bytes = address.toIPv6Address();
        std::memcpy(&in6->sin6_addr, &bytes, sizeof bytes);
        length = sizeof *in6;
    } else {
        auto *in4 = reinterpret_cast<sockaddr_in *>(&storage);
        in4->sin_family = AF_INET;
        in4->sin_port = htons(port);
        in4->sin_addr.s_addr = htonl(address.toIPv4Address());
        length = sizeof *in4;
    }
    if (::bind(fd, reinterpret_cast<sockaddr *>(&storage), length) != 0)
        return failed(fd, "bind");
    if (::listen(fd, backlog) != 0)
        return failed(fd, "listen");
    return fd;
}

} // namespace NetCore
