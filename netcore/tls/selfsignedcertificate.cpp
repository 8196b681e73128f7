// SPDX-License-Identifier: GPL-3.0-or-later
#include "tls/selfsignedcertificate.h"

#include "tls/tlscontext.h"

#include <QHostAddress>
#include <QStringList>

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>

namespace NetCore {

namespace {

struct Free {
    void operator()(EVP_PKEY *key) const { EVP_PKEY_free(key); }
    void operator()(X509 *certificate) const { X509_free(certificate); }
    void operator()(BIO *bio) const { BIO_free(bio); }
    void operator()(X509_EXTENSION *extension) const { X509_EXTENSION_free(extension); }
};

QByteArray pemOf(BIO *bio)
{
    char *data = nullptr;
    const long size = BIO_get_mem_data(bio, &data);
    return QByteArray(data, size);
}

QString subjectAltNames(const QString &host)
{
    QStringList names;
    const QHostAddress address(host);
    const bool anyOrLoopback = address.isLoopback() || address == QHostAddress::AnyIPv4
        || address == QHostAddress::AnyIPv6 || host.isEmpty() || host == QLatin1String("localhost");
    if (!address.isNull() && address != QHostAddress::AnyIPv4 && address != QHostAddress::AnyIPv6)
        names << QStringLiteral("IP:") + address.toString();
    else if (!host.isEmpty() && address.isNull())
        names << QStringLiteral("DNS:") + host;
    if (anyOrLoopback) {
        for (const QString &name : {QStringLiteral("IP:127.0.0.1"), QStringLiteral("IP:::1"), QStringLiteral("DNS:localhost")})
            if (!names.contains(name))
                names << name;
    }
    return names.join(QLatin1Char(','));
}

} // namespace

SelfSignedCertificate SelfSignedCertificate::make(const QString &host, QString *error)
{
    auto failed = [error](const char *what) {
        if (error)
            *error = QStringLiteral("cannot make a self-signed certificate (%1): %2").arg(QLatin1String(what), takeOpenSslError());
        return SelfSignedCertificate{};
    };
    std::unique_ptr<EVP_PKEY, Free> key(EVP_EC_gen("P-256"));
    if (!key)
        return failed("key");
    std::unique_ptr<X509, Free> certificate(X509_new());
    if (!certificate || !X509_set_version(certificate.get(), 2))
        return failed("certificate");
    unsigned char serial[16];
    RAND_bytes(serial, sizeof serial);
    serial[0] &= 0x7f; // positive
    BIGNUM *number = BN_bin2bn(serial, sizeof serial, nullptr);
    BN_to_ASN1_INTEGER(number, X509_get_serialNumber(certificate.get()));
    BN_free(number);
    X509_gmtime_adj(X509_getm_notBefore(certificate.get()), -3600);
    X509_gmtime_adj(X509_getm_notAfter(certificate.get()), 30L * 24 * 3600);
    X509_set_pubkey(certificate.get(), key.get());
    X509_NAME *name = X509_get_subject_name(certificate.get());
    const QByteArray commonName = (host.isEmpty() ? QStringLiteral("localhost") : host).toUtf8();
    X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC, reinterpret_cast<const unsigned char *>("Wirebench test server"), -1, -1, 0);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8, reinterpret_cast<const unsigned char *>(commonName.constData()), -1, -1, 0);
    X509_set_issuer_name(certificate.get(), name);
    X509V3_CTX v3;
    X509V3_set_ctx_nodb(&v3);
    X509V3_set_ctx(&v3, certificate.get(), certificate.get(), nullptr, nullptr, 0);
    const QByteArray altNames = subjectAltNames(host).toLatin1();
    std::unique_ptr<X509_EXTENSION, Free> extension(
        X509V3_EXT_conf_nid(nullptr, &v3, NID_subject_alt_name, altNames.constData()));
    if (!extension || !X509_add_ext(certificate.get(), extension.get(), -1))
        return failed("subjectAltName");
    if (!X509_sign(certificate.get(), key.get(), EVP_sha256()))
        return failed("signature");

    std::unique_ptr<BIO, Free> certificateBio(BIO_new(BIO_s_mem()));
    std::unique_ptr<BIO, Free> keyBio(BIO_new(BIO_s_mem()));
    if (!PEM_write_bio_X509(certificateBio.get(), certificate.get())
        || !PEM_write_bio_PrivateKey(keyBio.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr))
        return failed("PEM");
    return SelfSignedCertificate{pemOf(certificateBio.get()), pemOf(keyBio.get())};
}

} // namespace NetCore
