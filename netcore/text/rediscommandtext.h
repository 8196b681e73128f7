// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QString>
#include <QStringView>

#include <optional>

/**
 * Redis commands as people type them ("SET key:{rand:1-100000} {bytes:32}") to the
 * RESP array a server reads, in the stored template form: words split at spaces as
 * redis-cli splits them ("double quoted" with escapes, 'single quoted' as written),
 * fields allowed in any word. A word with fields becomes {bulk}...{/bulk}, so that its
 * length is counted after they are filled.
 */
namespace NetCore::RedisCommandText {

/** The stored form of `command` as one RESP array; nullopt with `error` if malformed. */
std::optional<QByteArray> build(QStringView command, QString *error = nullptr);

} // namespace NetCore::RedisCommandText
