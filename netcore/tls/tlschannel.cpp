// SPDX-License-Identifier: GPL-3.0-or-later
#include "tls/tlschannel.h"

#include "tls/tlscontext.h"

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <cstring>

namespace NetCore {

// The BIO between OpenSSL and the connection's buffers: reads take from the bytes
// handed to receive(), writes append to the output of the call in progress.
struct TlsChannelBio {
    static int write(BIO *bio, const char *data, size_t length, size_t *written)
    {
        auto *channel = static_cast<TlsChannel *>(BIO_get_data(bio));
        QByteArray &out = channel->m_output ? *channel->m_output : channel->m_strayOutput;
        out.append(data, qsizetype(length));
        *written = length;
        return 1;
    }

    static int read(BIO *bio, char *data, size_t length, size_t *readBytes)
    {
        auto *channel = static_cast<TlsChannel *>(BIO_get_data(bio));
        BIO_clear_retry_flags(bio);
        if (channel->m_input.isEmpty()) {
            BIO_set_retry_read(bio); // "come back with more", never end of file
            return 0;
        }
        const size_t taken = std::min(length, size_t(channel->m_input.size()));
        std::memcpy(data, channel->m_input.data(), taken);
        channel->m_input = channel->m_input.sliced(qsizetype(taken));
        *readBytes = taken;
        return 1;
    }

    static long control(BIO *, int command, long, void *)
    {
        return command == BIO_CTRL_FLUSH ? 1 : 0;
    }

    static int create(BIO *bio)
    {
        BIO_set_init(bio, 1);
        return 1;
    }

    static BIO_METHOD *method()
    {
        static BIO_METHOD *const shared = [] {
            BIO_METHOD *made = BIO_meth_new(BIO_get_new_index() | BIO_TYPE_SOURCE_SINK, "wirebench connection");
            BIO_meth_set_write_ex(made, &TlsChannelBio::write);
            BIO_meth_set_read_ex(made, &TlsChannelBio::read);
            BIO_meth_set_ctrl(made, &TlsChannelBio::control);
            BIO_meth_set_create(made, &TlsChannelBio::create);
            return made;
        }();
        return shared;
    }
};

namespace {

// Reads are taken in pieces of a record's largest plaintext.
constexpr qsizetype ReadChunk = 16 * 1024;

bool meansNotTls(int reason)
{
    switch (reason) {
    case SSL_R_WRONG_VERSION_NUMBER:
    case SSL_R_HTTP_REQUEST:
    case SSL_R_HTTPS_PROXY_REQUEST:
    case SSL_R_UNKNOWN_PROTOCOL:
    case SSL_R_PACKET_LENGTH_TOO_LONG:
    case SSL_R_RECORD_LENGTH_MISMATCH:
    case SSL_R_UNEXPECTED_RECORD:
        return true;
    default:
        return false;
    }
}

// An alert's name, and what it most likely means for this side.
QString describeAlert(int alert, bool client, bool sentCertificate)
{
    // OpenSSL 3.0 names TLS 1.3's certificate_required (116) "unknown".
    const QString name = alert == 116 ? QStringLiteral("certificate required")
                                      : QString::fromLatin1(SSL_alert_desc_string_long(alert));
    QString hint;
    if (client && alert == 116)
        hint = QStringLiteral(": the server wants a client certificate (--tls-cert, --tls-key)");
    else if (client && sentCertificate && (alert == SSL_AD_UNKNOWN_CA || alert == SSL_AD_BAD_CERTIFICATE
                                           || alert == SSL_AD_CERTIFICATE_EXPIRED || alert == SSL_AD_ACCESS_DENIED))
        hint = QStringLiteral(": the server refused this client certificate");
    else if (alert == SSL_AD_PROTOCOL_VERSION)
        hint = QStringLiteral(": no TLS version in common (--tls-min), or the peer expected plaintext");
    else if (alert == SSL_AD_HANDSHAKE_FAILURE)
        hint = QStringLiteral(": no cipher or setting in common, or the peer refused the handshake");
    else if (alert == SSL_AD_NO_APPLICATION_PROTOCOL)
        hint = QStringLiteral(": no ALPN protocol in common");
    return QStringLiteral("the peer sent the alert \"%1\"%2").arg(name, hint);
}

} // namespace

TlsChannel::TlsChannel(const TlsContext &context)
    : m_context(context)
{
}

TlsChannel::~TlsChannel()
{
    SSL_free(m_ssl);
    SSL_SESSION_free(m_savedSession);
}

int TlsChannel::keepNewSession(SSL *ssl, SSL_SESSION *session)
{
    auto *channel = static_cast<TlsChannel *>(SSL_get_app_data(ssl));
    if (!channel)
        return 0;
    SSL_SESSION_free(channel->m_savedSession);
    channel->m_savedSession = session;
    return 1; // ours now
}

void TlsChannel::start(QByteArray &out)
{
    if (m_ssl && m_error == TlsError::None) {
        // The last connection ended without a TLS failure (its TCP close is not one):
        // freed as if shut down, or OpenSSL marks its session unusable for resumption.
        SSL_set_shutdown(m_ssl, SSL_SENT_SHUTDOWN | SSL_RECEIVED_SHUTDOWN);
    }
    SSL_free(m_ssl);
    m_ssl = SSL_new(m_context.handle());
    m_input = {};
    m_error = TlsError::None;
    m_errorReason.clear();
    m_established = false;
    BIO *bio = BIO_new(TlsChannelBio::method());
    BIO_set_data(bio, this);
    SSL_set_bio(m_ssl, bio, bio);
    SSL_set_app_data(m_ssl, this);
    // Whole records per BIO read: fewer calls than header then body.
    SSL_set_read_ahead(m_ssl, 1);
    if (!m_context.isClient()) {
        SSL_set_accept_state(m_ssl);
        return;
    }
    SSL_set_connect_state(m_ssl);
    const QByteArray &name = m_context.serverName();
    if (!m_context.nameIsAddress() && !name.isEmpty())
        SSL_set_tlsext_host_name(m_ssl, name.constData()); // SNI never carries an address
    if (m_context.verifiesName()) {
        if (m_context.nameIsAddress())
            X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(m_ssl), name.constData());
        else
            SSL_set1_host(m_ssl, name.constData());
    }
    if (m_context.resumes() && m_savedSession)
        SSL_set_session(m_ssl, m_savedSession);
    m_output = &out;
    ERR_clear_error();
    const int done = SSL_do_handshake(m_ssl); // the client hello; it cannot finish yet
    if (done <= 0) {
        const int error = SSL_get_error(m_ssl, done);
        if (error != SSL_ERROR_WANT_READ && error != SSL_ERROR_WANT_WRITE)
            fail(error);
    }
    m_output = nullptr;
}

