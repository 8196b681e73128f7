// SPDX-License-Identifier: GPL-3.0-or-later
// The TLS settings' file paths, as a session file holds them (relative to itself).
#include "storage/relativepath.h"
#include "tls/tlsclientsettings.h"
#include "tls/tlsserversettings.h"

namespace NetCore {

namespace {
QString inside(const QString &path, const QString &directory)
{
    return path.isEmpty() ? path : resolveRelativePath(path, directory);
}
} // namespace

TlsClientSettings TlsClientSettings::withPathsIn(const QString &directory) const
{
    TlsClientSettings resolved = *this;
    resolved.caFile = inside(caFile, directory);
    resolved.certFile = inside(certFile, directory);
    resolved.keyFile = inside(keyFile, directory);
    return resolved;
}

TlsServerSettings TlsServerSettings::withPathsIn(const QString &directory) const
{
    TlsServerSettings resolved = *this;
    resolved.certFile = inside(certFile, directory);
    resolved.keyFile = inside(keyFile, directory);
    resolved.clientCaFile = inside(clientCaFile, directory);
    return resolved;
}

} // namespace NetCore
