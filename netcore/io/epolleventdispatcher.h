// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QAbstractEventDispatcher>
#include <QAtomicInt>

#include <memory>

namespace NetCore {

class EpollEventDispatcherPrivate;
class ReadableHandler;

/**
 * An event dispatcher for I/O threads whose cost per wake-up does not grow with the
 * number of open sockets. Qt's default Unix dispatcher rebuilds its poll set from
 * every socket notifier on each pass (O(N) per event); this one keeps the sockets in
 * an epoll set that changes only when a notifier is enabled or disabled, and asks
 * the kernel only for the descriptors that are ready.
 *
 * Timers are kept in a heap and woken by one timerfd with nanosecond resolution;
 * every timer type is treated as precise. Other threads wake it through an eventfd.
 * Install it with QThread::setEventDispatcher() before the thread starts; it is
 * Linux-only (epoll, timerfd, eventfd).
 */
class EpollEventDispatcher final : public QAbstractEventDispatcher
{
    Q_OBJECT

public:
    explicit EpollEventDispatcher(QObject *parent = nullptr);
    ~EpollEventDispatcher() override;

    bool processEvents(QEventLoop::ProcessEventsFlags flags) override;

    void registerSocketNotifier(QSocketNotifier *notifier) override;
    void unregisterSocketNotifier(QSocketNotifier *notifier) override;

    void registerTimer(int timerId, qint64 interval, Qt::TimerType timerType, QObject *object) override;
    bool unregisterTimer(int timerId) override;
    bool unregisterTimers(QObject *object) override;
    QList<TimerInfo> registeredTimers(QObject *object) const override;
    int remainingTime(int timerId) override;
    /**
     * Moves registered timer `timerId`'s next expiry to `deadlineNs` (CLOCK_MONOTONIC),
     * after which it runs at its interval again; false for an unknown timer. Timers
     * are looked at on every pass, however many descriptors are ready, where a
     * timerfd of its own would wait its turn behind all of them (PreciseTimer).
     */
    bool setTimerDeadline(int timerId, qint64 deadlineNs);

    void wakeUp() override;
    void interrupt() override;

    /**
     * Calls `handler` straight from the wait loop whenever `fd` is readable, until
     * unwatchReadable(): no QSocketNotifier, event or signal per readiness, which is
     * most of the user-space cost of a small echo. One handler per descriptor; its
     * owner must unwatch before it goes or the descriptor closes. Only on this
     * dispatcher's thread. Use it through ReadWatch.
     */
    void watchReadable(int fd, ReadableHandler *handler);
    /** Pauses (false) or resumes (true) a watch without giving it up. */
    void setReadableWatched(int fd, bool enabled);
    void unwatchReadable(int fd);

    /** True when the kernel objects it needs could be created (false: no events). */
    bool isValid() const;

private:
    std::unique_ptr<EpollEventDispatcherPrivate> d;
};

} // namespace NetCore
