// SPDX-License-Identifier: GPL-3.0-or-later
#include "tls/tlscontext.h"

#include "tls/selfsignedcertificate.h"
#include "tls/tlschannel.h"

#include <QFile>
#include <QFileInfo>
#include <QHostAddress>

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

namespace NetCore {

namespace {

// Resumption across a server's connections: any fixed bytes naming this application.
constexpr unsigned char SessionIdContext[] = "wirebench";

bool setMinVersion(SSL_CTX *ctx, const QString &version, QString *error)
{
    if (version.isEmpty())
        return true;
    int wire = 0;
    if (version == QLatin1String("1.2"))
        wire = TLS1_2_VERSION;
    else if (version == QLatin1String("1.3"))
        wire = TLS1_3_VERSION;
    if (wire == 0 || !SSL_CTX_set_min_proto_version(ctx, wire)) {
        *error = QStringLiteral("TLS minimum version '%1' is not 1.2 or 1.3").arg(version);
        return false;
    }
    return true;
}

bool setCiphers(SSL_CTX *ctx, const QByteArray &ciphers, QString *error)
{
    if (ciphers.isEmpty())
        return true;
    // TLS 1.3 suites (TLS_AES_128_GCM_SHA256) and older cipher names are set apart.
    QByteArrayList suites;
    QByteArrayList legacy;
    for (const QByteArray &name : ciphers.split(':')) {
        for (const QByteArray &part : name.split(',')) {
            const QByteArray trimmed = part.trimmed();
            if (!trimmed.isEmpty())
                (trimmed.startsWith("TLS_") ? suites : legacy) << trimmed;
        }
    }
    if (!suites.isEmpty() && !SSL_CTX_set_ciphersuites(ctx, suites.join(':').constData())) {
        *error = QStringLiteral("no TLS 1.3 cipher suite known in '%1': %2").arg(QString::fromLatin1(suites.join(':')), takeOpenSslError());
        return false;
    }
    if (!legacy.isEmpty() && !SSL_CTX_set_cipher_list(ctx, legacy.join(':').constData())) {
        *error = QStringLiteral("no cipher known in '%1': %2").arg(QString::fromLatin1(legacy.join(':')), takeOpenSslError());
        return false;
    }
    return true;
}

bool readable(const QString &path, const QString &what, QString *error)
{
    const QFileInfo info(path);
    if (!info.exists())
        *error = QStringLiteral("%1 %2 does not exist").arg(what, path);
    else if (!info.isFile() || !info.isReadable())
        *error = QStringLiteral("%1 %2 cannot be read").arg(what, path);
    else
        return true;
    return false;
}

bool useCertificateAndKey(SSL_CTX *ctx, const QString &certFile, const QString &keyFile, QString *error)
{
    if (certFile.isEmpty() != keyFile.isEmpty()) {
        *error = QStringLiteral("a TLS certificate needs its key, and a key its certificate");
        return false;
    }
    if (!readable(certFile, QStringLiteral("TLS certificate"), error) || !readable(keyFile, QStringLiteral("TLS key"), error))
        return false;
    if (SSL_CTX_use_certificate_chain_file(ctx, QFile::encodeName(certFile).constData()) != 1) {
        *error = QStringLiteral("TLS certificate %1 is not a PEM certificate: %2").arg(certFile, takeOpenSslError());
        return false;
    }
    if (SSL_CTX_use_PrivateKey_file(ctx, QFile::encodeName(keyFile).constData(), SSL_FILETYPE_PEM) != 1) {
        *error = QStringLiteral("TLS key %1 is not a PEM private key: %2").arg(keyFile, takeOpenSslError());
        return false;
    }
    if (SSL_CTX_check_private_key(ctx) != 1) {
        *error = QStringLiteral("TLS key %1 does not belong to certificate %2").arg(keyFile, certFile);
        return false;
    }
    return true;
}

int selectAlpn(SSL *, const unsigned char **out, unsigned char *outLength, const unsigned char *offered,
               unsigned int offeredLength, void *arg)
{
    const auto *context = static_cast<const TlsContext *>(arg);
    const QByteArray &ours = context->alpnWire();
    unsigned char *chosen = nullptr;
    // The server's preference wins; no protocol in common: the handshake goes on without ALPN.
    if (SSL_select_next_proto(&chosen, outLength, reinterpret_cast<const unsigned char *>(ours.constData()),
                              unsigned(ours.size()), offered, offeredLength) != OPENSSL_NPN_NEGOTIATED)
        return SSL_TLSEXT_ERR_NOACK;
    *out = chosen;
    return SSL_TLSEXT_ERR_OK;
}

QString fingerprintOf(X509 *certificate)
{
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (!certificate || !X509_digest(certificate, EVP_sha256(), digest, &length))
        return QString();
    return QString::fromLatin1(QByteArray(reinterpret_cast<const char *>(digest), length).toHex(':').toUpper());
}

QByteArray pemOf(X509 *certificate)
{
    BIO *bio = BIO_new(BIO_s_mem());
    PEM_write_bio_X509(bio, certificate);
    char *data = nullptr;
    const long size = BIO_get_mem_data(bio, &data);
    QByteArray pem(data, size);
    BIO_free(bio);
    return pem;
}

} // namespace

QString takeOpenSslError()
{
    unsigned long code = 0;
    unsigned long last = 0;
    while ((code = ERR_get_error()) != 0)
        last = code; // the last is the most specific
    if (last == 0)
        return QStringLiteral("no reason given");
    const char *reason = ERR_reason_error_string(last);
    return reason ? QString::fromLatin1(reason) : QStringLiteral("error 0x%1").arg(last, 0, 16);
}

QByteArray alpnWireFormat(const QByteArray &list, QString *error)
{
    QByteArray wire;
    for (const QByteArray &name : list.split(',')) {
        const QByteArray trimmed = name.trimmed();
        if (trimmed.isEmpty() || trimmed.size() > 255) {
            *error = QStringLiteral("ALPN list '%1' has an empty or overlong name").arg(QString::fromLatin1(list));
            return QByteArray();
        }
        wire.append(char(trimmed.size())).append(trimmed);
    }
    return wire;
}

TlsContext::TlsContext(SSL_CTX *ctx, bool client)
    : m_ctx(ctx)
    , m_client(client)
{
}

TlsContext::~TlsContext()
{
    SSL_CTX_free(m_ctx);
}

namespace {
/** Adds every certificate in `pem` to the context's trust store. */
bool trustPem(SSL_CTX *ctx, const QByteArray &pem, QString *error)
{
    BIO *bio = BIO_new_mem_buf(pem.constData(), int(pem.size()));
    X509_STORE *store = SSL_CTX_get_cert_store(ctx);
    int added = 0;
    while (X509 *certificate = PEM_read_bio_X509(bio, nullptr, nullptr, nullptr)) {
        if (X509_STORE_add_cert(store, certificate) == 1)
            ++added;
        X509_free(certificate);
    }
    BIO_free(bio);
    ERR_clear_error(); // the end of the PEM text reads as an error
    if (added == 0)
        *error = QStringLiteral("the server's certificate to trust holds no PEM certificate");
    return added > 0;
}
} // namespace

std::shared_ptr<TlsContext> TlsContext::forClient(const TlsClientSettings &settings, const QString &host, QString *error)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
    if (!ctx) {
        *error = QStringLiteral("cannot set up TLS: %1").arg(takeOpenSslError());
        return nullptr;
    }
    std::shared_ptr<TlsContext> context(new TlsContext(ctx, true));
    SSL_CTX_set_mode(ctx, SSL_MODE_RELEASE_BUFFERS);
    if (!setMinVersion(ctx, settings.minVersion, error) || !setCiphers(ctx, settings.ciphers, error))
        return nullptr;
    context->m_insecure = settings.insecure;
    if (settings.insecure) {
        SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, nullptr);
    } else {
        SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, nullptr);
        if (!settings.caFile.isEmpty()) {
            if (!readable(settings.caFile, QStringLiteral("TLS CA file"), error))
                return nullptr;
            if (SSL_CTX_load_verify_locations(ctx, QFile::encodeName(settings.caFile).constData(), nullptr) != 1) {
                *error = QStringLiteral("TLS CA file %1 holds no PEM certificate: %2").arg(settings.caFile, takeOpenSslError());
                return nullptr;
            }
        } else if (!settings.trustedPem.isEmpty()) {
            if (!trustPem(ctx, settings.trustedPem, error))
                return nullptr;
        } else if (SSL_CTX_set_default_verify_paths(ctx) != 1) {
            *error = QStringLiteral("cannot read the system's trust store: %1").arg(takeOpenSslError());
            return nullptr;
        }
        context->m_verifyName = true;
    }
    if (!settings.certFile.isEmpty() || !settings.keyFile.isEmpty()) {
        if (!useCertificateAndKey(ctx, settings.certFile, settings.keyFile, error))
            return nullptr;
        context->m_hasClientCertificate = true;
    }
    if (!settings.alpn.isEmpty()) {
        const QByteArray wire = alpnWireFormat(settings.alpn, error);
        if (wire.isEmpty())
            return nullptr;
        SSL_CTX_set_alpn_protos(ctx, reinterpret_cast<const unsigned char *>(wire.constData()), unsigned(wire.size()));
    }
    const QString name = settings.serverName.isEmpty() ? host : settings.serverName;
    context->m_serverName = name.toUtf8();
    context->m_nameIsAddress = !QHostAddress(name).isNull();
    if (settings.resume) {
        // Sessions are kept by each connection for its own reconnect, not in a shared cache.
        context->m_resume = true;
        SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_CLIENT | SSL_SESS_CACHE_NO_INTERNAL_STORE);
        SSL_CTX_sess_set_new_cb(ctx, &TlsChannel::keepNewSession);
    } else {
        SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF);
        SSL_CTX_set_options(ctx, SSL_OP_NO_TICKET);
    }
    return context;
}

