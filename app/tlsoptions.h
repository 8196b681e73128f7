// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "tls/tlsclientsettings.h"
#include "tls/tlsserversettings.h"

#include <QCommandLineOption>
#include <QList>

class OptionReader;
class QCommandLineParser;

/**
 * A fleet's TLS: --tls with --tls-ca, --tls-insecure, --tls-sni, --tls-alpn,
 * --tls-cert/--tls-key, --tls-min, --tls-ciphers and --tls-resume (any of them turns
 * TLS on).
 */
QList<QCommandLineOption> tlsClientOptions();
void readTlsClientOptions(const QCommandLineParser &parser, OptionReader &options, NetCore::TlsClientSettings &tls);

/**
 * A server's TLS: --tls (self-signed) or --tls-cert/--tls-key, with --tls-client-ca,
 * --tls-alpn, --tls-min; --tls-save-cert writes the certificate a client can trust.
 */
QList<QCommandLineOption> tlsServerOptions();
void readTlsServerOptions(const QCommandLineParser &parser, OptionReader &options, NetCore::TlsServerSettings &tls);
