// SPDX-License-Identifier: GPL-3.0-or-later
// The machine's own timer accuracy, as a baseline for delayed replies: sleeps on a
// timerfd until absolute deadlines `interval` apart (timer slack 1 ns, as on
// Wirebench's I/O threads) and prints how late each wake-up was, as JSON.
//
//   timer_lateness --interval-ms MS --count N
#include <sys/prctl.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <vector>

namespace {

long long nowNs()
{
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1'000'000'000LL + ts.tv_nsec;
}

} // namespace

int main(int argc, char **argv)
{
    double intervalMs = 1;
    int count = 1000;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!std::strcmp(argv[i], "--interval-ms"))
            intervalMs = std::atof(argv[i + 1]);
        else if (!std::strcmp(argv[i], "--count"))
            count = std::atoi(argv[i + 1]);
    }
    if (intervalMs <= 0 || count <= 0 || count > 1'000'000) {
        std::fprintf(stderr, "timer_lateness: --interval-ms above 0 and --count 1..1000000\n");
        return 2;
    }
    prctl(PR_SET_TIMERSLACK, 1UL, 0, 0, 0);
    const int fd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC);
    if (fd < 0) {
        std::perror("timerfd_create");
        return 1;
    }
    const long long interval = static_cast<long long>(intervalMs * 1e6);
    std::vector<long long> lateness;
    lateness.reserve(size_t(count));
    for (int i = 0; i < count; ++i) {
        const long long deadline = nowNs() + interval;
        itimerspec spec{};
        spec.it_value.tv_sec = time_t(deadline / 1'000'000'000);
        spec.it_value.tv_nsec = long(deadline % 1'000'000'000);
        timerfd_settime(fd, TFD_TIMER_ABSTIME, &spec, nullptr);
        unsigned long long expirations = 0;
        if (read(fd, &expirations, sizeof expirations) != sizeof expirations)
            return 1;
        lateness.push_back(nowNs() - deadline);
    }
    std::sort(lateness.begin(), lateness.end());
    auto at = [&](double q) { return double(lateness[std::min(lateness.size() - 1, size_t(q * double(lateness.size())))]) / 1e3; };
    std::printf("{\"count\":%d,\"p50_us\":%.1f,\"p99_us\":%.1f,\"max_us\":%.1f}\n", count, at(0.5), at(0.99),
                double(lateness.back()) / 1e3);
    return 0;
}
