// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdio>
#include <ctime>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>

/** As many descriptors as the hard limit allows: the bench's points go to 10,000 connections. */
inline void raiseDescriptorLimit()
{
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) == 0) {
        limit.rlim_cur = limit.rlim_max;
        setrlimit(RLIMIT_NOFILE, &limit);
    }
}

/**
 * The bench's plain-epoll programs' listening socket: non-blocking, on 127.0.0.1:`port`
 * (0: a free one), its port printed as "listening on 127.0.0.1:PORT" for
 * run_netbench.py to read. The descriptor, or -1 after saying why as `who`.
 */
inline int openLoopbackListener(int port, const char *who)
{
    const int listener = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    const int one = 1;
    setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(uint16_t(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::bind(listener, reinterpret_cast<sockaddr *>(&address), sizeof address) != 0 || ::listen(listener, 4096) != 0) {
        std::fprintf(stderr, "%s: bind/listen: ", who);
        std::perror(nullptr);
        return -1;
    }
    socklen_t length = sizeof address;
    getsockname(listener, reinterpret_cast<sockaddr *>(&address), &length);
    std::printf("listening on 127.0.0.1:%d\n", ntohs(address.sin_port));
    std::fflush(stdout);
    return listener;
}

/** True once `duration` seconds (0: never) have passed since `start` (CLOCK_MONOTONIC). */
inline bool pastDuration(const timespec &start, double duration)
{
    if (duration <= 0)
        return false;
    timespec now{};
    clock_gettime(CLOCK_MONOTONIC, &now);
    return double(now.tv_sec - start.tv_sec) + double(now.tv_nsec - start.tv_nsec) / 1e9 > duration;
}
