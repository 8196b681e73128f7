// SPDX-License-Identifier: GPL-3.0-or-later
// Baseline: a plain single-threaded epoll load client, no Qt. Closed loop: each of
// C connections keeps W messages in flight; every reply releases the next. It
// speaks len4be, or with --wb1 sends one precomputed WB1 DATA frame over and over
// (to drive a WB1 server); --idle N opens N more connections that never send.
// Prints one JSON line: sent, received, duration_s, throughput_per_s, p50_us, p99_us.
//
//   raw_load_client --target 127.0.0.1:PORT [--connections C] [--window W]
//                   [--payload BYTES] [--duration S] [--warmup S] [--idle N] [--wb1]

#include <algorithm>
#include <arpa/inet.h>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <deque>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>
#include <vector>

namespace {

constexpr size_t MaxSamples = 5'000'000;
constexpr size_t Wb1Header = 28;

int64_t nowNs()
{
    timespec now{};
    clock_gettime(CLOCK_MONOTONIC, &now);
    return int64_t(now.tv_sec) * 1'000'000'000 + now.tv_nsec;
}

// Bitwise CRC-32C: slow and obvious, run once to build the one frame we send.
uint32_t crc32c(const unsigned char *data, size_t size)
{
    uint32_t crc = 0xFFFFFFFFu;
    for (size_t i = 0; i < size; ++i) {
        crc ^= data[i];
        for (int bit = 0; bit < 8; ++bit)
            crc = (crc & 1u) ? (crc >> 1) ^ 0x82F63B78u : crc >> 1;
    }
    return ~crc;
}

std::vector<char> makeFrame(size_t payload, bool wb1)
{
    std::vector<char> frame;
    if (!wb1) {
        const uint32_t length = htonl(uint32_t(payload));
        frame.resize(4 + payload, 'p');
        std::memcpy(frame.data(), &length, 4);
        return frame;
    }
    frame.assign(Wb1Header + payload + 4, 'p');
    auto *bytes = reinterpret_cast<unsigned char *>(frame.data());
    std::memset(bytes, 0, Wb1Header);
    bytes[0] = 0x57;
    bytes[1] = 0x42;
    bytes[2] = 1;
    bytes[3] = 1;
    const uint32_t length = htonl(uint32_t(payload));
    std::memcpy(bytes + 8, &length, 4);
    bytes[19] = 1; // sequence 1: the replies come back in order anyway
    const uint32_t crc = htonl(crc32c(bytes, Wb1Header + payload));
    std::memcpy(bytes + Wb1Header + payload, &crc, 4);
    return frame;
}

struct Connection {
    int fd = -1;
    bool connected = false;
    bool sender = true;
    std::vector<char> in;
    std::deque<int64_t> sentAt;
    size_t pendingOut = 0; // bytes of whole frames not yet accepted by the kernel
};

} // namespace

