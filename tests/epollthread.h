// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "io/epolleventdispatcher.h"

#include <QObject>
#include <QThread>

#include <utility>

/** A thread running an EpollEventDispatcher, and a context object living on it. */
class EpollThread
{
public:
    EpollThread()
    {
        m_thread.setEventDispatcher(new NetCore::EpollEventDispatcher);
        m_thread.start();
        m_context.moveToThread(&m_thread);
    }
    ~EpollThread()
    {
        run([this] { m_context.deleteChildrenLater(); });
        m_thread.quit();
        m_thread.wait();
    }

    /** Runs `work` on the thread and waits for it to return. */
    template<typename Work>
    void run(Work &&work)
    {
        QMetaObject::invokeMethod(&m_context, std::forward<Work>(work), Qt::BlockingQueuedConnection);
    }

    QObject *context() { return &m_context; }
    QThread *thread() { return &m_thread; }

private:
    class Context : public QObject
    {
    public:
        void deleteChildrenLater()
        {
            for (QObject *child : children())
                delete child;
        }
    };

    QThread m_thread;
    Context m_context;
};

