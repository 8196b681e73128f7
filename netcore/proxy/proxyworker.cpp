// SPDX-License-Identifier: GPL-3.0-or-later
#include "proxy/proxyworker.h"

#include "io/monotonicclock.h"

#include <unistd.h>

namespace NetCore {

namespace {
constexpr int SweepIntervalMs = 100;
constexpr qsizetype ReadBufferBytes = 64 * 1024; // one read; a direction holds maxBuffered plus at most this
} // namespace

ProxyWorker::ProxyWorker(const ProxyConfig &config, const SocketAddress &upstream, std::shared_ptr<std::atomic<int>> openConnections)
    : m_config(config)
    , m_upstream(upstream)
    , m_openConnections(std::move(openConnections))
    , m_scratch(ReadBufferBytes, Qt::Uninitialized)
    , m_sweep(new QTimer(this))
{
    m_sweep->setInterval(SweepIntervalMs);
    connect(m_sweep, &QTimer::timeout, this, &ProxyWorker::sweep);
}

ProxyWorker::~ProxyWorker()
{
    closeAll();
}

void ProxyWorker::adopt(qintptr descriptor)
{
    if (!m_sweep->isActive())
        m_sweep->start(); // started here: the timer must run on this worker's thread
    ++m_counters.connectionsAccepted;
    auto link = std::make_unique<ProxyLink>(*this, int(descriptor), monotonicNowNs());
    ProxyLink *raw = link.get();
    raw->id = m_nextId++;
    raw->index = qsizetype(m_links.size());
    m_links.push_back(std::move(link));
    raw->start(m_upstream); // a failure removes it again, counted
}

void ProxyWorker::remove(ProxyLink *link)
{
    const qsizetype index = link->index;
    if (index < 0 || index >= qsizetype(m_links.size()) || m_links[size_t(index)].get() != link)
        return;
    // Swap with the last one: O(1). The object itself goes on the next pass, since
    // this is called from inside its own handlers.
    m_dead.push_back(std::move(m_links[size_t(index)]));
    if (index != qsizetype(m_links.size()) - 1) {
        m_links[size_t(index)] = std::move(m_links.back());
        m_links[size_t(index)]->index = index;
    }
    m_links.pop_back();
    link->index = -1;
    ++m_counters.connectionsClosed;
    m_openConnections->fetch_sub(1);
    if (m_dead.size() == 1)
        QMetaObject::invokeMethod(this, [this] { m_dead.clear(); }, Qt::QueuedConnection);
}

void ProxyWorker::closeAll()
{
    // Each abort removes its link from the end or swaps: take them from the back.
    while (!m_links.empty())
        m_links.back()->abort();
    m_dead.clear();
}

void ProxyWorker::sweep()
{
    const qint64 now = monotonicNowNs();
    // Backwards: a timed-out link swaps the last one into its place.
    for (qsizetype i = qsizetype(m_links.size()) - 1; i >= 0; --i) {
        if (i < qsizetype(m_links.size()))
            m_links[size_t(i)]->checkDeadlines(now);
    }
}

} // namespace NetCore
