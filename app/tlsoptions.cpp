// SPDX-License-Identifier: GPL-3.0-or-later
#include "tlsoptions.h"

#include "optionreader.h"

#include <QCommandLineParser>
#include <QFileInfo>

using namespace NetCore;

namespace {

const QStringList versions{QStringLiteral("1.2"), QStringLiteral("1.3")};

QString absolute(const QString &path)
{
    return path.isEmpty() ? path : QFileInfo(path).absoluteFilePath();
}

QString readMinVersion(const QCommandLineParser &parser, OptionReader &options)
{
    const QString version = parser.value(QStringLiteral("tls-min"));
    if (!version.isEmpty() && !versions.contains(version))
        options.fail(QStringLiteral("--tls-min: '%1' is not 1.2 or 1.3").arg(version));
    return version;
}

} // namespace

QList<QCommandLineOption> tlsClientOptions()
{
    return {
        {QStringLiteral("tls"), QStringLiteral("Speak TLS (under any framing); the handshake is timed apart (handshake_us).")},
        {QStringLiteral("tls-ca"), QStringLiteral("Trust these CA certificates (PEM) instead of the system's."), QStringLiteral("FILE")},
        {QStringLiteral("tls-insecure"), QStringLiteral("Verify nothing (said in the summary).")},
        {QStringLiteral("tls-sni"), QStringLiteral("Server name to send and verify (default: the target's host)."), QStringLiteral("NAME")},
        {QStringLiteral("tls-alpn"), QStringLiteral("Protocols to offer, e.g. h2,http/1.1 (the one agreed is reported)."),
         QStringLiteral("LIST")},
        {QStringLiteral("tls-cert"), QStringLiteral("A client certificate (PEM), with --tls-key."), QStringLiteral("FILE")},
        {QStringLiteral("tls-key"), QStringLiteral("The client certificate's private key (PEM)."), QStringLiteral("FILE")},
        {QStringLiteral("tls-min"), QStringLiteral("Lowest TLS version: 1.2 or 1.3."), QStringLiteral("V")},
        {QStringLiteral("tls-ciphers"), QStringLiteral("OpenSSL cipher list; TLS_* names are TLS 1.3 suites."), QStringLiteral("LIST")},
        {QStringLiteral("tls-resume"), QStringLiteral("A reconnect resumes the connection's previous session (ticket or id).")},
    };
}

void readTlsClientOptions(const QCommandLineParser &parser, OptionReader &options, TlsClientSettings &tls)
{
    for (const QCommandLineOption &option : tlsClientOptions()) {
        if (parser.isSet(option.names().constFirst()))
            tls.enabled = true;
    }
    tls.caFile = absolute(parser.value(QStringLiteral("tls-ca")));
    tls.insecure = parser.isSet(QStringLiteral("tls-insecure"));
    if (tls.insecure && !tls.caFile.isEmpty())
        options.fail(QStringLiteral("--tls-insecure verifies nothing: --tls-ca would not be used"));
    tls.serverName = parser.value(QStringLiteral("tls-sni"));
    tls.alpn = parser.value(QStringLiteral("tls-alpn")).toLatin1();
    tls.certFile = absolute(parser.value(QStringLiteral("tls-cert")));
    tls.keyFile = absolute(parser.value(QStringLiteral("tls-key")));
    if (tls.certFile.isEmpty() != tls.keyFile.isEmpty())
        options.fail(QStringLiteral("--tls-cert and --tls-key go together"));
    tls.minVersion = readMinVersion(parser, options);
    tls.ciphers = parser.value(QStringLiteral("tls-ciphers")).toLatin1();
    tls.resume = parser.isSet(QStringLiteral("tls-resume"));
}

QList<QCommandLineOption> tlsServerOptions()
{
    return {
        {QStringLiteral("tls"), QStringLiteral("Speak TLS; without --tls-cert, with a self-signed certificate made now "
                                               "(its SHA-256 fingerprint is printed).")},
        {QStringLiteral("tls-cert"), QStringLiteral("The server's certificate (PEM, chain allowed), with --tls-key."),
         QStringLiteral("FILE")},
        {QStringLiteral("tls-key"), QStringLiteral("The certificate's private key (PEM)."), QStringLiteral("FILE")},
        {QStringLiteral("tls-client-ca"), QStringLiteral("Require client certificates issued by these CAs (PEM)."),
         QStringLiteral("FILE")},
        {QStringLiteral("tls-alpn"), QStringLiteral("Protocols to agree to, in order of preference, e.g. http/1.1."),
         QStringLiteral("LIST")},
        {QStringLiteral("tls-min"), QStringLiteral("Lowest TLS version: 1.2 or 1.3."), QStringLiteral("V")},
        {QStringLiteral("tls-save-cert"), QStringLiteral("Write the server's certificate (PEM) here, for a client's --tls-ca."),
         QStringLiteral("FILE")},
    };
}

void readTlsServerOptions(const QCommandLineParser &parser, OptionReader &options, TlsServerSettings &tls)
{
    for (const QCommandLineOption &option : tlsServerOptions()) {
        if (parser.isSet(option.names().constFirst()))
            tls.enabled = true;
    }
    tls.certFile = absolute(parser.value(QStringLiteral("tls-cert")));
    tls.keyFile = absolute(parser.value(QStringLiteral("tls-key")));
    if (tls.certFile.isEmpty() != tls.keyFile.isEmpty())
        options.fail(QStringLiteral("--tls-cert and --tls-key go together"));
    tls.clientCaFile = absolute(parser.value(QStringLiteral("tls-client-ca")));
    tls.alpn = parser.value(QStringLiteral("tls-alpn")).toLatin1();
    tls.minVersion = readMinVersion(parser, options);
}
