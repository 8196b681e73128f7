// SPDX-License-Identifier: GPL-3.0-or-later
// FleetConnection's way to the wire: its output flushed as plaintext or through TLS,
// and the TLS connection's handshake, failures and close.
#include "fleet/fleetconnection.h"

#include "fleet/fleetworker.h"
#include "io/directio.h"
#include "tls/tlschannel.h"

#include <QTcpSocket>

namespace NetCore {

void FleetConnection::flush()
{
    m_dirty = false;
    if (m_output.isEmpty() || !m_socket)
        return;
    if (m_tlsOn && !m_handshaking) {
        QByteArray &records = m_worker.wireScratch();
        records.resize(0);
        if (!m_tls->encrypt(m_output, records)) {
            m_output.resize(0);
            failTls(m_tls->error(), m_tls->errorReason());
            return;
        }
        sendWire(records);
    } else if (!m_tlsOn) {
        sendWire(m_output);
    } else {
        return; // TLS not set up yet: the output waits for the handshake
    }
    // Keep the buffer for the next batch unless a large frame swelled it.
    if (m_output.capacity() > 64 * 1024)
        m_output = QByteArray();
    else
        m_output.resize(0);
}

void FleetConnection::sendWire(QByteArrayView bytes)
{
    if (bytes.isEmpty() || !m_socket)
        return;
    // One send() now; only what the kernel refuses waits in Qt.
    m_qtHasOutput = sendBypassingQt(*m_socket, m_fd, bytes, m_qtHasOutput);
    if (m_qtHasOutput && !m_watchingWrites) {
        // Only then can bytesWritten() come; most connections never need the signal
        // connection (about 90 bytes each).
        m_watchingWrites = true;
        QObject::connect(m_socket, &QTcpSocket::bytesWritten, &m_worker, [this] { onBytesWritten(); });
    }
}

void FleetConnection::startTls(qint64 nowNs)
{
    if (!m_tls)
        m_tls = std::make_unique<TlsChannel>(*m_worker.tlsContext());
    m_tlsOn = true;
    m_handshaking = true;
    m_handshakeStartNs = nowNs;
    QByteArray &records = m_worker.wireScratch();
    records.resize(0);
    m_tls->start(records); // a client hello, or (refused at once) nothing
    if (m_tls->error() != TlsError::None) {
        failTls(m_tls->error(), m_tls->errorReason());
        return;
    }
    sendWire(records);
}

bool FleetConnection::unwrapTls(QByteArrayView &bytes, qint64 nowNs)
{
    if (m_tlsOn) {
        QByteArray &plain = m_worker.plainScratch();
        plain.resize(0);
        if (!receiveTls(bytes, plain, nowNs))
            return false;
        bytes = plain;
    } else if (!m_heardFromPeer && !m_worker.tlsContext() && TlsChannel::looksLikeTls(bytes)) {
        // A plaintext fleet's first bytes from the server are a TLS record (its alert).
        failTls(TlsError::NotTls, QStringLiteral("the server speaks TLS (it answered with a TLS record): use --tls"));
        return false;
    }
    return true;
}

bool FleetConnection::receiveTls(QByteArrayView received, QByteArray &plain, qint64 nowNs)
{
    QByteArray &records = m_worker.wireScratch();
    records.resize(0);
    const TlsChannel::Result result = m_tls->receive(received, plain, records);
    // Handshake flights, tickets' answers, key updates, or the alert of a failure.
    sendWire(records);
    switch (result) {
    case TlsChannel::Result::Ok:
        return true;
    case TlsChannel::Result::HandshakeDone:
        finishHandshake(nowNs);
        return m_fd >= 0;
    case TlsChannel::Result::PeerClosed:
        m_tlsPeerClosed = true;
        return true;
    case TlsChannel::Result::Failed:
        break;
    }
    failTls(m_tls->error(), m_tls->errorReason());
    return false;
}

void FleetConnection::finishHandshake(qint64 nowNs)
{
    m_handshaking = false;
    m_worker.recordHandshake(nowNs - m_handshakeStartNs, *m_tls);
    if (m_helloStep >= 0) {
        // TLS began inside the opening exchange (starttls): the exchange goes on over it.
        if (m_helloStep < m_worker.helloMessages().size()) {
            sendHelloStep(nowNs);
            flush();
        } else {
            finishOpening();
        }
        return;
    }
    continueOpening();
}

void FleetConnection::failTls(TlsError kind, const QString &reason)
{
    m_worker.noteTlsError(kind, reason);
    const bool opening = m_handshaking || m_helloStep >= 0 || m_upgrading;
    m_handshaking = false;
    if (opening && m_state == State::Open) {
        failOpening(reason); // never usable: a connect failure, with its reason
        return;
    }
    // Past the opening: the stream cannot be trusted; what was in flight is lost.
    ++m_stats.errors;
    stopReading();
    if (m_state == State::Open)
        ++m_worker.counters().disconnects;
    ended();
    if (m_socket)
        m_socket->abort();
}

void FleetConnection::shutdownTls()
{
    if (!m_tlsOn || m_handshaking || !m_tls->isEstablished())
        return;
    QByteArray &records = m_worker.wireScratch();
    records.resize(0);
    m_tls->shutdown(records);
    sendWire(records);
}

} // namespace NetCore
