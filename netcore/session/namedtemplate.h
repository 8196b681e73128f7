// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "fleet/fleetconfig.h"

#include <QString>
#include <QStringList>

#include <optional>

namespace NetCore {

/**
 * A message template of a session, kept as written (so saving gives the same file):
 * exactly one of text (with escapes), hex, a list of messages (with escapes), HTTP
 * requests ("GET /path", with headers), Redis commands ("GET key"), or a generated
 * payload of `size` bytes (random or a pattern); WB1 type and flags optional.
 */
struct NamedTemplate {
    enum class Source { Size, Text, Hex, Messages, Http, Redis };
    QString name;
    Source source = Source::Size;
    qint64 size = 64;
    bool random = false;
    QString text;
    QString hex;
    QStringList messages;  // Messages; Http: the requests; Redis: the commands
    QStringList headers;   // Http: "Name: value" each
    std::optional<int> wb1Type;
    std::optional<int> wb1Flags;

    /** The messages in stored form (none for a generated payload); nullopt with `error` if one is malformed. */
    std::optional<QList<QByteArray>> storedMessages(QString *error) const;
    /** Puts this template into `config`; false with `error` if its text or hex is malformed. */
    bool applyTo(FleetConfig &config, QString *error) const;
    /** The framing its messages are written for: http1 for Http, resp for Redis; nullopt for the others. */
    std::optional<Framing> impliedFraming() const;
};

} // namespace NetCore
