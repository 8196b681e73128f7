// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>

class QSocketNotifier;

namespace NetCore {

class EpollEventDispatcher;

/**
 * A one-shot timer for an absolute CLOCK_MONOTONIC time in nanoseconds, for
 * schedules finer than Qt's millisecond timers. Create it on the thread that uses it.
 *
 * On an EpollEventDispatcher thread it is one of the dispatcher's own timers, looked
 * at on every pass: a connect ramp or a send schedule stays on time while thousands
 * of busy sockets are ready (a timerfd of its own waited behind all of them, up to
 * 100 ms at 16,000 connections). Elsewhere it is a timerfd watched by a notifier.
 */
class PreciseTimer : public QObject
{
    Q_OBJECT

public:
    explicit PreciseTimer(QObject *parent = nullptr);
    ~PreciseTimer() override;

    /** Fires timeout() once at `deadlineNs` (at once if that has passed). */
    void startAt(qint64 deadlineNs);
    void stop();
    bool isValid() const { return m_timerId > 0 || m_fd >= 0; }

Q_SIGNALS:
    void timeout();

protected:
    void timerEvent(QTimerEvent *event) override;

private:
    void onReadable();

    EpollEventDispatcher *m_dispatcher = nullptr;
    int m_timerId = 0;
    int m_fd = -1;
    QSocketNotifier *m_notifier = nullptr;
};

} // namespace NetCore
