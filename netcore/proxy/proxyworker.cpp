// SPDX-License-Identifier: GPL-3.0-or-later
#include "proxy/proxyworker.h"

#include "io/monotonicclock.h"
#include "io/precisetimer.h"

#include <cerrno>
#include <utility>

#include <sys/socket.h>
#include <unistd.h>

namespace NetCore {

namespace {
constexpr int SweepIntervalMs = 100;
constexpr qsizetype ReadBufferBytes = 64 * 1024; // one read at most (less when the other side has less room)
constexpr qsizetype MaxTracedPerPart = 2000;     // a traced flood is counted, not kept
} // namespace

ProxyWorker::ProxyWorker(const ProxyConfig &config, const SocketAddress &upstream, std::shared_ptr<std::atomic<int>> openConnections,
                         int index)
    : m_config(config)
    , m_upstream(upstream)
    , m_openConnections(std::move(openConnections))
    , m_scratch(ReadBufferBytes, Qt::Uninitialized)
    , m_sweep(new QTimer(this))
    , m_toxics(config.toxics)
    , m_frameFaults(config.frameFaults)
    // One stream of randomness per thread, all from the proxy's one seed.
    , m_random(config.seed ^ (0x9E3779B97F4A7C15ULL * quint64(index + 1)))
    , m_index(index)
    , m_recording(!config.recordPath.isEmpty() || !config.recordPcapPath.isEmpty())
{
    if (config.framing) {
        m_codec = makeCodec(*config.framing);
        m_replyTimes.emplace();
    }
    m_sweep->setInterval(SweepIntervalMs);
    connect(m_sweep, &QTimer::timeout, this, &ProxyWorker::sweep);
}

ProxyWorker::~ProxyWorker()
{
    closeAll();
    m_probeNotifier.reset();
    if (m_probeFd >= 0)
        ::close(m_probeFd);
}

void ProxyWorker::adopt(qintptr descriptor)
{
    if (!m_sweep->isActive())
        m_sweep->start(); // started here: the timer must run on this worker's thread
    if (m_config.refuseWhileUpstreamDown && m_counters.upstreamDown) {
        // Refused at once, with a reset: the client fails fast instead of waiting on a dead upstream.
        const linger abortive{1, 0};
        ::setsockopt(int(descriptor), SOL_SOCKET, SO_LINGER, &abortive, sizeof abortive);
        ::close(int(descriptor));
        ++m_counters.refusedUpstreamDown;
        m_openConnections->fetch_sub(1);
        return;
    }
    ++m_counters.connectionsAccepted;
    auto link = std::make_unique<ProxyLink>(*this, int(descriptor), monotonicNowNs());
    ProxyLink *raw = link.get();
    raw->id = m_nextId++;
    raw->index = qsizetype(m_links.size());
    m_links.push_back(std::move(link));
    m_byId.emplace(raw->id, raw);
    raw->traced = m_traced.contains(idBase(m_index) + int(raw->id));
    if (raw->start(m_upstream) && (!m_toxics.isEmpty() || !m_frameFaults.isEmpty())) // a failure removes it again, counted
        raw->updateFaults(m_toxics, m_frameFaults, monotonicNowNs(), m_random);
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

void ProxyWorker::setFaults(const ProxyFaults &faults)
{
    m_toxics = faults.toxics;
    m_frameFaults = faults.frameFaults;
    const qint64 now = monotonicNowNs();
    // Backwards: a link a toxic closes swaps the last one into its place.
    for (qsizetype i = qsizetype(m_links.size()) - 1; i >= 0; --i) {
        if (i < qsizetype(m_links.size()))
            m_links[size_t(i)]->updateFaults(m_toxics, m_frameFaults, now, m_random);
    }
}

ProxyWorker::Part &ProxyWorker::Part::operator+=(const Part &other)
{
    counters += other.counters;
    if (other.replyTimes) {
        if (!replyTimes)
            replyTimes.emplace();
        replyTimes->merge(*other.replyTimes);
    }
    record += other.record;
    traffic += other.traffic;
    trafficDropped += other.trafficDropped;
    return *this;
}

ProxyWorker::Part ProxyWorker::takePart()
{
    Part part;
    part.counters = m_counters;
    if (m_codec)
        part.replyTimes = std::exchange(m_replyTimes, ReplyTimes{});
    part.traffic = std::exchange(m_traffic, {});
    part.record = std::exchange(m_record, {});
    m_recordBytes = 0;
    part.trafficDropped = std::exchange(m_trafficDropped, 0);
    return part;
}

ProxyConnectionRows ProxyWorker::connectionRows() const
{
    ProxyConnectionRows rows;
    rows.clientSide.reserve(qsizetype(m_links.size()));
    rows.upstreamSide.reserve(qsizetype(m_links.size()));
    for (const auto &link : m_links)
        link->appendRows(rows, idBase(m_index) + int(link->id));
    return rows;
}

void ProxyWorker::setTraced(const QSet<int> &shownIds)
{
    m_traced = shownIds;
    for (const auto &link : m_links)
        link->traced = m_traced.contains(idBase(m_index) + int(link->id));
}

void ProxyWorker::closeLinks(const QSet<int> &shownIds)
{
    // Backwards: a closed link swaps the last one into its place.
    for (qsizetype i = qsizetype(m_links.size()) - 1; i >= 0; --i) {
        if (i < qsizetype(m_links.size()) && shownIds.contains(idBase(m_index) + int(m_links[size_t(i)]->id)))
            m_links[size_t(i)]->abort();
    }
}

void ProxyWorker::recordReply(qint64 serverNs, qint64 clientNs)
{
    ++m_counters.repliesTimed;
    if (!m_replyTimes)
        m_replyTimes.emplace();
    m_replyTimes->record(serverNs, clientNs);
}

void ProxyWorker::record(const CaptureEvent &event)
{
    // An interval's worth waits here; a flood past this is counted, not kept (the file
    // says so: the counter is in the proxy's summary).
    constexpr qsizetype MaxRecordedPerPart = 32 * 1024 * 1024;
    if (m_recordBytes >= MaxRecordedPerPart) {
        ++m_counters.recordLost;
        return;
    }
    m_recordBytes += event.bytes.size() + 64;
    m_record.append(event);
    m_record.last().timeNs -= m_config.recordOriginNs;
    m_record.last().connection = quint64(idBase(m_index)) + event.connection; // as the connections table shows it
}

void ProxyWorker::trace(quint64 linkId, TrafficEntry entry)
{
    if (m_traffic.size() >= MaxTracedPerPart) {
        ++m_trafficDropped;
        return;
    }
    entry.connection = idBase(m_index) + int(linkId);
    m_traffic.append(std::move(entry));
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

void ProxyWorker::noteUpstream(bool reached)
{
    m_counters.upstreamDown = !reached;
    m_counters.upstreamSeenNs = monotonicNowNs();
}

void ProxyWorker::probeUpstream(qint64 nowNs)
{
    if (m_probeFd >= 0 || nowNs - m_lastProbeNs < qint64(m_config.upstreamProbeMs) * 1'000'000)
        return;
    m_lastProbeNs = nowNs;
    m_probeFd = ::socket(m_upstream.storage.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (m_probeFd < 0)
        return;
    if (::connect(m_probeFd, reinterpret_cast<const sockaddr *>(&m_upstream.storage), m_upstream.length) == 0) {
        ::close(std::exchange(m_probeFd, -1));
        noteUpstream(true);
        return;
    }
    if (errno != EINPROGRESS) {
        ::close(std::exchange(m_probeFd, -1)); // still down: the next probe in upstreamProbeMs
        return;
    }
    m_probeNotifier = std::make_unique<QSocketNotifier>(m_probeFd, QSocketNotifier::Write);
    connect(m_probeNotifier.get(), &QSocketNotifier::activated, this, &ProxyWorker::onProbeResult);
}

void ProxyWorker::onProbeResult()
{
    int error = 0;
    socklen_t length = sizeof error;
    if (::getsockopt(m_probeFd, SOL_SOCKET, SO_ERROR, &error, &length) < 0)
        error = errno;
    if (m_probeNotifier) {
        m_probeNotifier->setEnabled(false);
        m_probeNotifier.release()->deleteLater(); // this may be its own signal
    }
    ::close(std::exchange(m_probeFd, -1));
    if (error == 0)
        noteUpstream(true);
}

void ProxyWorker::sweep()
{
    const qint64 now = monotonicNowNs();
    // A probe the upstream does not answer (its SYNs dropped) gives up as a client's connect would.
    if (m_probeFd >= 0 && now - m_lastProbeNs > qint64(m_config.connectTimeoutMs) * 1'000'000) {
        m_probeNotifier.reset();
        ::close(std::exchange(m_probeFd, -1));
    }
    if (m_config.refuseWhileUpstreamDown && m_counters.upstreamDown)
        probeUpstream(now);
    // Backwards: a timed-out link swaps the last one into its place.
    for (qsizetype i = qsizetype(m_links.size()) - 1; i >= 0; --i) {
        if (i < qsizetype(m_links.size()))
            m_links[size_t(i)]->checkDeadlines(now);
    }
}

} // namespace NetCore
