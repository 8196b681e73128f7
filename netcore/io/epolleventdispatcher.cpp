// SPDX-License-Identifier: GPL-3.0-or-later
#include "io/epolleventdispatcher.h"
#include "io/timeunits.h"

#include "io/epolleventdispatcher_p.h"
#include "io/monotonicclock.h"
#include "io/readablehandler.h"

#include <QCoreApplication>
#include <QSocketNotifier>
#include <QTimerEvent>

#include <algorithm>
#include <cerrno>

#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/timerfd.h>
#include <unistd.h>

namespace NetCore {

namespace {

constexpr int MaxEventsPerWait = 256;

void drain(int fd)
{
    quint64 value = 0;
    while (::read(fd, &value, sizeof value) == sizeof value) {
    }
}

} // namespace

EpollEventDispatcherPrivate::EpollEventDispatcherPrivate()
{
    epollFd = epoll_create1(EPOLL_CLOEXEC);
    writeEpollFd = epoll_create1(EPOLL_CLOEXEC);
    wakeFd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    timerFd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
    for (int fd : {wakeFd, timerFd, writeEpollFd}) {
        if (epollFd < 0 || fd < 0)
            continue;
        epoll_event event{};
        event.events = EPOLLIN;
        event.data.fd = fd;
        epoll_ctl(epollFd, EPOLL_CTL_ADD, fd, &event);
    }
}

EpollEventDispatcherPrivate::~EpollEventDispatcherPrivate()
{
    for (int fd : {timerFd, wakeFd, writeEpollFd, epollFd}) {
        if (fd >= 0)
            ::close(fd);
    }
}

namespace {
// Makes `set` watch `fd` for `wanted` (0: not at all), given what it watched before.
void watch(int set, int fd, quint32 wanted, quint32 registered)
{
    epoll_event event{};
    event.events = wanted;
    event.data.fd = fd;
    if (wanted == 0) {
        epoll_ctl(set, EPOLL_CTL_DEL, fd, &event);
    } else if (registered == 0) {
        // A descriptor closed and reused behind our back may still be in the set.
        if (epoll_ctl(set, EPOLL_CTL_ADD, fd, &event) < 0 && errno == EEXIST)
            epoll_ctl(set, EPOLL_CTL_MOD, fd, &event);
    } else if (epoll_ctl(set, EPOLL_CTL_MOD, fd, &event) < 0 && errno == ENOENT) {
        epoll_ctl(set, EPOLL_CTL_ADD, fd, &event);
    }
}
} // namespace

void EpollEventDispatcherPrivate::updateEpoll(int fd, SocketEntry &entry)
{
    const bool readable = entry.read || (entry.handler && entry.handlerEnabled);
    const quint32 wanted = (readable ? quint32(EPOLLIN) : 0u) | (entry.exception ? quint32(EPOLLPRI) : 0u);
    if (wanted != entry.registeredEvents) {
        watch(epollFd, fd, wanted, entry.registeredEvents);
        entry.registeredEvents = wanted;
    }
    const bool writable = entry.write != nullptr;
    if (writable != entry.registeredWrite) {
        watch(writeEpollFd, fd, writable ? quint32(EPOLLOUT) : 0u, entry.registeredWrite ? quint32(EPOLLOUT) : 0u);
        entry.registeredWrite = writable;
    }
}

int EpollEventDispatcherPrivate::activateWriteSet()
{
    epoll_event events[MaxEventsPerWait];
    const int ready = epoll_wait(writeEpollFd, events, MaxEventsPerWait, 0);
    int activated = 0;
    for (int i = 0; i < ready; ++i) {
        // An error or hang-up is the write notifier's to see (a connect that failed).
        if (events[i].events & (EPOLLOUT | EPOLLERR | EPOLLHUP))
            activated += activateSocketNotifiers(events[i].data.fd, EPOLLOUT);
    }
    return activated;
}

int EpollEventDispatcherPrivate::activateSocketNotifiers(int fd, quint32 events)
{
    // Each handler may unregister or delete any notifier, so look the fd up afresh
    // before each activation instead of holding on to the entry.
    auto notifierFor = [this, fd](QSocketNotifier *SocketEntry::*which) -> QSocketNotifier * {
        const SocketEntry *entry = entryFor(fd);
        return entry ? entry->*which : nullptr;
    };
    int activated = 0;
    QEvent event(QEvent::SockAct);
    if (events & (EPOLLIN | EPOLLHUP | EPOLLERR | EPOLLRDHUP)) {
        const SocketEntry *entry = entryFor(fd);
        if (entry && entry->handler && entry->handlerEnabled) {
            entry->handler->onReadable();
            ++activated;
        }
        if (QSocketNotifier *notifier = notifierFor(&SocketEntry::read)) {
            QCoreApplication::sendEvent(notifier, &event);
            ++activated;
        }
    }
    // Write readiness comes from the write set only (activateWriteSet()), errors included.
    if (events & EPOLLOUT) {
        if (QSocketNotifier *notifier = notifierFor(&SocketEntry::write)) {
            QCoreApplication::sendEvent(notifier, &event);
            ++activated;
        }
    }
    if (events & EPOLLPRI) {
        if (QSocketNotifier *notifier = notifierFor(&SocketEntry::exception)) {
            QCoreApplication::sendEvent(notifier, &event);
            ++activated;
        }
    }
    return activated;
}

qint64 EpollEventDispatcherPrivate::nextDeadline()
{
    // Entries of unregistered or restarted timers are dropped lazily here; rebuild
    // the heap when they outnumber the live ones, so restarts cannot grow it.
    if (timerHeap.size() > 2 * timers.size() + 64) {
        decltype(timerHeap) rebuilt;
        for (const auto &[id, timer] : timers)
            rebuilt.push({timer.deadlineNs, id, timer.generation});
        timerHeap.swap(rebuilt);
    }
    while (!timerHeap.empty()) {
        const HeapEntry &top = timerHeap.top();
        const auto it = timers.find(top.timerId);
        if (it != timers.end() && it->second.generation == top.generation)
            return top.deadlineNs;
        timerHeap.pop();
    }
    return -1;
}

void EpollEventDispatcherPrivate::armTimerFd()
{
    const qint64 deadline = nextDeadline();
    if (deadline == armedDeadlineNs)
        return;
    itimerspec spec{};
    if (deadline >= 0) {
        // An absolute time in the past fires at once; zero would disarm instead.
        const qint64 when = std::max<qint64>(deadline, 1);
        spec.it_value.tv_sec = time_t(when / 1'000'000'000);
        spec.it_value.tv_nsec = long(when % 1'000'000'000);
    }
    timerfd_settime(timerFd, TFD_TIMER_ABSTIME, &spec, nullptr);
    armedDeadlineNs = deadline;
}

int EpollEventDispatcherPrivate::activateTimers()
{
    const qint64 now = monotonicNowNs();
    // Collect first: a timer re-armed while firing waits for the next pass.
    std::vector<HeapEntry> due;
    while (!timerHeap.empty() && timerHeap.top().deadlineNs <= now) {
        due.push_back(timerHeap.top());
        timerHeap.pop();
    }
    int activated = 0;
    for (const HeapEntry &entry : due) {
        const auto it = timers.find(entry.timerId);
        if (it == timers.end() || it->second.generation != entry.generation)
            continue;
        Timer &timer = it->second;
        const qint64 interval = timer.intervalMs * NsPerMs;
        qint64 next = timer.deadlineNs + interval;
        if (next <= now)
            next = now + interval; // missed ticks are skipped, not fired in a burst
        timer.deadlineNs = next;
        timer.generation = nextGeneration++;
        timerHeap.push({next, entry.timerId, timer.generation});
        QObject *object = timer.object;
        QTimerEvent event(entry.timerId);
        QCoreApplication::sendEvent(object, &event);
        ++activated;
    }
    return activated;
}

EpollEventDispatcher::EpollEventDispatcher(QObject *parent)
    : QAbstractEventDispatcher(parent)
    , d(std::make_unique<EpollEventDispatcherPrivate>())
{
}

EpollEventDispatcher::~EpollEventDispatcher() = default;

bool EpollEventDispatcher::isValid() const
{
    return d->epollFd >= 0 && d->writeEpollFd >= 0 && d->wakeFd >= 0 && d->timerFd >= 0;
}

bool EpollEventDispatcher::processEvents(QEventLoop::ProcessEventsFlags flags)
{
    d->interrupted.storeRelaxed(0);
    Q_EMIT awake();
    QCoreApplication::sendPostedEvents();

    const bool includeTimers = !(flags & QEventLoop::X11ExcludeTimers);
    const bool includeNotifiers = !(flags & QEventLoop::ExcludeSocketNotifiers);
    const bool wait = flags & QEventLoop::WaitForMoreEvents;
    if (d->interrupted.loadRelaxed())
        return false;
    if (wait)
        Q_EMIT aboutToBlock();
    if (includeTimers)
        d->armTimerFd();

    int handled = 0;
    // A busy loop (the last wait filled its batch) asks the write set first; an idle
    // one spares the call and finds the set's descriptor in its own batch.
    if (includeNotifiers && d->lastWaitWasFull)
        handled += d->activateWriteSet();

    epoll_event events[MaxEventsPerWait];
    int ready = epoll_wait(d->epollFd, events, MaxEventsPerWait, wait ? -1 : 0);
    if (ready < 0)
        ready = 0; // EINTR: a signal; the caller loops
    d->lastWaitWasFull = ready == MaxEventsPerWait;

    for (int i = 0; i < ready; ++i) {
        const int fd = events[i].data.fd;
        if (fd == d->writeEpollFd) {
            if (includeNotifiers)
                handled += d->activateWriteSet();
        } else if (fd == d->wakeFd) {
            // Drain, then clear the flag. Cleared first, a wake-up landing in between
            // would be drained with this one and leave the flag set with nothing to
            // read: every later wakeUp() would then write nothing, and the loop could
            // sleep through a quit(). A wake-up that skips its write because the flag
            // is still set is harmless: its posted event is sent at the start of the
            // next pass, before the loop blocks again.
            drain(d->wakeFd);
            d->wakeUpPending.storeRelease(0);
            ++handled;
        } else if (fd == d->timerFd) {
            drain(d->timerFd);
            d->armedDeadlineNs = -1;
        } else if (includeNotifiers) {
            handled += d->activateSocketNotifiers(fd, events[i].events);
        }
    }
    if (includeTimers)
        handled += d->activateTimers();
    return handled > 0;
}

void EpollEventDispatcher::registerSocketNotifier(QSocketNotifier *notifier)
{
    const int fd = int(notifier->socket());
    if (fd < 0)
        return;
    if (size_t(fd) >= d->sockets.size())
        d->sockets.resize(size_t(fd) + 1);
    auto &entry = d->sockets[size_t(fd)];
    switch (notifier->type()) {
    case QSocketNotifier::Read: entry.read = notifier; break;
    case QSocketNotifier::Write: entry.write = notifier; break;
    case QSocketNotifier::Exception: entry.exception = notifier; break;
    }
    d->updateEpoll(fd, entry);
}

void EpollEventDispatcher::unregisterSocketNotifier(QSocketNotifier *notifier)
{
    const int fd = int(notifier->socket());
    EpollEventDispatcherPrivate::SocketEntry *found = d->entryFor(fd);
    if (!found)
        return;
    auto &entry = *found;
    for (QSocketNotifier *EpollEventDispatcherPrivate::SocketEntry::*which :
         {&EpollEventDispatcherPrivate::SocketEntry::read, &EpollEventDispatcherPrivate::SocketEntry::write,
          &EpollEventDispatcherPrivate::SocketEntry::exception}) {
        if (entry.*which == notifier)
            entry.*which = nullptr;
    }
    d->updateEpoll(fd, entry);
}

void EpollEventDispatcher::watchReadable(int fd, ReadableHandler *handler)
{
    if (fd < 0)
        return;
    if (size_t(fd) >= d->sockets.size())
        d->sockets.resize(size_t(fd) + 1);
    auto &entry = d->sockets[size_t(fd)];
    entry.handler = handler;
    entry.handlerEnabled = handler != nullptr;
    d->updateEpoll(fd, entry);
}

void EpollEventDispatcher::setReadableWatched(int fd, bool enabled)
{
    EpollEventDispatcherPrivate::SocketEntry *entry = d->entryFor(fd);
    if (!entry || !entry->handler || entry->handlerEnabled == enabled)
        return;
    entry->handlerEnabled = enabled;
    d->updateEpoll(fd, *entry);
}

void EpollEventDispatcher::unwatchReadable(int fd)
{
    watchReadable(fd, nullptr);
}

void EpollEventDispatcher::registerTimer(int timerId, qint64 interval, Qt::TimerType timerType, QObject *object)
{
    interval = std::max<qint64>(interval, 0);
    EpollEventDispatcherPrivate::Timer timer;
    timer.object = object;
    timer.intervalMs = interval;
    timer.type = timerType;
    timer.deadlineNs = monotonicNowNs() + interval * NsPerMs;
    timer.generation = d->nextGeneration++;
    d->timers[timerId] = timer;
    d->timerHeap.push({timer.deadlineNs, timerId, timer.generation});
}

bool EpollEventDispatcher::unregisterTimer(int timerId)
{
    return d->timers.erase(timerId) > 0;
}

bool EpollEventDispatcher::unregisterTimers(QObject *object)
{
    return std::erase_if(d->timers, [object](const auto &item) { return item.second.object == object; }) > 0;
}

QList<QAbstractEventDispatcher::TimerInfo> EpollEventDispatcher::registeredTimers(QObject *object) const
{
    QList<TimerInfo> list;
    for (const auto &[id, timer] : d->timers) {
        if (timer.object == object)
            list.append(TimerInfo(id, int(timer.intervalMs), timer.type));
    }
    return list;
}

int EpollEventDispatcher::remainingTime(int timerId)
{
    const auto it = d->timers.find(timerId);
    if (it == d->timers.end())
        return -1;
    const qint64 remaining = it->second.deadlineNs - monotonicNowNs();
    return int(std::max<qint64>(remaining, 0) / NsPerMs);
}

bool EpollEventDispatcher::setTimerDeadline(int timerId, qint64 deadlineNs)
{
    const auto it = d->timers.find(timerId);
    if (it == d->timers.end())
        return false;
    EpollEventDispatcherPrivate::Timer &timer = it->second;
    timer.deadlineNs = deadlineNs;
    timer.generation = d->nextGeneration++; // the timer's older heap entry is now stale
    d->timerHeap.push({deadlineNs, timerId, timer.generation});
    return true;
}

void EpollEventDispatcher::wakeUp()
{
    // One write per wake-up, however many threads post in the meantime.
    if (d->wakeUpPending.testAndSetAcquire(0, 1)) {
        const quint64 one = 1;
        [[maybe_unused]] const auto written = ::write(d->wakeFd, &one, sizeof one);
    }
}

void EpollEventDispatcher::interrupt()
{
    d->interrupted.storeRelaxed(1);
    wakeUp();
}

} // namespace NetCore
