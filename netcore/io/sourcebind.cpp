// SPDX-License-Identifier: GPL-3.0-or-later
#include "io/sourcebind.h"

#include <QtGlobal>

#include <atomic>
#include <cerrno>
#include <cstring>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#ifndef IP_BIND_ADDRESS_NO_PORT
#define IP_BIND_ADDRESS_NO_PORT 24 // linux/in.h; glibc's netinet/in.h has it only since 2.23
#endif

namespace NetCore::SourceBind {

namespace {
std::atomic<bool> g_deferRefused{false};
} // namespace

bool portDeferred()
{
    return !g_deferRefused.load(std::memory_order_relaxed);
}

int openBoundSocket(const QHostAddress &source, QString *error)
{
    auto fail = [&](const char *what) {
        const int saved = errno;
        if (error)
            *error = QStringLiteral("cannot connect from %1: %2 failed: %3")
                         .arg(source.toString(), QLatin1String(what), QString::fromLocal8Bit(std::strerror(saved)));
        return -1;
    };
    sockaddr_storage address{};
    socklen_t length = 0;
    int family = AF_INET;
    if (source.protocol() == QAbstractSocket::IPv6Protocol) {
        auto *in6 = reinterpret_cast<sockaddr_in6 *>(&address);
        in6->sin6_family = AF_INET6;
        const Q_IPV6ADDR bytes = source.toIPv6Address();
        std::memcpy(&in6->sin6_addr, bytes.c, sizeof bytes.c);
        in6->sin6_scope_id = source.scopeId().toUInt();
        length = sizeof(sockaddr_in6);
        family = AF_INET6;
    } else {
        bool ok = false;
        const quint32 ipv4 = source.toIPv4Address(&ok);
        if (!ok) {
            errno = EAFNOSUPPORT;
            return fail("choosing an address family");
        }
        auto *in4 = reinterpret_cast<sockaddr_in *>(&address);
        in4->sin_family = AF_INET;
        in4->sin_addr.s_addr = htonl(ipv4);
        length = sizeof(sockaddr_in);
    }
    const int fd = ::socket(family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_TCP);
    if (fd < 0)
        return fail("socket()");
    if (!g_deferRefused.load(std::memory_order_relaxed)) {
        const int on = 1;
        if (::setsockopt(fd, IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &on, sizeof on) != 0
            && !g_deferRefused.exchange(true)) {
            qWarning("wirebench: the kernel refused IP_BIND_ADDRESS_NO_PORT (%s): source addresses bind their "
                     "ports at bind time, which may run out of ports sooner",
                     std::strerror(errno));
        }
    }
    if (::bind(fd, reinterpret_cast<const sockaddr *>(&address), length) != 0) {
        const int saved = errno;
        ::close(fd);
        errno = saved;
        return fail("bind()");
    }
    return fd;
}

} // namespace NetCore::SourceBind
