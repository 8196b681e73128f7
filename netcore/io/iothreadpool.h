// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QAtomicInt>
#include <QList>
#include <QObject>

class QThread;

namespace NetCore {

/**
 * The I/O threads: a fixed pool of QThreads, each with its own event loop run by an
 * EpollEventDispatcher and a 1 ns timer slack, so that socket work costs the same
 * beside ten or ten thousand idle connections and fixed-rate schedules stay sharp.
 * Sockets of the load live only here; their owners move per-thread worker objects
 * onto these threads.
 *
 * Created and destroyed on the owner's thread; the destructor quits and joins every
 * thread (objects still living on them are destroyed with them).
 */
class IoThreadPool : public QObject
{
    Q_OBJECT

public:
    /** threadCount <= 0 means one per core. */
    explicit IoThreadPool(int threadCount = 0, QObject *parent = nullptr);
    ~IoThreadPool() override;

    int threadCount() const { return int(m_threads.size()); }
    QThread *thread(int index) const { return m_threads.at(index); }
    /** An object living on thread `index`, to post work to it with invokeMethod(). */
    QObject *context(int index) const { return m_contexts.at(index); }

    /** Returns once every thread has run what was posted to it before this call. */
    void drain();

    /** Round-robin choice of a thread index, safe from any thread. */
    int nextThreadIndex();

    static int defaultThreadCount();

private:
    QList<QThread *> m_threads;
    QList<QObject *> m_contexts;
    QAtomicInt m_next = 0;
};

} // namespace NetCore
