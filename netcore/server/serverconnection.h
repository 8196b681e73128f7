// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "codec/framereader.h"
#include "metrics/connectionstats.h"
#include "io/readablehandler.h"
#include "io/readwatch.h"
#include "behaviour/serverbehaviour.h"

#include <QByteArray>

#include <memory>

class QTcpSocket;

namespace NetCore {

class ServerWorker;
class TlsChannel;

/**
 * One accepted connection on an I/O thread: reads, decodes, lets the behaviour
 * answer, writes once per read batch, and applies the limits. Deliberately not a
 * QObject and small, since a server may hold tens of thousands of them.
 *
 * Backpressure: when the peer leaves more than maxPendingOutput unread, the
 * connection stops reading; Qt's capped read buffer then fills and the kernel's
 * window closes, so the peer is slowed instead of the server buffering without end.
 */
class ServerConnection final : public ServerReplies, public ReadableHandler
{
public:
    ServerConnection(ServerWorker &worker, QTcpSocket *socket);
    ~ServerConnection() override;

    ServerConnection(const ServerConnection &) = delete;
    ServerConnection &operator=(const ServerConnection &) = delete;

    /** Reads what the kernel holds (or pauses the watch while not reading). */
    void onReadable() override;
    void onBytesWritten();

    /** Applies idle, frame and closing deadlines; called by the worker's sweep. */
    void checkDeadlines(qint64 nowNs);

    /** This connection's figures for the window's table (id, ends, frames in and out). */
    ConnectionStats stats() const;

    /** Stops watching the descriptor at once: the connection is leaving (its descriptor may soon be reused). */
    void stopReading();

    /** Starts a graceful close (pending output is still sent, within a deadline). */
    void close();

    void reply(QByteArrayView payload) override;
    void replyAfter(qint64 delayNs, QByteArrayView payload) override;
    /** A delayed reply falls due: the worker hands back what replyAfter() made. */
    void deliverDelayed(const QByteArray &frame);

    QTcpSocket *socket() const { return m_socket; }
    qsizetype index = -1; // position in the worker's list, for O(1) removal
    quint64 id = 0;       // unique within the worker, for delayed replies

private:
    void decodeBuffered(qint64 nowNs);
    void sendError(FrameError error, quint64 sequence, const QString &detail);
    /** Writes the output (through TLS when on) in one send(); pauses reading above the limit. */
    void flushOutput();
    /** Sends bytes as they go on the wire: TLS records, or the plaintext without TLS. */
    void sendWire(QByteArrayView bytes);
    // TLS (serverconnectiontls.cpp).
    /** Takes received bytes through TLS into `plain`; false if the connection is ending. */
    bool receiveTls(QByteArrayView received, QByteArray &plain);
    void shutdownTls();
    /** Encodes the answer to the current request into `out`, with the faults applied; false if none. */
    bool encodeReply(QByteArrayView payload, QByteArray &out);
    qsizetype pendingOutput() const;
    /** WebSocket: takes bytes of the upgrade request; false if it was refused (the connection closes). */
    bool readUpgrade(QByteArrayView bytes);
    /** WebSocket: answers a ping or a close (and pings inside a message); true if `frame` was a control frame. */
    bool answerControlFrame(const Frame &frame);
    void resumeIfDrained();

    ServerWorker &m_worker;
    QTcpSocket *m_socket;
    ReadWatch m_readWatch; // ours: Qt's read path is switched off
    int m_fd = -1;
    FrameReader m_reader;
    QByteArray m_output;
    const Frame *m_request = nullptr; // the request being answered
    qint64 m_lastActivityNs = 0;
    qint64 m_acceptedNs = 0;
    qint64 m_partialSinceNs = 0;      // when the frame now being received began, or 0
    qint64 m_closingSinceNs = 0;
    quint64 m_framesReceived = 0;
    quint64 m_requests = 0;
    quint64 m_framesSent = 0;
    quint64 m_protocolErrors = 0;
    qint64 m_lastDelayedDueNs = 0;    // delayed replies of ordered framings never overtake
    qsizetype m_delayedBytes = 0;     // made but not yet due: counts as pending output
    int m_delayedCount = 0;
    bool m_paused = false;
    bool m_qtHasOutput = false;       // output waits in Qt's buffer: new output queues behind it
    bool m_watchingWrites = false;    // bytesWritten() is connected (once Qt held output)
    bool m_finishing = false;         // closing once the delayed replies are out
    bool m_upgrading = false;         // WebSocket: the upgrade request has not come whole yet
    QByteArray m_upgradeBuffer;       // WebSocket: the upgrade request so far
    QByteArray m_messageContent;      // WebSocket: the current message, unmasked and joined
    std::unique_ptr<TlsChannel> m_tls; // set on a TLS server
    bool m_tlsPeerClosed = false;     // close_notify came: the connection closes after this read
    bool m_tlsGreeted = false;        // the client's first bytes came (the tls-abort fault decides then)
};

} // namespace NetCore
