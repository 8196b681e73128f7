// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QString>

namespace NetCore {

/** How a fleet speaks TLS (off unless `enabled`). */
struct TlsClientSettings {
    bool enabled = false;
    QString caFile;          // trusted roots (PEM); empty: the system's trust store
    bool insecure = false;   // no verification at all (said in the summary)
    QString serverName;      // SNI and the name verified; empty: the target's host
    QByteArray alpn;         // offered protocols, comma-separated ("h2,http/1.1")
    QString certFile;        // a client certificate (PEM, chain allowed), with keyFile
    QString keyFile;
    QString minVersion;      // "1.2" or "1.3"; empty: the library's default (1.2)
    QByteArray ciphers;      // OpenSSL cipher names; TLS_* names are TLS 1.3 suites
    bool resume = false;     // a reconnect resumes the connection's previous session
    // Trusted certificates in PEM, set by the engine (never saved): a fleet aimed at one of
    // the session's own servers trusts that server's certificate when no CA file is given.
    QByteArray trustedPem;

    /** The same with relative file paths taken inside `directory` (a session file's folder). */
    TlsClientSettings withPathsIn(const QString &directory) const;
    bool operator==(const TlsClientSettings &other) const = default;
};

} // namespace NetCore
