// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

#include <array>

namespace NetCore {

/** Why a TLS connection failed, by kind; counted apart and each kind's first reason kept. */
enum class TlsError {
    None,
    Verification, // the peer's certificate was refused (with the reason)
    Handshake,    // the handshake failed on this side (no shared version or cipher, bad message...)
    Alert,        // the peer sent a fatal alert (with its name)
    NotTls,       // the peer does not speak TLS (plaintext on a TLS port, or the reverse)
    Record,       // after the handshake: a record that does not decrypt, a broken stream
    Last = Record,
};

inline constexpr int TlsErrorKinds = int(TlsError::Last) + 1;

/** The kind's name in reports: "verification", "handshake", "alert", "not_tls", "record". */
QString tlsErrorName(TlsError error);

/** The first reason seen of each kind (empty: none yet). */
using TlsErrorReasons = std::array<QString, TlsErrorKinds>;

} // namespace NetCore