TlsChannel::Result TlsChannel::receive(QByteArrayView received, QByteArray &plain, QByteArray &out)
{
    if (!m_ssl || m_error != TlsError::None)
        return Result::Failed;
    m_input = received;
    m_output = &out;
    if (!m_strayOutput.isEmpty()) {
        out.append(m_strayOutput);
        m_strayOutput.clear();
    }
    ERR_clear_error();
    Result result = Result::Ok;
    if (!m_established) {
        const int done = SSL_do_handshake(m_ssl);
        if (done == 1) {
            m_established = true;
            result = Result::HandshakeDone;
        } else {
            const int error = SSL_get_error(m_ssl, done);
            if (error != SSL_ERROR_WANT_READ && error != SSL_ERROR_WANT_WRITE) {
                m_output = nullptr;
                return fail(error);
            }
        }
    }
    if (m_established) {
        const Result read = advance(plain);
        if (read != Result::Ok)
            result = read;
    }
    m_output = nullptr;
    m_input = {};
    return result;
}

TlsChannel::Result TlsChannel::advance(QByteArray &plain)
{
    // Until the library asks for more bytes: what it holds decrypted is never signalled by epoll.
    for (;;) {
        const qsizetype before = plain.size();
        plain.resize(before + ReadChunk);
        size_t got = 0;
        const int ok = SSL_read_ex(m_ssl, plain.data() + before, size_t(ReadChunk), &got);
        plain.resize(before + (ok ? qsizetype(got) : 0));
        if (ok)
            continue;
        const int error = SSL_get_error(m_ssl, 0);
        if (error == SSL_ERROR_WANT_READ || error == SSL_ERROR_WANT_WRITE)
            return Result::Ok;
        if (error == SSL_ERROR_ZERO_RETURN)
            return Result::PeerClosed;
        return fail(error);
    }
}

