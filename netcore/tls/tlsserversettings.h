// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QString>

namespace NetCore {

/**
 * How a test server speaks TLS (off unless `enabled`): its certificate and key, or a
 * self-signed certificate made at start for the listening address.
 */
struct TlsServerSettings {
    bool enabled = false;
    QString certFile;        // PEM, chain allowed; empty (with keyFile empty): self-signed
    QString keyFile;
    QString clientCaFile;    // set: client certificates are required and verified against it
    QByteArray alpn;         // protocols the server agrees to, in its order of preference
    QString minVersion;      // "1.2" or "1.3"; empty: the library's default

    bool selfSigned() const { return certFile.isEmpty() && keyFile.isEmpty(); }
    /** The same with relative file paths taken inside `directory` (a session file's folder). */
    TlsServerSettings withPathsIn(const QString &directory) const;
    bool operator==(const TlsServerSettings &other) const = default;
};

} // namespace NetCore
