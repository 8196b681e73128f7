// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

namespace NetCore {

/** One check of a scenario, with what was measured. */
struct CheckResult {
    int step = 0;           // index in the scenario
    QString fleet;
    QString phase;          // empty: the whole run
    QString metric;
    QString op;
    double bound = 0;
    double measured = 0;
    bool passed = false;

    /** "p99_us of clients in steady: 4210.5 < 5000: passed" */
    QString describe() const;
};

/** A server the run started: where it listened and, with TLS, the certificate a client can pin. */
struct StartedServer {
    QString name;
    QString host;
    quint16 port = 0;
    QString tlsFingerprint;      // SHA-256, "AB:CD:..."; empty without TLS
    QByteArray tlsCertificatePem;
};

/** How a scenario run ended. */
struct ScenarioResult {
    QDateTime startedUtc;
    qint64 elapsedNs = 0;
    bool completed = false;   // every step ran
    bool cancelled = false;
    QString failure;          // the runtime failure that ended the run (bind, connect, wait timeout), or empty
    QStringList reportErrors; // reports that could not be written (the run went on)
    QList<CheckResult> checks;
    QMap<QString, QStringList> warnings; // per fleet: replyWarnings() over the whole run
    QList<StartedServer> servers;        // in the order they first started

    bool checksPassed() const;
    /** 0 every check passed; 1 a check failed; 3 a runtime failure, a report not written, or cancelled. */
    int exitCode() const;
};

} // namespace NetCore
