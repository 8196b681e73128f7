// SPDX-License-Identifier: GPL-3.0-or-later
#include "io/precisetimer.h"

#include "io/epolleventdispatcher.h"

#include <QSocketNotifier>
#include <QTimerEvent>

#include <algorithm>
#include <limits>

#include <sys/timerfd.h>
#include <unistd.h>

namespace NetCore {

namespace {
// The dispatcher's timer behind a PreciseTimer only ever fires at the deadline it is
// given; its interval, what it would wait after that, is a day, and stop() moves it
// out of reach.
constexpr int IdleIntervalMs = 24 * 3600 * 1000;
constexpr qint64 Never = std::numeric_limits<qint64>::max() / 2;
} // namespace

PreciseTimer::PreciseTimer(QObject *parent)
    : QObject(parent)
    , m_dispatcher(qobject_cast<EpollEventDispatcher *>(QAbstractEventDispatcher::instance()))
{
    if (m_dispatcher) {
        m_timerId = startTimer(IdleIntervalMs, Qt::PreciseTimer);
        if (m_timerId > 0) {
            m_dispatcher->setTimerDeadline(m_timerId, Never);
            return;
        }
        m_dispatcher = nullptr;
    }
    m_fd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
    if (m_fd >= 0) {
        m_notifier = new QSocketNotifier(m_fd, QSocketNotifier::Read, this);
        connect(m_notifier, &QSocketNotifier::activated, this, &PreciseTimer::onReadable);
    }
}

PreciseTimer::~PreciseTimer()
{
    delete m_notifier;
    if (m_fd >= 0)
        ::close(m_fd);
}

void PreciseTimer::startAt(qint64 deadlineNs)
{
    if (m_dispatcher) {
        m_dispatcher->setTimerDeadline(m_timerId, deadlineNs);
        return;
    }
    if (m_fd < 0)
        return;
    itimerspec spec{};
    const qint64 when = std::max<qint64>(deadlineNs, 1); // zero would disarm
    spec.it_value.tv_sec = time_t(when / 1'000'000'000);
    spec.it_value.tv_nsec = long(when % 1'000'000'000);
    timerfd_settime(m_fd, TFD_TIMER_ABSTIME, &spec, nullptr);
}

void PreciseTimer::stop()
{
    if (m_dispatcher) {
        m_dispatcher->setTimerDeadline(m_timerId, Never);
        return;
    }
    if (m_fd < 0)
        return;
    itimerspec spec{};
    timerfd_settime(m_fd, TFD_TIMER_ABSTIME, &spec, nullptr);
}

void PreciseTimer::timerEvent(QTimerEvent *event)
{
    if (event->timerId() != m_timerId) {
        QObject::timerEvent(event);
        return;
    }
    // The dispatcher has set the next expiry a day on; a startAt() from the slot moves it.
    Q_EMIT timeout();
}

void PreciseTimer::onReadable()
{
    quint64 expirations = 0;
    if (::read(m_fd, &expirations, sizeof expirations) == sizeof expirations && expirations > 0)
        Q_EMIT timeout();
}

} // namespace NetCore
