// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QString>

namespace NetCore {

/** What a TLS handshake agreed on, as a fleet reports it (from its first handshake). */
struct TlsAgreement {
    QString version; // "TLSv1.3"
    QString cipher;  // "TLS_AES_256_GCM_SHA384"
    QByteArray alpn; // empty: none agreed

    bool isEmpty() const { return version.isEmpty(); }
    bool operator==(const TlsAgreement &other) const = default;
};

} // namespace NetCore
