// SPDX-License-Identifier: GPL-3.0-or-later
#include "io/readwatch.h"

#include "io/epolleventdispatcher.h"
#include "io/readablehandler.h"

#include <QSocketNotifier>

namespace NetCore {

ReadWatch::~ReadWatch()
{
    stop();
}

void ReadWatch::start(int fd, ReadableHandler &handler)
{
    stop();
    if (fd < 0)
        return;
    m_fd = fd;
    m_enabled = true;
    m_dispatcher = qobject_cast<EpollEventDispatcher *>(QAbstractEventDispatcher::instance());
    if (m_dispatcher) {
        m_dispatcher->watchReadable(fd, &handler);
        return;
    }
    m_fallback = new QSocketNotifier(fd, QSocketNotifier::Read);
    QObject::connect(m_fallback, &QSocketNotifier::activated, m_fallback, [&handler] { handler.onReadable(); });
}

void ReadWatch::stop()
{
    if (m_fd < 0)
        return;
    // A dispatcher already gone (its thread ended) has nothing left to forget.
    if (m_dispatcher)
        m_dispatcher->unwatchReadable(m_fd);
    m_dispatcher = nullptr;
    delete m_fallback;
    m_fallback = nullptr;
    m_fd = -1;
    m_enabled = false;
}

void ReadWatch::setEnabled(bool enabled)
{
    if (m_fd < 0 || m_enabled == enabled)
        return;
    m_enabled = enabled;
    if (m_dispatcher)
        m_dispatcher->setReadableWatched(m_fd, enabled);
    else if (m_fallback)
        m_fallback->setEnabled(enabled);
}

} // namespace NetCore