std::shared_ptr<TlsContext> TlsContext::forServer(const TlsServerSettings &settings, const QString &listenHost, QString *error)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
    if (!ctx) {
        *error = QStringLiteral("cannot set up TLS: %1").arg(takeOpenSslError());
        return nullptr;
    }
    std::shared_ptr<TlsContext> context(new TlsContext(ctx, false));
    SSL_CTX_set_mode(ctx, SSL_MODE_RELEASE_BUFFERS);
    if (!setMinVersion(ctx, settings.minVersion, error))
        return nullptr;
    if (settings.selfSigned()) {
        const SelfSignedCertificate made = SelfSignedCertificate::make(listenHost, error);
        if (made.certificatePem.isEmpty())
            return nullptr;
        BIO *certificateBio = BIO_new_mem_buf(made.certificatePem.constData(), int(made.certificatePem.size()));
        BIO *keyBio = BIO_new_mem_buf(made.keyPem.constData(), int(made.keyPem.size()));
        X509 *certificate = PEM_read_bio_X509(certificateBio, nullptr, nullptr, nullptr);
        EVP_PKEY *key = PEM_read_bio_PrivateKey(keyBio, nullptr, nullptr, nullptr);
        const bool used = certificate && key && SSL_CTX_use_certificate(ctx, certificate) == 1
            && SSL_CTX_use_PrivateKey(ctx, key) == 1;
        X509_free(certificate);
        EVP_PKEY_free(key);
        BIO_free(certificateBio);
        BIO_free(keyBio);
        if (!used) {
            *error = QStringLiteral("cannot use the self-signed certificate: %1").arg(takeOpenSslError());
            return nullptr;
        }
    } else if (!useCertificateAndKey(ctx, settings.certFile, settings.keyFile, error)) {
        return nullptr;
    }
    X509 *own = SSL_CTX_get0_certificate(ctx);
    context->m_fingerprint = fingerprintOf(own);
    context->m_certificatePem = pemOf(own);
    if (!settings.clientCaFile.isEmpty()) {
        if (!readable(settings.clientCaFile, QStringLiteral("TLS client CA file"), error))
            return nullptr;
        const QByteArray path = QFile::encodeName(settings.clientCaFile);
        STACK_OF(X509_NAME) *names = SSL_load_client_CA_file(path.constData());
        if (!names || SSL_CTX_load_verify_locations(ctx, path.constData(), nullptr) != 1) {
            *error = QStringLiteral("TLS client CA file %1 holds no PEM certificate: %2").arg(settings.clientCaFile, takeOpenSslError());
            return nullptr;
        }
        SSL_CTX_set_client_CA_list(ctx, names);
        SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, nullptr);
    }
    if (!settings.alpn.isEmpty()) {
        context->m_alpnWire = alpnWireFormat(settings.alpn, error);
        if (context->m_alpnWire.isEmpty())
            return nullptr;
        SSL_CTX_set_alpn_select_cb(ctx, &selectAlpn, context.get());
    }
    // Resumption on the server side: its session cache (TLS 1.2 ids) and tickets (both).
    SSL_CTX_set_session_id_context(ctx, SessionIdContext, sizeof SessionIdContext - 1);
    SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_SERVER);
    SSL_CTX_sess_set_cache_size(ctx, 20000);
    return context;
}

} // namespace NetCore