int main(int argc, char **argv)
{
    std::string target;
    int connectionCount = 1, window = 1, idle = 0;
    size_t payload = 64;
    double duration = 2.0, warmup = 0.5;
    bool wb1 = false;
    for (int i = 1; i < argc; ++i) {
        const std::string option = argv[i];
        const char *value = i + 1 < argc ? argv[i + 1] : "";
        if (option == "--wb1") {
            wb1 = true;
            continue;
        }
        ++i;
        if (option == "--target") target = value;
        else if (option == "--connections") connectionCount = std::atoi(value);
        else if (option == "--window") window = std::atoi(value);
        else if (option == "--payload") payload = size_t(std::atol(value));
        else if (option == "--duration") duration = std::atof(value);
        else if (option == "--warmup") warmup = std::atof(value);
        else if (option == "--idle") idle = std::atoi(value);
    }
    const size_t colon = target.rfind(':');
    if (colon == std::string::npos) {
        std::fprintf(stderr, "raw_load_client: --target HOST:PORT is required\n");
        return 2;
    }
    rlimit limit{};
    getrlimit(RLIMIT_NOFILE, &limit);
    limit.rlim_cur = limit.rlim_max;
    setrlimit(RLIMIT_NOFILE, &limit);

    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(uint16_t(std::atoi(target.c_str() + colon + 1)));
    inet_pton(AF_INET, target.substr(0, colon).c_str(), &address.sin_addr);
    const std::vector<char> frame = makeFrame(payload, wb1);
    const size_t headerSize = wb1 ? Wb1Header : 4;
    const size_t trailerSize = wb1 ? 4 : 0;

    const int epollFd = epoll_create1(0);
    std::vector<Connection> connections(size_t(connectionCount + idle));
    const int one = 1;
    for (size_t i = 0; i < connections.size(); ++i) {
        Connection &connection = connections[i];
        connection.sender = int(i) < connectionCount;
        connection.fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
        setsockopt(connection.fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        if (::connect(connection.fd, reinterpret_cast<sockaddr *>(&address), sizeof address) != 0 && errno != EINPROGRESS) {
            std::perror("raw_load_client: connect");
            return 3;
        }
        epoll_event event{};
        event.events = EPOLLOUT;
        event.data.u64 = i;
        epoll_ctl(epollFd, EPOLL_CTL_ADD, connection.fd, &event);
    }

    std::vector<epoll_event> events(4096);
    size_t connectedCount = 0;
    while (connectedCount < connections.size()) {
        const int ready = epoll_wait(epollFd, events.data(), int(events.size()), 5000);
        if (ready <= 0) {
            std::fprintf(stderr, "raw_load_client: only %zu of %zu connected\n", connectedCount, connections.size());
            return 3;
        }
        for (int i = 0; i < ready; ++i) {
            Connection &connection = connections[events[size_t(i)].data.u64];
            int error = 0;
            socklen_t length = sizeof error;
            getsockopt(connection.fd, SOL_SOCKET, SO_ERROR, &error, &length);
            if (error != 0) {
                std::fprintf(stderr, "raw_load_client: connect: %s\n", std::strerror(error));
                return 3;
            }
            connection.connected = true;
            ++connectedCount;
            epoll_event event{};
            event.events = EPOLLIN;
            event.data.u64 = events[size_t(i)].data.u64;
            epoll_ctl(epollFd, EPOLL_CTL_MOD, connection.fd, &event);
        }
    }

    std::vector<uint32_t> samples;
    samples.reserve(MaxSamples);
    uint64_t sent = 0, received = 0, counted = 0;
    auto sendFrames = [&](Connection &connection, int count) {
        std::vector<char> batch;
        batch.reserve(frame.size() * size_t(count));
        const int64_t now = nowNs();
        for (int k = 0; k < count; ++k) {
            batch.insert(batch.end(), frame.begin(), frame.end());
            connection.sentAt.push_back(now);
        }
        // Loopback with small windows: the kernel takes it all; anything else is a bug here.
        if (::send(connection.fd, batch.data(), batch.size(), MSG_NOSIGNAL) != ssize_t(batch.size())) {
            std::fprintf(stderr, "raw_load_client: short send\n");
            std::exit(3);
        }
        sent += uint64_t(count);
    };
    for (Connection &connection : connections) {
        if (connection.sender)
            sendFrames(connection, window);
    }

    const int64_t start = nowNs();
    const int64_t measureFrom = start + int64_t(warmup * 1e9);
    const int64_t end = measureFrom + int64_t(duration * 1e9);
    char buffer[65536];
    for (;;) {
        const int64_t now = nowNs();
        if (now >= end)
            break;
        const int ready = epoll_wait(epollFd, events.data(), int(events.size()), 100);
        for (int i = 0; i < ready; ++i) {
            Connection &connection = connections[events[size_t(i)].data.u64];
            const ssize_t got = ::recv(connection.fd, buffer, sizeof buffer, 0);
            if (got <= 0) {
                if (got < 0 && errno == EAGAIN)
                    continue;
                std::fprintf(stderr, "raw_load_client: the server closed a connection\n");
                return 3;
            }
            connection.in.insert(connection.in.end(), buffer, buffer + got);
            const int64_t arrived = nowNs();
            size_t offset = 0;
            int replies = 0;
            while (connection.in.size() - offset >= headerSize) {
                uint32_t frameLength;
                std::memcpy(&frameLength, connection.in.data() + offset + (wb1 ? 8 : 0), 4);
                const size_t total = headerSize + ntohl(frameLength) + trailerSize;
                if (connection.in.size() - offset < total)
                    break;
                offset += total;
                const int64_t roundTrip = arrived - connection.sentAt.front();
                connection.sentAt.pop_front();
                ++received;
                if (arrived >= measureFrom) {
                    ++counted;
                    if (samples.size() < MaxSamples)
                        samples.push_back(uint32_t(std::min<int64_t>(roundTrip, UINT32_MAX)));
                }
                ++replies;
            }
            connection.in.erase(connection.in.begin(), connection.in.begin() + long(offset));
            if (replies > 0 && connection.sender)
                sendFrames(connection, replies);
        }
    }
    const double seconds = double(nowNs() - measureFrom) / 1e9;
    auto percentile = [&](double p) -> double {
        if (samples.empty())
            return 0.0;
        const size_t rank = std::min(samples.size() - 1, size_t(p / 100.0 * double(samples.size())));
        std::nth_element(samples.begin(), samples.begin() + long(rank), samples.end());
        return double(samples[rank]) / 1000.0;
    };
    const double p50 = percentile(50);
    const double p99 = percentile(99);
    std::printf("{\"sent\":%llu,\"received\":%llu,\"measured\":%llu,\"duration_s\":%.3f,\"throughput_per_s\":%.1f,"
                "\"p50_us\":%.3f,\"p99_us\":%.3f}\n",
                (unsigned long long)sent, (unsigned long long)received, (unsigned long long)counted, seconds,
                double(counted) / seconds, p50, p99);
    for (Connection &connection : connections)
        ::close(connection.fd);
    return 0;
}
