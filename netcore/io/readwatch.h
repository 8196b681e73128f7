// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QPointer>

class QSocketNotifier;

namespace NetCore {

class EpollEventDispatcher;
class ReadableHandler;

/**
 * Watches one descriptor for reading on the current thread and calls a handler.
 * On an I/O thread (an EpollEventDispatcher) the dispatcher calls the handler
 * directly; on any other thread a QSocketNotifier does, so the same connection code
 * runs everywhere. Stops on destruction: the handler is never called after that.
 */
class ReadWatch
{
public:
    ReadWatch() = default;
    ~ReadWatch();

    ReadWatch(const ReadWatch &) = delete;
    ReadWatch &operator=(const ReadWatch &) = delete;

    /** Starts watching `fd` (enabled), replacing any earlier watch. */
    void start(int fd, ReadableHandler &handler);
    /** Stops for good; call it before the descriptor closes (it may be reused at once). */
    void stop();
    /** Pauses or resumes; a paused level-triggered readiness does not spin. */
    void setEnabled(bool enabled);

    bool isActive() const { return m_fd >= 0; }
    bool isEnabled() const { return m_fd >= 0 && m_enabled; }
    /** True when the thread's EpollEventDispatcher calls the handler (no notifier). */
    bool isDirect() const { return !m_dispatcher.isNull(); }

private:
    QPointer<EpollEventDispatcher> m_dispatcher; // null when the fallback is in use
    QSocketNotifier *m_fallback = nullptr;
    int m_fd = -1;
    bool m_enabled = false;
};

} // namespace NetCore
