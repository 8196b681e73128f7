// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "proxy/proxyconfig.h"
#include "proxy/proxycounters.h"
#include "proxy/proxylink.h"

#include <QByteArray>
#include <QObject>
#include <QTimer>

#include <atomic>
#include <memory>
#include <vector>

namespace NetCore {

/**
 * A proxy's links on one I/O thread: it adopts the client descriptors the listener
 * hands it, connects each to the upstream, counts, and applies connect timeouts.
 * Lives on its I/O thread; the owner talks to it by queued calls only.
 */
class ProxyWorker : public QObject
{
    Q_OBJECT

public:
    ProxyWorker(const ProxyConfig &config, const SocketAddress &upstream, std::shared_ptr<std::atomic<int>> openConnections);
    ~ProxyWorker() override;

    /** A client's accepted descriptor (on this worker's thread). */
    void adopt(qintptr descriptor);
    void closeAll();
    ProxyCounters counters() const { return m_counters; }

    // For the links.
    const ProxyConfig &config() const { return m_config; }
    ProxyCounters &mutableCounters() { return m_counters; }
    /** Where a link reads into: one buffer per thread. */
    QByteArray &scratch() { return m_scratch; }
    /** A link whose both sides are closed: gone on the next pass of the event loop. */
    void remove(ProxyLink *link);

private:
    void sweep();

    ProxyConfig m_config;
    SocketAddress m_upstream;
    std::shared_ptr<std::atomic<int>> m_openConnections;
    std::vector<std::unique_ptr<ProxyLink>> m_links;
    std::vector<std::unique_ptr<ProxyLink>> m_dead;
    ProxyCounters m_counters;
    QByteArray m_scratch;
    QTimer *m_sweep = nullptr;
    quint64 m_nextId = 0;
};

} // namespace NetCore
