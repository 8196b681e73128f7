// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "io/readablehandler.h"
#include "io/readwatch.h"

#include <atomic>

#include <sys/eventfd.h>
#include <unistd.h>

/** A descriptor that stays readable (an eventfd never drained), counting its calls. */
class AlwaysReady final : public NetCore::ReadableHandler
{
public:
    explicit AlwaysReady(std::atomic<int> &calls)
        : m_calls(calls)
        , m_fd(eventfd(1, EFD_NONBLOCK | EFD_CLOEXEC))
    {
    }
    ~AlwaysReady()
    {
        m_watch.stop();
        if (m_fd >= 0)
            ::close(m_fd);
    }
    bool isValid() const { return m_fd >= 0; }
    void start() { m_watch.start(m_fd, *this); }
    void onReadable() override { m_calls.fetch_add(1, std::memory_order_relaxed); }

private:
    std::atomic<int> &m_calls;
    int m_fd;
    NetCore::ReadWatch m_watch;
};
