// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "proxy/replytimes.h"
#include "capture/capture.h"
#include "metrics/trafficentry.h"
#include "proxy/proxyconnectionrows.h"

#include <QSet>

#include "proxy/proxyconfig.h"
#include "proxy/proxycounters.h"
#include "proxy/proxylink.h"

#include <QByteArray>
#include <QObject>
#include <QTimer>

#include <queue>
#include <random>
#include <unordered_map>

#include <atomic>
#include <memory>
#include <vector>

namespace NetCore {

class PreciseTimer;

/**
 * A proxy's links on one I/O thread: it adopts the client descriptors the listener
 * hands it, connects each to the upstream, counts, and applies connect timeouts.
 * Lives on its I/O thread; the owner talks to it by queued calls only.
 */
class ProxyWorker : public QObject
{
    Q_OBJECT

public:
    ProxyWorker(const ProxyConfig &config, const SocketAddress &upstream, std::shared_ptr<std::atomic<int>> openConnections,
                int index);
    ~ProxyWorker() override;

    /** What the owner collects each interval; parts add up. */
    struct Part {
        ProxyCounters counters;      // since the start
        std::optional<ReplyTimes> replyTimes; // with a framing: since the last part
        QList<CaptureEvent> record;  // recorded events since the last part (timed from the capture's start)
        QList<TrafficEntry> traffic; // traced chunks since the last part
        quint64 trafficDropped = 0;  // traced chunks past the per-interval bound
        Part &operator+=(const Part &other);
    };
    /** Ids shown for worker `index`'s connections start here: unique across a proxy's threads. */
    static int idBase(int index) { return index * 100'000'000; }

    /** A client's accepted descriptor (on this worker's thread). */
    void adopt(qintptr descriptor);
    void closeAll();
    /** New toxics for every connection, each decided once per connection by its toxicity. */
    void setFaults(const ProxyFaults &faults);
    /** The counters, and the traced chunks since the last call. */
    Part takePart();
    ProxyConnectionRows connectionRows() const;
    /** The connections (shown ids) whose chunks go to the traffic log; the others' stop. */
    void setTraced(const QSet<int> &shownIds);
    /** Closes the connections of these shown ids (both sides). */
    void closeLinks(const QSet<int> &shownIds);

    // For the links.
    const ProxyConfig &config() const { return m_config; }
    ProxyCounters &mutableCounters() { return m_counters; }
    /** Where a link reads into: one buffer per thread. */
    QByteArray &scratch() { return m_scratch; }
    /** A link whose both sides are closed: gone on the next pass of the event loop. */
    void remove(ProxyLink *link);
    /** Calls `link->onTimer()` at `atNs` (CLOCK_MONOTONIC), unless it is gone by then. */
    void wakeAt(ProxyLink *link, qint64 atNs);
    std::mt19937_64 &random() { return m_random; }
    /** A link's connect to the upstream failed (refused, unreachable, timed out) or succeeded. */
    void noteUpstream(bool reached);
    /** A request's timing, with a framing (see ReplyTimes). */
    void recordReply(qint64 serverNs, qint64 clientNs);
    /** The framing's codec, when the proxy has one. */
    const std::shared_ptr<const FrameCodec> &codec() const { return m_codec; }
    bool recording() const { return m_recording; }
    /** Stops recording (the capture reached its limit, or its file failed). */
    void stopRecording()
    {
        m_recording = false;
        m_record.clear();
    }
    /** A recorded event of a link, for the next part (bounded: past it, counted as lost). */
    void record(const CaptureEvent &event);
    /** A traced link's chunk, for the next part (bounded). */
    void trace(quint64 linkId, TrafficEntry entry);

private:
    void sweep();
    /** While the upstream is down and new clients are refused: one connect, to see it back. */
    void probeUpstream(qint64 nowNs);
    void onProbeResult();
    void onWakeTimer();

    struct Wake {
        qint64 atNs;
        quint64 linkId;
        bool operator>(const Wake &other) const { return atNs > other.atNs; }
    };

    ProxyConfig m_config;
    SocketAddress m_upstream;
    std::shared_ptr<std::atomic<int>> m_openConnections;
    std::vector<std::unique_ptr<ProxyLink>> m_links;
    std::vector<std::unique_ptr<ProxyLink>> m_dead;
    std::unordered_map<quint64, ProxyLink *> m_byId; // for wake-ups, which outlive their links
    std::priority_queue<Wake, std::vector<Wake>, std::greater<Wake>> m_wakes;
    PreciseTimer *m_wakeTimer = nullptr;

    ProxyCounters m_counters;
    QByteArray m_scratch;
    QTimer *m_sweep = nullptr;
    QList<Toxic> m_toxics;
    QList<FrameFault> m_frameFaults;
    std::mt19937_64 m_random;
    quint64 m_nextId = 1;
    int m_probeFd = -1;
    std::unique_ptr<QSocketNotifier> m_probeNotifier;
    qint64 m_lastProbeNs = 0;
    int m_index = 0;
    QSet<int> m_traced;
    QList<TrafficEntry> m_traffic;
    bool m_recording = false;
    QList<CaptureEvent> m_record;
    qsizetype m_recordBytes = 0;
    std::shared_ptr<const FrameCodec> m_codec;
    std::optional<ReplyTimes> m_replyTimes;
    quint64 m_trafficDropped = 0;
};

} // namespace NetCore
