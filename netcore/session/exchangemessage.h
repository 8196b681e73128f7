// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "fleet/hellomessage.h"

#include <QString>

#include <optional>

namespace NetCore {

struct Session;

/**
 * One message of a fleet's `hello` or `goodbye` in a session, kept as written: a
 * named template (text or hex), or inline text (escapes and fields) or hex; for a
 * hello, an optional `expect` (escaped text) or `expect_hex` its reply must start with.
 */
struct ExchangeMessage {
    QString templateName;
    QString text;
    QString hex;
    QString expect;
    QString expectHex;
    bool startTls = false; // a hello whose reply switches the connection to TLS

    bool operator==(const ExchangeMessage &other) const = default;

    /** The message to send; nullopt with `error` if its template is gone or it does not parse. */
    std::optional<HelloMessage> resolve(const Session &session, QString *error) const;
};

} // namespace NetCore
