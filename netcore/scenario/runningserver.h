// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QString>

namespace NetCore {

/** A session's server as it runs: in this process or in agent processes alike. */
struct RunningServer {
    QString host;                // as it listens ("0.0.0.0" included)
    quint16 port = 0;            // the bound one (the kernel's pick when asked for 0)
    QString tlsFingerprint;      // SHA-256, "AB:CD:..."; empty without TLS
    QByteArray tlsCertificatePem;
    int processes = 1;           // more than one: agent processes on one port

    /** Where a client on this machine reaches it (a wildcard address is loopback). */
    QString connectHost() const
    {
        return host == QLatin1String("0.0.0.0") ? QStringLiteral("127.0.0.1")
            : host == QLatin1String("::")       ? QStringLiteral("::1")
                                                : host;
    }
};

} // namespace NetCore
