// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringList>

namespace NetCore {

/**
 * One step of a scenario. Which fields matter depends on the kind (see
 * docs/session-format.md); the others keep their defaults, and a session file
 * holds only the ones that matter.
 */
struct ScenarioStep {
    enum class Kind {
        StartServer,  // server
        StopServer,   // server
        SetBehaviour, // server, behaviour
        SetFaults,    // server, faults
        Connect,      // fleet: connects (with its ramp) and starts its schedule
        Disconnect,   // fleet: stops gracefully (outstanding replies awaited)
        SetRate,      // fleet, rate
        SetWindow,    // fleet, window
        Send,         // fleet, count, templateName (optional)
        Hold,         // seconds
        Wait,         // until ("connected" | "received" | "finished"), fleet, count, timeoutSeconds
        Phase,        // name, report
        Check,        // fleet, phase, metric, op, value
        Report,       // csv, summary, hgrm, json (paths; empty: not written)
        StartProxy,   // proxy
        StopProxy,    // proxy
        SetProxyFaults, // proxy, faults (toxic specs)
    };
    Kind kind = Kind::Hold;
    QString server;
    QString proxy;
    QString fleet;
    QString behaviour;
    QStringList faults;
    QString templateName;
    QString name;          // phase
    bool report = true;    // phase: counted in reports and checks ("warm-up" sets false)
    QString until;         // wait
    QString phase;         // check: "" means the whole run (phases that report)
    QString metric;        // check
    QString op;            // check: < <= > >= ==
    double value = 0;      // check
    double seconds = 0;    // hold
    double timeoutSeconds = 30; // wait
    double rate = 0;       // set-rate
    int window = 0;        // set-window
    qint64 count = 0;      // send, wait (received)
    QString csv, summary, hgrm, json; // report

    static QString kindName(Kind kind);
    static bool kindFromName(const QString &name, Kind *kind);
    static QStringList kindNames();
    /** The check metrics, as written: p50_us ... error_rate, throughput_per_s, timeouts, errors, received, sent, server_errors, server_closes, status_2xx ... status_5xx. */
    static QStringList metricNames();
    static QStringList opNames() { return {"<", "<=", ">", ">=", "=="}; }
    /** "connect clients", "hold 5 s", ... for progress lines. */
    QString describe() const;
};

} // namespace NetCore
