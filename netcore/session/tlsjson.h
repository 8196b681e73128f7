// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "tls/tlsclientsettings.h"
#include "tls/tlsserversettings.h"

#include <QJsonObject>
#include <QString>

namespace NetCore {

class JsonReader;

/**
 * The `tls` object of a session's fleets and servers. Fleets: {"ca", "insecure",
 * "sni", "alpn", "cert", "key", "min_version", "ciphers", "resume"}; servers: {"cert",
 * "key", "client_ca", "alpn", "min_version"} (no cert and key: self-signed). Paths are
 * kept as written, relative to the session file. `{}` turns TLS on with defaults.
 */
namespace TlsJson {
TlsClientSettings readClient(JsonReader &reader, const QJsonObject &object, const QString &path);
QJsonObject writeClient(const TlsClientSettings &tls);
TlsServerSettings readServer(JsonReader &reader, const QJsonObject &object, const QString &path);
QJsonObject writeServer(const TlsServerSettings &tls);
} // namespace TlsJson

} // namespace NetCore
