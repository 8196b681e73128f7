// SPDX-License-Identifier: GPL-3.0-or-later
// Baseline: a plain single-threaded epoll TCP proxy, no Qt. Each accepted client gets
// its own connection to 127.0.0.1:UPSTREAM; bytes are copied both ways through one
// 16 KiB buffer per direction. It does nothing else (no faults, no counters, no
// timers): the least a user-space proxy costs on this machine, the floor the
// Wirebench proxy is measured against (run_netbench.py --only proxy).
//
// Level-triggered epoll, non-blocking sockets, TCP_NODELAY on both legs. A side is
// read only while the buffer towards the other side is empty (backpressure), one
// recv per readiness, sent on at once. EOF or an error on either side closes both.
//
//   raw_proxy --upstream PORT [--port N] [--duration S]   prints "listening on 127.0.0.1:PORT"

#include "rawlistener.h"

#include <arpa/inet.h>
#include <cerrno>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>
#include <unordered_set>
#include <vector>

namespace {

volatile std::sig_atomic_t stopRequested = 0;

constexpr size_t BufferSize = 16384;
constexpr int Client = 0;
constexpr int Upstream = 1;

struct Pair;

// What epoll hands back: one side of one pair.
struct End {
    Pair *pair = nullptr;
    int side = Client;
};

// Bytes read from one side, waiting to be written to the other.
struct Buffer {
    size_t begin = 0;
    size_t end = 0;
    char data[BufferSize];
    bool empty() const { return begin == end; }
};

struct Pair {
    int fd[2] = {-1, -1};
    End ends[2];
    Buffer towards[2];       // towards[s]: to be written to fd[s]
    uint32_t interest[2] = {0, 0};
    bool connected = false;  // the upstream leg's connect has completed
    bool closed = false;
};

// Read a side while the other side has nothing pending; write it while it has.
void updateInterest(int epollFd, Pair &pair, int side)
{
    uint32_t wanted = 0;
    if (side == Upstream && !pair.connected) {
        wanted = EPOLLOUT;
    } else {
        if (pair.towards[1 - side].empty())
            wanted |= EPOLLIN;
        if (!pair.towards[side].empty())
            wanted |= EPOLLOUT;
    }
    if (wanted == pair.interest[side])
        return;
    pair.interest[side] = wanted;
    epoll_event event{};
    event.events = wanted;
    event.data.ptr = &pair.ends[side];
    epoll_ctl(epollFd, EPOLL_CTL_MOD, pair.fd[side], &event);
}

// Sends what is pending towards `side`; false when that side is gone.
bool flush(Pair &pair, int side)
{
    Buffer &buffer = pair.towards[side];
    if (buffer.empty() || (side == Upstream && !pair.connected))
        return true;
    const ssize_t sent = ::send(pair.fd[side], buffer.data + buffer.begin, buffer.end - buffer.begin, MSG_NOSIGNAL);
    if (sent < 0)
        return errno == EAGAIN || errno == EWOULDBLOCK;
    buffer.begin += size_t(sent);
    if (buffer.empty())
        buffer.begin = buffer.end = 0;
    return true;
}

// One recv from `side` into the (empty) buffer towards the other, sent on at once.
bool forward(Pair &pair, int side)
{
    const int other = 1 - side;
    Buffer &buffer = pair.towards[other];
    if (!buffer.empty())
        return true;
    const ssize_t received = ::recv(pair.fd[side], buffer.data, BufferSize, 0);
    if (received == 0)
        return false;
    if (received < 0)
        return errno == EAGAIN || errno == EWOULDBLOCK;
    buffer.begin = 0;
    buffer.end = size_t(received);
    return flush(pair, other);
}

// Both descriptors go at once; the pair itself is freed after the current batch of
// events, which may still point at it.
void closePair(int epollFd, Pair &pair, std::vector<Pair *> &closed)
{
    if (pair.closed)
        return;
    pair.closed = true;
    for (const int fd : pair.fd) {
        if (fd >= 0) {
            epoll_ctl(epollFd, EPOLL_CTL_DEL, fd, nullptr);
            ::close(fd);
        }
    }
    closed.push_back(&pair);
}

// A new client: its upstream connection is started at once (non-blocking).
Pair *openPair(int epollFd, int client, const sockaddr_in &upstream)
{
    const int one = 1;
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    if (fd < 0) {
        ::close(client);
        return nullptr;
    }
    setsockopt(client, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    const int result = ::connect(fd, reinterpret_cast<const sockaddr *>(&upstream), sizeof upstream);
    if (result != 0 && errno != EINPROGRESS) {
        ::close(fd);
        ::close(client);
        return nullptr;
    }
    auto *pair = new Pair;
    pair->fd[Client] = client;
    pair->fd[Upstream] = fd;
    pair->connected = result == 0;
    for (int side : {Client, Upstream}) {
        pair->ends[side] = End{pair, side};
        pair->interest[side] = side == Upstream && !pair->connected ? uint32_t(EPOLLOUT) : uint32_t(EPOLLIN);
        epoll_event event{};
        event.events = pair->interest[side];
        event.data.ptr = &pair->ends[side];
        epoll_ctl(epollFd, EPOLL_CTL_ADD, pair->fd[side], &event);
    }
    return pair;
}

// One readiness report for one side; false when the pair must close.
bool handle(Pair &pair, int side, uint32_t events)
{
    if (events & EPOLLERR)
        return false;
    if (side == Upstream && !pair.connected) {
        if (!(events & (EPOLLOUT | EPOLLHUP)))
            return true;
        int error = 0;
        socklen_t length = sizeof error;
        if (getsockopt(pair.fd[Upstream], SOL_SOCKET, SO_ERROR, &error, &length) != 0 || error != 0)
            return false;
        pair.connected = true;
        return flush(pair, Upstream);
    }
    if ((events & EPOLLOUT) && !flush(pair, side))
        return false;
    if ((events & EPOLLIN) && !forward(pair, side))
        return false;
    // A hang-up (a reset) that cannot be read to its end now: level-triggered, it
    // would be reported again and again until the other side drains.
    return !(events & EPOLLHUP) || ((events & EPOLLIN) && pair.towards[1 - side].empty());
}

} // namespace

int main(int argc, char **argv)
{
    int port = 0;
    int upstreamPort = 0;
    double duration = 0;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!std::strcmp(argv[i], "--port"))
            port = std::atoi(argv[i + 1]);
        else if (!std::strcmp(argv[i], "--upstream"))
            upstreamPort = std::atoi(argv[i + 1]);
        else if (!std::strcmp(argv[i], "--duration"))
            duration = std::atof(argv[i + 1]);
    }
    if (upstreamPort <= 0 || upstreamPort > 65535) {
        std::fprintf(stderr, "usage: raw_proxy --upstream PORT [--port N] [--duration S]\n");
        return 2;
    }
    raiseDescriptorLimit();
    std::signal(SIGTERM, [](int) { stopRequested = 1; });
    std::signal(SIGINT, [](int) { stopRequested = 1; });

    sockaddr_in upstream{};
    upstream.sin_family = AF_INET;
    upstream.sin_port = htons(uint16_t(upstreamPort));
    upstream.sin_addr.s_addr = htonl(INADDR_LOOPBACK);

    const int listener = openLoopbackListener(port, "raw_proxy");
    if (listener < 0)
        return 3;

    const int epollFd = epoll_create1(0);
    epoll_event event{};
    event.events = EPOLLIN;
    event.data.ptr = nullptr; // the listener
    epoll_ctl(epollFd, EPOLL_CTL_ADD, listener, &event);
    std::unordered_set<Pair *> pairs;
    std::vector<Pair *> closed;
    std::vector<epoll_event> events(1024);
    timespec start{};
    clock_gettime(CLOCK_MONOTONIC, &start);

    while (!stopRequested) {
        if (pastDuration(start, duration))
            break;
        const int ready = epoll_wait(epollFd, events.data(), int(events.size()), 100);
        for (int i = 0; i < ready; ++i) {
            auto *end = static_cast<End *>(events[size_t(i)].data.ptr);
            if (!end) {
                for (;;) {
                    const int client = ::accept4(listener, nullptr, nullptr, SOCK_NONBLOCK);
                    if (client < 0)
                        break;
                    if (Pair *pair = openPair(epollFd, client, upstream))
                        pairs.insert(pair);
                }
                continue;
            }
            Pair &pair = *end->pair;
            if (pair.closed)
                continue;
            if (!handle(pair, end->side, events[size_t(i)].events)) {
                closePair(epollFd, pair, closed);
                continue;
            }
            updateInterest(epollFd, pair, Client);
            updateInterest(epollFd, pair, Upstream);
        }
        for (Pair *pair : closed) {
            pairs.erase(pair);
            delete pair;
        }
        closed.clear();
    }
    for (Pair *pair : pairs) {
        for (const int fd : pair->fd)
            ::close(fd);
        delete pair;
    }
    ::close(listener);
    return 0;
}
