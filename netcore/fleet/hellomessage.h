// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>

#include <optional>

namespace NetCore {

/**
 * One message of a connection's opening exchange (MQTT's CONNECT, a login): sent
 * when the connection opens, it waits for one reply, which must start with `expect`
 * when that is set. A starttls step switches the connection to TLS after its reply.
 */
struct HelloMessage {
    QByteArray message;             // stored template form: fields allowed
    std::optional<QByteArray> expect;
    bool startTls = false;          // once its reply came, the connection switches to TLS (STARTTLS, SSLRequest)

    bool operator==(const HelloMessage &other) const = default;
};

} // namespace NetCore
