// SPDX-License-Identifier: GPL-3.0-or-later
#include "proxy/proxyworker.h"

#include "io/monotonicclock.h"
#include "io/precisetimer.h"

#include <unistd.h>

namespace NetCore {

namespace {
constexpr int SweepIntervalMs = 100;
constexpr qsizetype ReadBufferBytes = 64 * 1024; // one read at most (less when the other side has less room)
} // namespace

ProxyWorker::ProxyWorker(const ProxyConfig &config, const SocketAddress &upstream, std::shared_ptr<std::atomic<int>> openConnections,
                         int index)
    : m_config(config)
    , m_upstream(upstream)
    , m_openConnections(std::move(openConnections))
    , m_scratch(ReadBufferBytes, Qt::Uninitialized)
    , m_sweep(new QTimer(this))
    , m_toxics(config.toxics)
    // One stream of randomness per thread, all from the proxy's one seed.
    , m_random(config.seed ^ (0x9E3779B97F4A7C15ULL * quint64(index + 1)))
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
    m_byId.emplace(raw->id, raw);
    if (raw->start(m_upstream) && !m_toxics.isEmpty()) // a failure removes it again, counted
        raw->updateToxics(m_toxics, monotonicNowNs(), m_random);
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
    m_byId.erase(link->id);
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

void ProxyWorker::setToxics(const QList<Toxic> &toxics)
{
    m_toxics = toxics;
    const qint64 now = monotonicNowNs();
    // Backwards: a link a toxic closes swaps the last one into its place.
    for (qsizetype i = qsizetype(m_links.size()) - 1; i >= 0; --i) {
        if (i < qsizetype(m_links.size()))
            m_links[size_t(i)]->updateToxics(m_toxics, now, m_random);
    }
}

void ProxyWorker::wakeAt(ProxyLink *link, qint64 atNs)
{
    const bool earliest = m_wakes.empty() || atNs < m_wakes.top().atNs;
    m_wakes.push(Wake{atNs, link->id});
    if (!earliest)
        return;
    if (!m_wakeTimer) {
        m_wakeTimer = new PreciseTimer(this);
        connect(m_wakeTimer, &PreciseTimer::timeout, this, &ProxyWorker::onWakeTimer);
    }
    m_wakeTimer->startAt(atNs);
}

void ProxyWorker::onWakeTimer()
{
    const qint64 now = monotonicNowNs();
    while (!m_wakes.empty() && m_wakes.top().atNs <= now) {
        const quint64 id = m_wakes.top().linkId;
        m_wakes.pop();
        if (const auto it = m_byId.find(id); it != m_byId.end())
            it->second->onTimer(now); // may ask for another wake-up
    }
    if (!m_wakes.empty())
        m_wakeTimer->startAt(m_wakes.top().atNs);
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
