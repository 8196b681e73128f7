// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "proxy/framefault.h"
#include "proxy/toxic.h"

#include <QList>
#include <QStringList>

#include <optional>

namespace NetCore {

/**
 * A proxy's faults as a person writes them, toxics and frame faults in one list (the
 * command line's --fault, a session's "faults", a set-proxy-faults step, the form).
 */
struct ProxyFaults {
    QList<Toxic> toxics;
    QList<FrameFault> frameFaults;

    /** Each spec read as a frame fault (drop, corrupt, delay, stall) or a toxic, all checked; nullopt with the reason. */
    static std::optional<ProxyFaults> parse(const QStringList &specs, QString *error);
    /** Every fault as a spec, toxics first: what parse() reads back. */
    QStringList specs() const;
    bool isEmpty() const { return toxics.isEmpty() && frameFaults.isEmpty(); }
};

} // namespace NetCore
