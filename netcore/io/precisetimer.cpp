// SPDX-License-Identifier: GPL-3.0-or-later
#include "io/precisetimer.h"

#include <QSocketNotifier>

#include <algorithm>

#include <sys/timerfd.h>
#include <unistd.h>

namespace NetCore {

PreciseTimer::PreciseTimer(QObject *parent)
    : QObject(parent)
    , m_fd(timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC))
{
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
    if (m_fd < 0)
        return;
    itimerspec spec{};
    timerfd_settime(m_fd, TFD_TIMER_ABSTIME, &spec, nullptr);
}

void PreciseTimer::onReadable()
{
    quint64 expirations = 0;
    if (::read(m_fd, &expirations, sizeof expirations) == sizeof expirations && expirations > 0)
        Q_EMIT timeout();
}

} // namespace NetCore
