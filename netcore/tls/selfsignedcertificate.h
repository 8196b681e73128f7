// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QString>

namespace NetCore {

/** A certificate and its key, in PEM. */
struct SelfSignedCertificate {
    QByteArray certificatePem;
    QByteArray keyPem;

    /**
     * Makes a fresh P-256 key and a certificate for `host` (an address or a name, put
     * in subjectAltName; loopback and the wildcard address also get 127.0.0.1 and
     * localhost), valid from an hour ago for 30 days. Empty, with `error` set, on failure.
     */
    static SelfSignedCertificate make(const QString &host, QString *error);
};

} // namespace NetCore
