// SPDX-License-Identifier: GPL-3.0-or-later
// Baseline: a plain single-threaded epoll echo server, no Qt. It speaks the 4-byte
// big-endian length prefix (len4be) and echoes each frame as it completes. It is
// the yardstick the Wirebench server is measured against (run_netbench.py).
//
//   raw_echo_server [--port N] [--duration S]     prints "listening on 127.0.0.1:PORT"

#include "rawlistener.h"

#include <arpa/inet.h>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>
#include <unordered_map>
#include <vector>

namespace {

volatile std::sig_atomic_t stopRequested = 0;

struct Connection {
    std::vector<char> in;
    std::vector<char> out;
    size_t outSent = 0;
    bool wantWrite = false;
};

void setWriteInterest(int epollFd, int fd, Connection &connection, bool wanted)
{
    if (connection.wantWrite == wanted)
        return;
    connection.wantWrite = wanted;
    epoll_event event{};
    event.events = EPOLLIN | (wanted ? uint32_t(EPOLLOUT) : 0u);
    event.data.fd = fd;
    epoll_ctl(epollFd, EPOLL_CTL_MOD, fd, &event);
}

// Sends what is pending; false when the connection is gone.
bool flushOutput(int epollFd, int fd, Connection &connection)
{
    while (connection.outSent < connection.out.size()) {
        const ssize_t sent = ::send(fd, connection.out.data() + connection.outSent,
                                    connection.out.size() - connection.outSent, MSG_NOSIGNAL);
        if (sent < 0) {
            if (errno == EAGAIN)
                break;
            return false;
        }
        connection.outSent += size_t(sent);
    }
    if (connection.outSent == connection.out.size()) {
        connection.out.clear();
        connection.outSent = 0;
    }
    setWriteInterest(epollFd, fd, connection, !connection.out.empty());
    return true;
}

} // namespace

int main(int argc, char **argv)
{
    int port = 0;
    double duration = 0;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!std::strcmp(argv[i], "--port"))
            port = std::atoi(argv[i + 1]);
        else if (!std::strcmp(argv[i], "--duration"))
            duration = std::atof(argv[i + 1]);
    }
    raiseDescriptorLimit();
    std::signal(SIGTERM, [](int) { stopRequested = 1; });
    std::signal(SIGINT, [](int) { stopRequested = 1; });

    const int listener = openLoopbackListener(port, "raw_echo_server");
    if (listener < 0)
        return 3;
    const int one = 1;

    const int epollFd = epoll_create1(0);
    epoll_event event{};
    event.events = EPOLLIN;
    event.data.fd = listener;
    epoll_ctl(epollFd, EPOLL_CTL_ADD, listener, &event);
    std::unordered_map<int, Connection> connections;
    std::vector<epoll_event> events(1024);
    char buffer[65536];
    timespec start{};
    clock_gettime(CLOCK_MONOTONIC, &start);

    while (!stopRequested) {
        if (pastDuration(start, duration))
            break;
        const int ready = epoll_wait(epollFd, events.data(), int(events.size()), 100);
        for (int i = 0; i < ready; ++i) {
            const int fd = events[size_t(i)].data.fd;
            if (fd == listener) {
                for (;;) {
                    const int client = ::accept4(listener, nullptr, nullptr, SOCK_NONBLOCK);
                    if (client < 0)
                        break;
                    setsockopt(client, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
                    epoll_event clientEvent{};
                    clientEvent.events = EPOLLIN;
                    clientEvent.data.fd = client;
                    epoll_ctl(epollFd, EPOLL_CTL_ADD, client, &clientEvent);
                    connections[client];
                }
                continue;
            }
            auto found = connections.find(fd);
            if (found == connections.end())
                continue;
            Connection &connection = found->second;
            bool alive = true;
            if (events[size_t(i)].events & (EPOLLIN | EPOLLHUP | EPOLLERR)) {
                const ssize_t received = ::recv(fd, buffer, sizeof buffer, 0);
                if (received <= 0 && !(received < 0 && errno == EAGAIN)) {
                    alive = false;
                } else if (received > 0) {
                    connection.in.insert(connection.in.end(), buffer, buffer + received);
                    size_t offset = 0;
                    while (connection.in.size() - offset >= 4) {
                        uint32_t frameLength;
                        std::memcpy(&frameLength, connection.in.data() + offset, 4);
                        frameLength = ntohl(frameLength);
                        if (connection.in.size() - offset < 4 + size_t(frameLength))
                            break;
                        connection.out.insert(connection.out.end(), connection.in.begin() + long(offset),
                                              connection.in.begin() + long(offset + 4 + frameLength));
                        offset += 4 + frameLength;
                    }
                    connection.in.erase(connection.in.begin(), connection.in.begin() + long(offset));
                }
            }
            if (alive && (!connection.out.empty()))
                alive = flushOutput(epollFd, fd, connection);
            if (!alive) {
                epoll_ctl(epollFd, EPOLL_CTL_DEL, fd, nullptr);
                ::close(fd);
                connections.erase(found);
            }
        }
    }
    for (auto &[fd, connection] : connections)
        ::close(fd);
    ::close(listener);
    return 0;
}
