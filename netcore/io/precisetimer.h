// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>

class QSocketNotifier;

namespace NetCore {

/**
 * A one-shot timer for an absolute CLOCK_MONOTONIC time in nanoseconds (a timerfd
 * watched by a socket notifier), for schedules finer than Qt's millisecond timers.
 * Create it on the thread that uses it.
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
    bool isValid() const { return m_fd >= 0; }

Q_SIGNALS:
    void timeout();

private:
    void onReadable();

    int m_fd = -1;
    QSocketNotifier *m_notifier = nullptr;
};

} // namespace NetCore
