// SPDX-License-Identifier: GPL-3.0-or-later
#include "tls/tlserror.h"

namespace NetCore {

QString tlsErrorName(TlsError error)
{
    switch (error) {
    case TlsError::None: return QStringLiteral("none");
    case TlsError::Verification: return QStringLiteral("verification");
    case TlsError::Handshake: return QStringLiteral("handshake");
    case TlsError::Alert: return QStringLiteral("alert");
    case TlsError::NotTls: return QStringLiteral("not_tls");
    case TlsError::Record: return QStringLiteral("record");
    }
    return QString();
}

} // namespace NetCore
