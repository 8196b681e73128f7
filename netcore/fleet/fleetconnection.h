// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "codec/framereader.h"
#include "metrics/connectionstats.h"
#include "io/readablehandler.h"
#include "io/readwatch.h"
#include "fleet/inflightrequests.h"
#include "tls/tlserror.h"
#include "text/fieldtemplate.h"

#include <QAbstractSocket>
#include <QByteArray>
#include <QList>

#include <memory>

class QTcpSocket;

namespace NetCore {

class FleetWorker;
class MessageTemplate;
class TlsChannel;

/**
 * One simulated client connection on an I/O thread. It sends when its worker's
 * schedule says so, matches replies to its requests in flight (InFlightRequests), and
 * records each round trip twice: from when the message was due (corrected for
 * coordinated omission) and from when it was actually sent. Not a QObject and small.
 * Its opening and closing exchanges and message fields are in fleetconnectionexchange.cpp.
 */
class FleetConnection final : public ReadableHandler
{
public:
    using State = ConnectionState;

    FleetConnection(FleetWorker &worker, int id);
    ~FleetConnection();

    FleetConnection(const FleetConnection &) = delete;
    FleetConnection &operator=(const FleetConnection &) = delete;

    /** Connects (again, after a close, with --reconnect). */
    void connectToTarget();
    /** The fleet stops before this connection's turn to connect came: it never will. */
    void cancelPendingConnect();
    /** Closes gracefully; outstanding requests are counted as lost. */
    void close();
    /** Cuts the connection at once (a close that did not finish in time). */
    void abort();

    /** A message is due at `dueNs`: sent now if the connection may, else held back. */
    void submit(qint64 dueNs, qint64 nowNs);
    /** Closed loop: sends until the window is full (or the budget spent). */
    void fillWindow(qint64 nowNs);
    /**
     * Encodes one message (the fleet's own, or `message`) into the output; flush()
     * writes it. False, with nothing sent, when its match key is still in flight.
     */
    bool sendNow(qint64 dueNs, qint64 nowNs, const MessageTemplate *message = nullptr, bool traced = false);
    /** Writes what was encoded since the last flush, in one system call. */
    void flush();

    void checkDeadlines(qint64 nowNs);

    State state() const { return m_state; }
    /** Open, and past its opening exchange (TLS handshake, WebSocket upgrade, hello): the schedule may use it. */
    bool isReady() const { return m_state == State::Open && m_helloStep < 0 && !m_upgrading && !m_handshaking; }
    int id() const { return m_id; }
    qsizetype inFlight() const { return m_inFlight.size(); }
    const ConnectionStats &stats() const { return m_stats; }
    /** "address:port" of both ends (local empty until connected). */
    void describeEnds(QString &local, QString &remote) const;

private:
    void trace(bool outgoing, const struct Frame &frame, qint64 nowNs, qint64 roundTripNs, quint32 answers = 0);

    void onStateChanged(QAbstractSocket::SocketState state);
    void onConnected();
    /** Connected (and TLS set up): the WebSocket upgrade, the hello, or ready at once. */
    void continueOpening();
    /** Connected, and the opening exchange (if any) done: counted and put to work. */
    void finishOpening();
    /** Sends bytes as they go on the wire: TLS records, or the plaintext without TLS. */
    void sendWire(QByteArrayView bytes);
    // TLS (fleetconnectiontls.cpp).
    /** Starts the handshake: at connect, or after a starttls hello's reply. */
    void startTls(qint64 nowNs);
    /** Takes received bytes through TLS; plaintext in `plain`. False if the connection ended. */
    /** Received bytes as the codec is to see them: decrypted (TLS), or as they came; false when the connection ended. */
    bool unwrapTls(QByteArrayView &bytes, qint64 nowNs);
    bool receiveTls(QByteArrayView received, QByteArray &plain, qint64 nowNs);
    void finishHandshake(qint64 nowNs);
    /** The TLS connection failed: counted by kind; during the handshake the connection never opened. */
    void failTls(TlsError kind, const QString &reason);
    /** Appends close_notify to what goes out before a graceful close. */
    void shutdownTls();
    void sendHelloStep(qint64 nowNs);
    void handleHelloReply(const struct Frame &frame, qint64 nowNs);
    /** The opening exchange (handshake, upgrade, hello) failed: a connect failure, reported. */
    void failOpening(const QString &reason);
    /** Encodes the goodbye messages into the output. */
    void appendGoodbye();
    /** The fields of the next message of this connection. */
    FieldValues nextFieldValues(const MessageTemplate &message);
    void onConnectFailed();
    void onReadable() override;
    void onBytesWritten();
    void onDisconnected();

