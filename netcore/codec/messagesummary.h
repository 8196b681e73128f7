// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "codec/framing.h"

#include <QByteArrayView>
#include <QString>

namespace NetCore {

/**
 * A one-line reading of a message of a protocol framing, for people (the traffic log):
 * a RESP value as redis-cli shows it (`[SET k "v"]`, `(integer) 1`, `(error) ERR ...`),
 * an HTTP message's start line and body size, a WebSocket message's opcode and
 * content. Empty for the framings whose bytes say nothing more (the caller shows the
 * bytes). Truncated or malformed input gives what could be read, never a crash.
 */
QString summarizeMessage(const Framing &framing, QByteArrayView payload);

/**
 * The message's kind in a word, for the traffic log's Type column: a WebSocket opcode
 * (TEXT, BINARY, PING, PONG, CLOSE), an HTTP method or status code, a RESP type (array,
 * bulk, simple, error, integer, ...). Empty for other framings.
 */
QString messageKind(const Framing &framing, QByteArrayView payload);

} // namespace NetCore
