// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QAtomicInt>
#include <QObject>
#include <QPointer>

#include <queue>
#include <unordered_map>
#include <vector>

class QSocketNotifier;

namespace NetCore {

class ReadableHandler;

/** EpollEventDispatcher's state; only its own thread touches it, but for the eventfd. */
class EpollEventDispatcherPrivate
{
public:
    struct SocketEntry {
        QSocketNotifier *read = nullptr;
        QSocketNotifier *write = nullptr;
        QSocketNotifier *exception = nullptr;
        ReadableHandler *handler = nullptr; // called directly, instead of a read notifier
        bool handlerEnabled = false;
        quint32 registeredEvents = 0; // what the main set currently watches for this fd
        bool registeredWrite = false; // in the write set
    };

    struct Timer {
        QObject *object = nullptr;
        qint64 intervalMs = 0;
        Qt::TimerType type = Qt::PreciseTimer;
        qint64 deadlineNs = 0;
        quint64 generation = 0;
    };

    struct HeapEntry {
        qint64 deadlineNs;
        int timerId;
        quint64 generation;
        bool operator>(const HeapEntry &other) const { return deadlineNs > other.deadlineNs; }
    };

    EpollEventDispatcherPrivate();
    ~EpollEventDispatcherPrivate();

    void updateEpoll(int fd, SocketEntry &entry);
    int activateSocketNotifiers(int fd, quint32 events);
    /** Fires the write notifiers whose descriptors are writable (or failed) now. */
    int activateWriteSet();
    int activateTimers();
    void armTimerFd();
    qint64 nextDeadline();

    int epollFd = -1;
    // Write notifiers (a connect completing, output the kernel refused) in a set of
    // their own, itself watched by the main set: a busy loop asks it first, so they
    // do not wait in the main ready list behind every busy socket.
    int writeEpollFd = -1;
    bool lastWaitWasFull = false;
    int wakeFd = -1;
    int timerFd = -1;
    QAtomicInt wakeUpPending = 0;
    QAtomicInt interrupted = 0;

    // Indexed by descriptor: descriptors are small and dense, and this lookup runs
    // for every event, where a hash table's was a cache miss of its own.
    std::vector<SocketEntry> sockets;
    SocketEntry *entryFor(int fd) { return fd >= 0 && size_t(fd) < sockets.size() ? &sockets[size_t(fd)] : nullptr; }
    std::unordered_map<int, Timer> timers;
    std::priority_queue<HeapEntry, std::vector<HeapEntry>, std::greater<>> timerHeap;
    quint64 nextGeneration = 1;
    qint64 armedDeadlineNs = -1;
};

} // namespace NetCore