    bool maySendNow() const;
    /** Closed loop: sends until the window is full (or the budget spent); true if it sent. */
    bool topUpWindow(qint64 nowNs);
    void appendConstantFrames(qint64 count, qint64 dueNs, qint64 nowNs);
    void releaseHeldBack(qint64 nowNs);
    void handleFrame(const struct Frame &frame, qint64 nowNs);
    void complete(qsizetype index, qint64 nowNs);
    /** After a reply that ended its connection: close without failure, keep what was unanswered, reopen. */
    void endAfterServerClose();
    /** WebSocket: sends the upgrade request; its answer is read by readUpgrade(). */
    void startUpgrade(qint64 nowNs);
    /** WebSocket: takes received bytes while upgrading; false if the upgrade failed (the connection is gone). */
    bool readUpgrade(QByteArrayView bytes, qint64 nowNs);
    /** WebSocket: answers pings and the server's close; true if `frame` was one of those (no reply). */
    bool handleControlFrame(const struct Frame &frame, qint64 nowNs);
    void ended();
    void stopReading();
    void settle(bool opened, const QString &error);

    FleetWorker &m_worker;
    QTcpSocket *m_socket = nullptr;
    ReadWatch m_readWatch;           // ours while open: Qt's read path is off
    int m_fd = -1;
    FrameReader m_reader;
    QByteArray m_output;
    InFlightRequests m_inFlight;
    QList<qint64> m_heldBack;        // due times of messages waiting for room
    ConnectionStats m_stats;
    qint64 m_connectStartedNs = 0;
    quint64 m_nextSequence = 1;
    quint64 m_fieldSequence = 0;     // messages with fields sent: {seq} is the next one
    qint64 m_helloSentNs = 0;
    int m_helloStep = -1;            // the opening exchange's message awaiting a reply; -1: none
    int m_id;
    State m_state = State::Idle;
    int m_failedAttempts = 0;        // consecutive, for the reconnect back-off
    bool m_dirty = false;
    bool m_qtHasOutput = false;      // output waits in Qt's buffer: new output queues behind it
    bool m_watchingWrites = false;   // bytesWritten() is connected (once Qt held output)
    bool m_ending = false;
    bool m_reopenAtOnce = false;     // the server ended the connection as it said it would: replaced at once
    bool m_upgrading = false;        // WebSocket: the upgrade request is out, its answer not yet in
    QByteArray m_upgradeKey;         // WebSocket: this connection's Sec-WebSocket-Key
    QByteArray m_upgradeBuffer;      // WebSocket: the answer so far
    qint64 m_upgradeSentNs = 0;
    std::unique_ptr<TlsChannel> m_tls; // with TLS: kept across reconnects (it holds the session to resume)
    qint64 m_handshakeStartNs = 0;
    bool m_heardFromPeer = false;    // bytes came on this connection (a plaintext fleet checks the first for TLS)
    bool m_tlsOn = false;            // this connection speaks TLS (from connect, or from a starttls reply)
    bool m_handshaking = false;      // TLS: the handshake is under way
    bool m_tlsPeerClosed = false;    // TLS: close_notify came; the connection ends after this read
    bool m_settled = false;          // the first attempt was reported to the worker
    bool m_traced = false;           // every frame goes to the traffic log
    quint64 m_framesIn = 0;

    friend class FleetWorker;
};

} // namespace NetCore
