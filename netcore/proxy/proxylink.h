// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "proxy/framestage.h"
#include "proxy/proxyconnectionrows.h"

#include "io/readablehandler.h"
#include "io/readwatch.h"
#include "proxy/toxicchain.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QSocketNotifier>

#include <deque>
#include <memory>
#include <random>

#include <sys/socket.h>



namespace NetCore {

class ProxyLink;
class ProxyWorker;

/** An address to connect to, as the kernel takes it. */
struct SocketAddress {
    sockaddr_storage storage{};
    socklen_t length = 0;
};

/** One side of a proxied connection: its descriptor, and what waits to be written to it. */
class ProxyLeg final : public ReadableHandler
{
public:
    explicit ProxyLeg(ProxyLink &link)
        : m_link(link)
    {
    }
    void onReadable() override;

    qsizetype pendingBytes() const { return pending.size() - pendingOffset; }

    int fd = -1;
    ReadWatch readWatch;
    std::unique_ptr<QSocketNotifier> writeNotifier; // made the first time the kernel refuses bytes
    QByteArray pending;          // bytes for this side, from pendingOffset on
    qsizetype pendingOffset = 0;
    bool readEnded = false;      // this side finished sending (EOF)
    bool writeShut = false;      // the other side's EOF was passed on (shutdown SHUT_WR)
    bool paused = false;         // not read: the other side holds maxBuffered of its bytes

private:
    ProxyLink &m_link;
};

/**
 * One proxied connection on an I/O thread: the client's accepted descriptor and the
 * proxy's own connection to the upstream server. Bytes are forwarded as they come,
 * each way; a side whose bytes the other cannot take (more than maxBuffered held)
 * is no longer read until they drain below half of it, so a slow reader slows the
 * writer on the other side and memory stays bounded: a read takes no more than the
 * room left, so a direction holds maxBuffered at most. A side's EOF is passed on as a half-close once its bytes are out; a
 * side that fails or resets has the other side reset. With toxics on a direction,
 * its bytes wait in a queue until due (they count towards the bound), and the
 * worker wakes the link when the next piece, end or deadline falls due. Not a
 * QObject: a proxy may hold tens of thousands.
 */
class ProxyLink
{
public:
    ProxyLink(ProxyWorker &worker, int clientFd, qint64 nowNs);
    ~ProxyLink();
    ProxyLink(const ProxyLink &) = delete;
    ProxyLink &operator=(const ProxyLink &) = delete;

    /** Starts reading the client and connecting to `upstream`; false if it failed at once (then closed). */
    bool start(const SocketAddress &upstream);
    /** Applies the connect timeout; called by the worker's sweep. */
    void checkDeadlines(qint64 nowNs);
    /** Closes both sides at once (the proxy stops). */
    void abort();
    /** The proxy's faults, decided for this connection (new ones rolled by their toxicity, aimed ones by its address). */
    void updateFaults(const QList<Toxic> &toxics, const QList<FrameFault> &frameFaults, qint64 nowNs, std::mt19937_64 &random);
    /** A wake-up asked of the worker (ProxyWorker::wakeAt) fell due. */
    void onTimer(qint64 nowNs);
    /** This connection's two rows, the client's side and the upstream side, under `shownId`. */
    void appendRows(ProxyConnectionRows &rows, int shownId) const;

    qsizetype index = -1; // position in the worker's list, for O(1) removal
    quint64 id = 0;
    bool traced = false;  // its chunks go to the traffic log

private:
    friend class ProxyLeg;
    void onReadable(ProxyLeg &from);
    void onWritable(ProxyLeg &to);
    void onConnectResult();
    /** Hands `bytes` from `from` to the other side: sent at once where the kernel takes them, the rest held. */
    void forward(ProxyLeg &from, QByteArrayView bytes);
    /**
     * forward()'s delivery: through the toxics, not before `notBeforeNs` (a frame's
     * delay); `nowNs` 0 when not known yet. When the last of the bytes is due.
     */
    qint64 deliver(ProxyLeg &from, QByteArrayView bytes, qint64 nowNs, qint64 notBeforeNs);
    /** With a framing: bytes cut into frames, each with its faults, timed and traced (proxylinkframes.cpp). */
    void forwardFrames(ProxyLeg &from, QByteArrayView bytes);
    /** At `from`'s end: the partial frame its FrameStage holds goes on as it came. */
    void forwardPartialFrame(ProxyLeg &from, qint64 nowNs);
    /** A request is remembered; a reply is paired with it and timed: what the client saw, or -1. */
    qint64 timeFrame(int direction, const StagedFrame &frame, qint64 nowNs, qint64 dueNs);
    void traceFrame(int direction, const StagedFrame &frame, qint64 nowNs, qint64 roundTripNs);
    /** Sends what `to` holds; false if that side failed (the link is closed then). */
    bool flush(ProxyLeg &to);
    /** Passes an EOF on once its bytes are out; closes the link when both ways are done. */
    void passEndsOn();
    /** `failed` reset or failed: the other side is reset, the link closed. */
    void resetFrom(ProxyLeg &failed);
    void watchWrites(ProxyLeg &leg, bool enabled);
    ProxyLeg &otherSide(ProxyLeg &leg) { return &leg == &m_client ? m_server : m_client; }
    /** 0 for the bytes `from` sends when it is the client (upstream), 1 for the server's. */
    int directionOf(const ProxyLeg &from) const { return &from == &m_client ? 0 : 1; }
    /** Bytes on their way to `to`: written but not taken by the kernel, and waiting in its toxics. */
    qsizetype heldFor(ProxyLeg &to) const;
    /** Moves the pieces of `direction` that fell due to their side, and writes them. */
    void release(int direction, qint64 nowNs);
    void pauseIfFull(ProxyLeg &from);
    /** Counts a chunk read from `from` (and traces it). */
    void noteChunk(const ProxyLeg &from, QByteArrayView bytes);
    /** Faults, chunks, first byte and what is held, in words, for the connection table. */
    QString detailText() const;
    void scheduleWake(qint64 nowNs);
    void close();

    ProxyWorker &m_worker;
    ProxyLeg m_client;
    ProxyLeg m_server;
    qint64 m_startedNs = 0;
    ToxicChain m_chains[2];             // by direction: 0 client → server, 1 server → client
    std::deque<ToxicPiece> m_queues[2];
    qsizetype m_queuedBytes[2] = {0, 0};
    qint64 m_endDueNs[2] = {0, 0};      // when a side's end may be passed on (slow_close)
    qint64 m_wakeNs = 0;                // the wake-up asked of the worker, or 0
    bool m_closeWhenDelivered = false;  // limit_data reached: close once written
    bool m_connecting = false;
    bool m_closed = false;
    std::unique_ptr<FrameStage> m_stages[2]; // with a framing, by direction
    struct PendingRequest {
        qint64 readNs;      // read from the client
        qint64 forwardedNs; // due at the server (after the faults)
        quint64 sequence;   // WB1's, to pair its reply
    };
    std::deque<PendingRequest> m_requests; // awaiting their replies (bounded)
    bool m_timingLost = false;             // in-order pairing gave up (too many unanswered)
    QHostAddress m_clientAddress;            // aimed faults (from=)
    // Per direction, for the connection table and the traffic log.
    quint64 m_bytes[2] = {0, 0};
    quint64 m_chunks[2] = {0, 0};
    qint64 m_firstByteNs[2] = {-1, -1}; // CLOCK_MONOTONIC of the first byte read each way
};

} // namespace NetCore
