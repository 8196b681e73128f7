// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "io/readablehandler.h"
#include "io/readwatch.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QSocketNotifier>

#include <memory>

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
 * writer on the other side and memory stays bounded (maxBuffered plus one read, per
 * direction). A side's EOF is passed on as a half-close once its bytes are out; a
 * side that fails or resets has the other side reset. Not a QObject: a proxy may
 * hold tens of thousands.
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

    qsizetype index = -1; // position in the worker's list, for O(1) removal
    quint64 id = 0;

private:
    friend class ProxyLeg;
    void onReadable(ProxyLeg &from);
    void onWritable(ProxyLeg &to);
    void onConnectResult();
    /** Hands `bytes` from `from` to the other side: sent at once where the kernel takes them, the rest held. */
    void forward(ProxyLeg &from, QByteArrayView bytes);
    /** Sends what `to` holds; false if that side failed (the link is closed then). */
    bool flush(ProxyLeg &to);
    /** Passes an EOF on once its bytes are out; closes the link when both ways are done. */
    void passEndsOn();
    /** `failed` reset or failed: the other side is reset, the link closed. */
    void resetFrom(ProxyLeg &failed);
    void watchWrites(ProxyLeg &leg, bool enabled);
    ProxyLeg &otherSide(ProxyLeg &leg) { return &leg == &m_client ? m_server : m_client; }
    void close();

    ProxyWorker &m_worker;
    ProxyLeg m_client;
    ProxyLeg m_server;
    qint64 m_startedNs = 0;
    bool m_connecting = false;
    bool m_closed = false;
};

} // namespace NetCore