bool TlsChannel::encrypt(QByteArrayView plain, QByteArray &out)
{
    if (!m_ssl || !m_established || m_error != TlsError::None)
        return false;
    if (plain.isEmpty())
        return true;
    m_output = &out;
    ERR_clear_error();
    size_t written = 0;
    // The BIO takes everything, so the write is whole or failed: never partial.
    const int ok = SSL_write_ex(m_ssl, plain.data(), size_t(plain.size()), &written);
    if (!ok)
        fail(SSL_get_error(m_ssl, 0));
    m_output = nullptr;
    return ok;
}

void TlsChannel::shutdown(QByteArray &out)
{
    if (!m_ssl || !m_established || m_error != TlsError::None)
        return;
    m_output = &out;
    ERR_clear_error();
    SSL_shutdown(m_ssl);
    ERR_clear_error();
    m_output = nullptr;
}

bool TlsChannel::wasResumed() const
{
    return m_ssl && SSL_session_reused(m_ssl) == 1;
}

QString TlsChannel::protocolVersion() const
{
    return m_ssl ? QString::fromLatin1(SSL_get_version(m_ssl)) : QString();
}

QString TlsChannel::cipherName() const
{
    const char *name = m_ssl ? SSL_get_cipher_name(m_ssl) : nullptr;
    return name ? QString::fromLatin1(name) : QString();
}

QByteArray TlsChannel::alpn() const
{
    const unsigned char *data = nullptr;
    unsigned int length = 0;
    if (m_ssl)
        SSL_get0_alpn_selected(m_ssl, &data, &length);
    return QByteArray(reinterpret_cast<const char *>(data), qsizetype(length));
}

QByteArray TlsChannel::plaintextFatalAlert(quint8 description)
{
    // An alert record (21), TLS 1.2 on the wire, 2 bytes: fatal (2), then the description.
    QByteArray alert = QByteArray::fromHex("150303000202");
    alert.append(char(description));
    return alert;
}

bool TlsChannel::looksLikeTls(QByteArrayView bytes)
{
    // A record: handshake (22) or alert (21), then version 3.x.
    return bytes.size() >= 3 && (quint8(bytes[0]) == 22 || quint8(bytes[0]) == 21) && quint8(bytes[1]) == 3
        && quint8(bytes[2]) <= 4;
}

TlsChannel::Result TlsChannel::fail(int sslError)
{
    // The first reason from the TLS library itself names what went wrong; later ones wrap it.
    unsigned long code = 0;
    unsigned long chosen = 0;
    while ((code = ERR_get_error()) != 0) {
        if (chosen == 0 || (ERR_GET_LIB(chosen) != ERR_LIB_SSL && ERR_GET_LIB(code) == ERR_LIB_SSL))
            chosen = code;
    }
    const int reason = chosen ? ERR_GET_REASON(chosen) : 0;
    const long verify = SSL_get_verify_result(m_ssl);
    if (reason >= SSL_AD_REASON_OFFSET && reason < SSL_AD_REASON_OFFSET + 256) {
        m_error = TlsError::Alert;
        m_errorReason = describeAlert(reason - SSL_AD_REASON_OFFSET, m_context.isClient(), m_context.hasClientCertificate());
    } else if (reason == SSL_R_CERTIFICATE_VERIFY_FAILED || (verify != X509_V_OK && !m_established)) {
        m_error = TlsError::Verification;
        m_errorReason = QStringLiteral("certificate verification failed: %1")
                            .arg(QString::fromLatin1(X509_verify_cert_error_string(verify)));
    } else if (reason == SSL_R_PEER_DID_NOT_RETURN_A_CERTIFICATE) {
        m_error = TlsError::Verification;
        m_errorReason = QStringLiteral("the client sent no certificate, and one is required");
    } else if (!m_established && meansNotTls(reason)) {
        m_error = TlsError::NotTls;
        m_errorReason = QStringLiteral("the peer does not speak TLS (%1)").arg(QString::fromLatin1(ERR_reason_error_string(chosen)));
    } else {
        m_error = m_established ? TlsError::Record : TlsError::Handshake;
        QString why = chosen ? QString::fromLatin1(ERR_reason_error_string(chosen)) : QString();
        if (why.isEmpty())
            why = sslError == SSL_ERROR_SYSCALL ? QStringLiteral("the stream ended") : QStringLiteral("error %1").arg(sslError);
        m_errorReason = (m_established ? QStringLiteral("TLS record error: %1") : QStringLiteral("TLS handshake failed: %1")).arg(why);
    }
    return Result::Failed;
}

} // namespace NetCore
