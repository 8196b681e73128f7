// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QElapsedTimer>
#include <QList>
#include <QMetaObject>

namespace NetCore {

/**
 * Snapshots made from running totals, each with the interval since the one before
 * (a server's, a proxy's): `Snapshot` has elapsedNs, intervalNs, total and interval;
 * `Counters` has since().
 */
template<typename Counters, typename Snapshot>
class IntervalSnapshots
{
public:
    void restart()
    {
        m_clock.start();
        m_lastNs = 0;
        m_last = Snapshot{};
    }
    /** The next snapshot from the totals so far; also last() from now on (the owner may add to it). */
    Snapshot &next(const Counters &total)
    {
        const qint64 now = m_clock.nsecsElapsed();
        Snapshot snapshot;
        snapshot.elapsedNs = now;
        snapshot.intervalNs = now - m_lastNs;
        snapshot.total = total;
        snapshot.interval = total.since(m_last.total);
        m_lastNs = now;
        m_last = snapshot;
        return m_last;
    }
    const Snapshot &last() const { return m_last; }

private:
    QElapsedTimer m_clock;
    qint64 m_lastNs = 0;
    Snapshot m_last;
};

/**
 * Workers living on I/O threads, done with: each closes its connections and is
 * deleted on its own thread (deleteLater, unlike a posted call, is still honoured
 * when the thread ends). The list is emptied.
 */
template<typename Worker>
void retireWorkers(QList<Worker *> &workers)
{
    for (Worker *worker : std::as_const(workers)) {
        QMetaObject::invokeMethod(worker, [worker] { worker->closeAll(); }, Qt::QueuedConnection);
        worker->deleteLater();
    }
    workers.clear();
}

} // namespace NetCore
