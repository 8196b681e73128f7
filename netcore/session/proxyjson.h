// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "session/proxydefinition.h"

#include <QJsonObject>

namespace NetCore {

class JsonReader;

/**
 * A session file's proxy object, read (errors noted in `reader`) and written back as
 * read. Its "upstream" is a session server's name or HOST:PORT; which one is decided
 * in the session's cross-checks, where the servers are known.
 */
namespace ProxyJson {
ProxyDefinition read(JsonReader &reader, const QJsonObject &object, const QString &path);
QJsonObject write(const ProxyDefinition &proxy);
} // namespace ProxyJson

} // namespace NetCore
