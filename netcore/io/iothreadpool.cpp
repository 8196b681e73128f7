// SPDX-License-Identifier: GPL-3.0-or-later
#include "io/iothreadpool.h"

#include "io/epolleventdispatcher.h"

#include <QThread>

#include <algorithm>

#include <openssl/crypto.h>

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
        // TLS connections leave OpenSSL state on their thread (its random generators):
        // freed here as the thread ends. Left to OpenSSL's own thread-exit hook, some of it
        // leaked now and then (LeakSanitizer, in about one load in ten that failed at once).
        connect(thread, &QThread::finished, thread, [] { OPENSSL_thread_stop(); }, Qt::DirectConnection);
        thread->start();
        auto *context = new QObject;
        context->moveToThread(thread);
        connect(thread, &QThread::finished, context, &QObject::deleteLater);
        m_threads.append(thread);
        m_contexts.append(context);
    }
}

IoThreadPool::~IoThreadPool()
{
    for (QThread *thread : std::as_const(m_threads))
        thread->quit();
    for (QThread *thread : std::as_const(m_threads))
        thread->wait();
}

void IoThreadPool::drain()
{
    for (qsizetype i = 0; i < m_threads.size(); ++i) {
        if (m_threads[i]->isRunning() && m_threads[i] != QThread::currentThread())
            QMetaObject::invokeMethod(m_contexts[i], [] {}, Qt::BlockingQueuedConnection);
    }
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
