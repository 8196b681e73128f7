// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/iothreadpool.h"

#include "engine/epolleventdispatcher.h"

#include <QThread>

#include <algorithm>

#include <sys/prctl.h>

namespace NetCore {

IoThreadPool::IoThreadPool(int threadCount, QObject *parent)
    : QObject(parent)
{
    if (threadCount <= 0)
        threadCount = defaultThreadCount();
    for (int i = 0; i < threadCount; ++i) {
        auto *thread = new QThread(this);
        thread->setObjectName(QStringLiteral("wirebench-io-%1").arg(i));
        thread->setEventDispatcher(new EpollEventDispatcher);
        // started() is emitted on the new thread: the slack applies to it alone.
        connect(thread, &QThread::started, thread, [] { prctl(PR_SET_TIMERSLACK, 1UL, 0UL, 0UL, 0UL); },
                Qt::DirectConnection);
        thread->start();
        m_threads.append(thread);
    }
}

IoThreadPool::~IoThreadPool()
{
    for (QThread *thread : std::as_const(m_threads))
        thread->quit();
    for (QThread *thread : std::as_const(m_threads))
        thread->wait();
}

int IoThreadPool::nextThreadIndex()
{
    return int(quint32(m_next.fetchAndAddRelaxed(1)) % quint32(m_threads.size()));
}

int IoThreadPool::defaultThreadCount()
{
    return std::max(QThread::idealThreadCount(), 1);
}

} // namespace NetCore
