// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "tls/tlserror.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

typedef struct ssl_st SSL;
typedef struct ssl_session_st SSL_SESSION;

namespace NetCore {

class TlsContext;

/**
 * TLS between a connection's descriptor and its codec, driven by the connection on its
 * I/O thread. The connection keeps its own recv() and send(): received bytes are
 * handed to receive(), which returns the plaintext, and plaintext to encrypt(), which
 * returns the records to send. OpenSSL never touches the descriptor, so none of the
 * non-blocking pitfalls reach the connection: the library is read until it has no
 * plaintext left (it never waits on epoll for bytes it already holds), a read that
 * must answer (a key update, a ticket, an alert) leaves its records in the output,
 * and nothing is ever half-written inside the library (the output is the
 * connection's, queued like any other).
 */
class TlsChannel
{
public:
    enum class Result {
        Ok,            // all taken; plaintext (if any) appended
        HandshakeDone, // the handshake finished in this call (plaintext after it appended)
        PeerClosed,    // close_notify: the peer ends the stream
        Failed,        // see error() and errorReason(); records to send (an alert) may be in the output
    };

    explicit TlsChannel(const TlsContext &context);
    ~TlsChannel();
    TlsChannel(const TlsChannel &) = delete;
    TlsChannel &operator=(const TlsChannel &) = delete;

    /**
     * A fresh TLS connection over a new TCP connection; a client sends its hello into
     * `out`. With resumption on, a client offers the last session it was given.
     */
    void start(QByteArray &out);
    /** Takes bytes received: plaintext appended to `plain`, records to send back to `out`. */
    Result receive(QByteArrayView received, QByteArray &plain, QByteArray &out);
    /** Encrypts `plain` into records appended to `out`; false if the connection failed. */
    bool encrypt(QByteArrayView plain, QByteArray &out);
    /** Appends close_notify to `out` (a graceful close). */
    void shutdown(QByteArray &out);

    bool isEstablished() const { return m_established; }
    bool wasResumed() const;
    /** "TLSv1.3", "TLS_AES_128_GCM_SHA256", "h2" (empty: none agreed). */
    QString protocolVersion() const;
    QString cipherName() const;
    QByteArray alpn() const;

    TlsError error() const { return m_error; }
    /** The failure in plain words: the verification error, the alert's name, OpenSSL's reason. */
    const QString &errorReason() const { return m_errorReason; }

    /** A fatal alert as the first bytes of a server's answer (before any key exists): handshake_failure by default. */
    static QByteArray plaintextFatalAlert(quint8 description = 40);
    /** Does `bytes` start like a TLS record (what a plaintext end sees of a TLS peer)? */
    static bool looksLikeTls(QByteArrayView bytes);

    /** OpenSSL's callback for a client's new session (ticket): kept for the next start(). */
    static int keepNewSession(SSL *ssl, SSL_SESSION *session);

private:
    Result advance(QByteArray &plain);
    Result fail(int sslError);

    const TlsContext &m_context;
    SSL *m_ssl = nullptr;
    SSL_SESSION *m_savedSession = nullptr;
    QByteArrayView m_input;           // received bytes the library has not read yet
    QByteArray *m_output = nullptr;   // where the library's records go during a call
    QByteArray m_strayOutput;         // records written outside a call (none expected)
    TlsError m_error = TlsError::None;
    QString m_errorReason;
    bool m_established = false;

    friend struct TlsChannelBio;
};

} // namespace NetCore
