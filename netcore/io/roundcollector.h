// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QObject>

#include <functional>

namespace NetCore {

/**
 * Collects one part from each worker living on an I/O thread and hands the sum to
 * the owner, on the owner's thread. Parts travel by value through queued calls, so
 * no lock is shared and nothing per message crosses a thread. A round still under
 * way is never overtaken: collect() returns false instead.
 *
 * The owner must not be destroyed while a round is under way unless it first lets
 * the I/O threads drain (IoThreadPool::drain()).
 */
template<typename Part>
class RoundCollector
{
public:
    /**
     * Asks each worker for `take(worker)` on its thread; when all have answered,
     * calls `done(sum)` on `owner`'s thread. Part needs operator+=.
     */
    template<typename Worker, typename Take>
    bool collect(QObject *owner, const QList<Worker *> &workers, Take take, std::function<void(Part)> done)
    {
        if (m_pending > 0 || workers.isEmpty())
            return false;
        const quint64 round = ++m_round;
        m_pending = int(workers.size());
        m_sum = Part{};
        m_done = std::move(done);
        for (Worker *worker : workers) {
            QMetaObject::invokeMethod(
                worker,
                [this, owner, worker, take, round] {
                    Part part = take(worker);
                    QMetaObject::invokeMethod(
                        owner, [this, round, part = std::move(part)] { receive(round, part); }, Qt::QueuedConnection);
                },
                Qt::QueuedConnection);
        }
        return true;
    }

    bool isCollecting() const { return m_pending > 0; }

    /** Forgets the round under way; its late parts are ignored. */
    void cancel()
    {
        ++m_round;
        m_pending = 0;
    }

private:
    void receive(quint64 round, const Part &part)
    {
        if (round != m_round || m_pending == 0)
            return;
        m_sum += part;
        if (--m_pending > 0)
            return;
        // Moved out first: `done` may start the next round, which replaces both.
        auto done = std::move(m_done);
        Part sum = std::move(m_sum);
        done(std::move(sum));
    }

    quint64 m_round = 0;
    int m_pending = 0;
    Part m_sum{};
    std::function<void(Part)> m_done;
};

} // namespace NetCore
