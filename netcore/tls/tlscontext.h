// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "tls/tlsclientsettings.h"
#include "tls/tlsserversettings.h"

#include <QByteArray>
#include <QString>

#include <memory>

typedef struct ssl_ctx_st SSL_CTX;

namespace NetCore {

/**
 * One side's TLS configuration, loaded once and shared by all its connections (and I/O
 * threads: an SSL_CTX is safe to share once set up). Files are read and checked here,
 * so a missing key or a bad certificate is refused before any connection is made.
 */
class TlsContext
{
public:
    ~TlsContext();
    TlsContext(const TlsContext &) = delete;
    TlsContext &operator=(const TlsContext &) = delete;

    /** A fleet's context for `host` (the target); nullptr and `error` set when refused. */
    static std::shared_ptr<TlsContext> forClient(const TlsClientSettings &settings, const QString &host, QString *error);
    /** A server's context; self-signed for `listenHost` when no certificate is given. */
    static std::shared_ptr<TlsContext> forServer(const TlsServerSettings &settings, const QString &listenHost, QString *error);

    SSL_CTX *handle() const { return m_ctx; }
    bool isClient() const { return m_client; }
    /** Client: the name sent as SNI (empty for an IP address) and verified (empty: insecure). */
    const QByteArray &serverName() const { return m_serverName; }
    bool verifiesName() const { return m_verifyName; }
    bool nameIsAddress() const { return m_nameIsAddress; }
    bool resumes() const { return m_resume; }
    bool insecure() const { return m_insecure; }
    /** Client: it presents a certificate of its own. */
    bool hasClientCertificate() const { return m_hasClientCertificate; }
    /** Server: the certificate's SHA-256 fingerprint, "AB:CD:..." (what a client pins). */
    const QString &fingerprint() const { return m_fingerprint; }
    /** Server: the certificate in PEM (a self-signed one can be trusted as its own CA). */
    const QByteArray &certificatePem() const { return m_certificatePem; }
    /** Server: the ALPN list in wire form (length-prefixed names). */
    const QByteArray &alpnWire() const { return m_alpnWire; }

private:
    explicit TlsContext(SSL_CTX *ctx, bool client);

    SSL_CTX *m_ctx;
    bool m_client;
    bool m_verifyName = false;
    bool m_nameIsAddress = false;
    bool m_resume = false;
    bool m_insecure = false;
    bool m_hasClientCertificate = false;
    QByteArray m_serverName;
    QByteArray m_alpnWire;
    QString m_fingerprint;
    QByteArray m_certificatePem;
};

/** "h2,http/1.1" as ALPN's wire form; empty with `error` set for a name too long or empty. */
QByteArray alpnWireFormat(const QByteArray &list, QString *error);

/** The reason OpenSSL last gave on this thread, in its words, and clears its queue. */
QString takeOpenSslError();

} // namespace NetCore
