// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringList>

#include <optional>

namespace NetCore {

/**
 * The faults a test server injects, as written on the command line and in session
 * files (each may appear once):
 *
 *     drop:P               drop each reply with probability P (0..1)
 *     close-after:N        close a connection once it has sent N requests (after answering the Nth)
 *     close:P              close a connection on a request with probability P, instead of answering it
 *     corrupt:P            corrupt each reply with probability P (WB1: a bad checksum;
 *                          other framings: bytes of the payload flipped)
 *     tls-abort:P          answer a connection's TLS client hello with a fatal alert (TLS servers only)
 *     stall:MS[@EVERY_MS]  stop reading and replying for MS: once, from when the faults are
 *                          set, or for the last MS of every EVERY_MS period
 *     refuse:MS[@EVERY_MS] refuse new connections for MS, timed the same way
 *
 * A plain value: it is copied to each I/O thread, which keeps its own random state.
 */
struct FaultPlan {
    /** A period of trouble, once or repeated, timed from when the plan is set. */
    struct Window {
        qint64 durationNs = 0;
        qint64 everyNs = 0; // 0: once, at the start
        bool enabled() const { return durationNs > 0; }
        bool activeAt(qint64 sinceSetNs) const;
        /** When (since set) activeAt() next changes, or -1 if never again. */
        qint64 nextChangeAt(qint64 sinceSetNs) const;
    };

    double dropProbability = 0;
    quint64 closeAfterFrames = 0; // 0: never
    double closeProbability = 0;
    double corruptProbability = 0;
    double tlsAbortProbability = 0;
    Window stall;
    Window refuse;

    bool isEmpty() const;
    /** Each fault in the syntax above, in a fixed order. */
    QStringList specs() const;

    static std::optional<FaultPlan> parse(const QStringList &specs, QString *error = nullptr);
    static QString syntax();
};

} // namespace NetCore
