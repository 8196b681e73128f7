// SPDX-License-Identifier: GPL-3.0-or-later
#include "servesummary.h"

#include <QJsonDocument>

using namespace NetCore;

void printServeTotals(QTextStream &out, const ServerCounters &total, const ServerConfig &config, bool json, const QJsonObject &extra)
{
    if (json) {
        QJsonObject object = total.toJson();
        for (auto it = extra.begin(); it != extra.end(); ++it)
            object.insert(it.key(), it.value());
        out << QJsonDocument(object).toJson(QJsonDocument::Compact) << '\n';
        return;
    }
    out << "connections: " << total.connectionsAccepted << " accepted, " << total.connectionsRefused << " refused, "
        << total.connectionsClosed << " closed, " << total.acceptErrors << " accept errors\n"
        << "frames: " << total.framesIn << " in, " << total.framesOut << " out; bytes: " << total.bytesIn << " in, "
        << total.bytesOut << " out\n"
        << "protocol errors: " << total.errorTotal() << ", unsolicited frames: " << total.unsolicited
        << ", idle timeouts: " << total.idleTimeouts << ", frame deadlines: " << total.frameDeadlineTimeouts
        << ", backpressure pauses: " << total.backpressurePauses << '\n';
    if (config.tls.enabled) {
        out << "TLS: " << total.tlsFull << " full handshakes, " << total.tlsResumed << " resumed";
        for (int kind = 1; kind < TlsErrorKinds; ++kind) {
            if (total.tlsErrors[kind] > 0)
                out << ", " << tlsErrorName(TlsError(kind)) << " errors " << total.tlsErrors[kind];
        }
        if (total.tlsAborts > 0)
            out << ", " << total.tlsAborts << " aborted by the tls-abort fault";
        out << '\n';
    }
    if (!config.faults.isEmpty())
        out << "faults (" << config.faults.specs().join(QLatin1Char(' ')) << "): " << total.repliesDropped
            << " replies dropped, " << total.repliesCorrupted << " corrupted, " << total.faultCloses << " connections closed, "
            << total.stalls << " stalls, " << total.faultRefusals << " connections refused\n";
}
