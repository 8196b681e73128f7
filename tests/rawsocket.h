// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Plain blocking loopback sockets for tests of the proxy: the peers on each side,
// with timeouts, so the test thread can play both while the proxy runs on its threads.

#include <QByteArray>
#include <QElapsedTimer>

#include <cerrno>
#include <utility>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

/** A loopback socket of the test's own, closed with the object. */
class RawSocket
{
public:
    explicit RawSocket(int fd = -1)
        : m_fd(fd)
    {
    }
    ~RawSocket()
    {
        if (m_fd >= 0)
            ::close(m_fd);
    }
    RawSocket(RawSocket &&other) noexcept
        : m_fd(std::exchange(other.m_fd, -1))
    {
    }
    RawSocket &operator=(RawSocket &&other) noexcept
    {
        std::swap(m_fd, other.m_fd);
        return *this;
    }
    int fd() const { return m_fd; }

    /** Listening on 127.0.0.1: on `port`, or a free one for 0. */
    static RawSocket listening(int backlog = 16, quint16 port = 0)
    {
        RawSocket s(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
        const int on = 1;
        ::setsockopt(s.m_fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
        sockaddr_in address = loopback(port);
        ::bind(s.m_fd, reinterpret_cast<sockaddr *>(&address), sizeof address);
        ::listen(s.m_fd, backlog);
        return s;
    }
    /** A loopback port nothing listens on now (it did a moment ago). */
    static quint16 closedPort() { return listening().port(); }
    static RawSocket connectedTo(quint16 port)
    {
        RawSocket s(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
        sockaddr_in address = loopback(port);
        if (::connect(s.m_fd, reinterpret_cast<sockaddr *>(&address), sizeof address) != 0)
            return RawSocket();
        return s;
    }
    quint16 port() const
    {
        sockaddr_in address{};
        socklen_t length = sizeof address;
        ::getsockname(m_fd, reinterpret_cast<sockaddr *>(&address), &length);
        return ntohs(address.sin_port);
    }
    /** The next accepted connection, within `timeoutMs`. */
    RawSocket accept(int timeoutMs = 5000) const
    {
        return waitReadable(timeoutMs) ? RawSocket(::accept4(m_fd, nullptr, nullptr, SOCK_CLOEXEC)) : RawSocket();
    }
    bool waitReadable(int timeoutMs) const
    {
        pollfd p{m_fd, POLLIN, 0};
        return ::poll(&p, 1, timeoutMs) == 1;
    }
    bool sendAll(const QByteArray &bytes) const
    {
        return ::send(m_fd, bytes.constData(), size_t(bytes.size()), MSG_NOSIGNAL) == bytes.size();
    }
    /**
     * Reads until `size` bytes, EOF or `timeoutMs`: the bytes read. `end` says how it
     * ended: 0 EOF, an errno value, or -1 when the size came or the time ran out.
     */
    QByteArray receive(qsizetype size, int *end = nullptr, int timeoutMs = 5000) const
    {
        QByteArray bytes;
        int how = -1;
        QElapsedTimer clock;
        clock.start();
        while (bytes.size() < size && clock.elapsed() < timeoutMs) {
            if (!waitReadable(int(timeoutMs - clock.elapsed())))
                break;
            char buffer[65536];
            const ssize_t n = ::recv(m_fd, buffer, sizeof buffer, 0);
            if (n > 0) {
                bytes.append(buffer, n);
                continue;
            }
            how = n == 0 ? 0 : errno;
            break;
        }
        if (end)
            *end = how;
        return bytes;
    }
    void shutdownWrite() const { ::shutdown(m_fd, SHUT_WR); }
    void reset()
    {
        const linger abortive{1, 0};
        ::setsockopt(m_fd, SOL_SOCKET, SO_LINGER, &abortive, sizeof abortive);
        ::close(std::exchange(m_fd, -1));
    }

private:
    static sockaddr_in loopback(quint16 port)
    {
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_port = htons(port);
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        return address;
    }
    int m_fd;
};
