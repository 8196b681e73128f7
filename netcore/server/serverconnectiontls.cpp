// SPDX-License-Identifier: GPL-3.0-or-later
// ServerConnection's way to the wire: its output flushed as plaintext or through TLS,
// and the TLS connection's handshake, failures and close.
#include "server/serverconnection.h"

#include "io/directio.h"
#include "server/serverworker.h"
#include "tls/tlschannel.h"

#include <QTcpSocket>

namespace NetCore {

void ServerConnection::flushOutput()
{
    if (!m_output.isEmpty()) {
        if (m_tls && m_tls->isEstablished()) {
            QByteArray &records = m_worker.wireScratch();
            records.resize(0);
            if (m_tls->encrypt(m_output, records))
                sendWire(records);
        } else if (!m_tls) {
            sendWire(m_output);
        }
        // Keep the buffer for the next batch unless a large frame swelled it.
        if (m_output.capacity() > 64 * 1024)
            m_output = QByteArray();
        else
            m_output.resize(0);
    }
    if (!m_paused && pendingOutput() > m_worker.config().maxPendingOutput) {
        m_paused = true;
        ++m_worker.mutableCounters().backpressurePauses;
    }
}

void ServerConnection::sendWire(QByteArrayView bytes)
{
    if (bytes.isEmpty())
        return;
    m_qtHasOutput = sendBypassingQt(*m_socket, m_fd, bytes, m_qtHasOutput);
    if (m_qtHasOutput && !m_watchingWrites) {
        // Only then can bytesWritten() come; most connections never need the
        // signal connection (about 90 bytes each).
        m_watchingWrites = true;
        QObject::connect(m_socket, &QTcpSocket::bytesWritten, &m_worker, [this] { onBytesWritten(); });
    }
}

bool ServerConnection::receiveTls(QByteArrayView received, QByteArray &plain)
{
    ServerCounters &counters = m_worker.mutableCounters();
    if (!m_tlsGreeted) {
        m_tlsGreeted = true;
        if (m_worker.faults().abortTlsHandshake()) {
            // The fault: the client's hello is answered with a fatal alert, and the connection closes.
            ++counters.tlsAborts;
            sendWire(TlsChannel::plaintextFatalAlert());
            close();
            return false;
        }
    }
    QByteArray &records = m_worker.wireScratch();
    records.resize(0);
    const TlsChannel::Result result = m_tls->receive(received, plain, records);
    sendWire(records); // the handshake's flights, tickets, or the alert of a failure
    switch (result) {
    case TlsChannel::Result::Ok:
        return true;
    case TlsChannel::Result::HandshakeDone:
        ++(m_tls->wasResumed() ? counters.tlsResumed : counters.tlsFull);
        return true;
    case TlsChannel::Result::PeerClosed:
        m_tlsPeerClosed = true;
        return true;
    case TlsChannel::Result::Failed:
        break;
    }
    m_worker.noteTlsError(m_tls->error(), m_tls->errorReason());
    ++m_protocolErrors;
    if (m_tls->error() == TlsError::NotTls && records.isEmpty()) {
        // A plaintext client: the alert it gets tells it (and a person reading its bytes) this port speaks TLS.
        sendWire(TlsChannel::plaintextFatalAlert(70)); // protocol_version
    }
    close();
    return false;
}

void ServerConnection::shutdownTls()
{
    if (!m_tls || !m_tls->isEstablished() || m_tls->error() != TlsError::None)
        return;
    QByteArray &records = m_worker.wireScratch();
    records.resize(0);
    m_tls->shutdown(records);
    sendWire(records);
}

} // namespace NetCore
