// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "codec/framing.h"
#include "session/jsonreader.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QVariant>

#include <limits>
#include <optional>

/** Pieces the session file's readers and writers share. */
namespace NetCore::SessionJson {

inline constexpr qint64 SeedMax = std::numeric_limits<qint64>::max();

/** The framing named at `key`, or nullopt when absent (or wrong, with the error noted). */
std::optional<Framing> readFraming(JsonReader &reader, const QJsonObject &object, const QString &path, const char *key);

/** `framing` unless it is WB1, and `reply_framing` when set. */
void putFramings(QJsonObject &object, const Framing &framing, const std::optional<Framing> &replyFraming);

// Writing: every key whose value differs from its default, nothing else.
template<typename T>
inline void putIf(QJsonObject &object, const char *key, const T &value, const T &fallback)
{
    if (value != fallback)
        object.insert(QLatin1String(key), QJsonValue::fromVariant(QVariant::fromValue(value)));
}

} // namespace NetCore::SessionJson
