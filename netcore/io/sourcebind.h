// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHostAddress>
#include <QString>

namespace NetCore {

/**
 * An outgoing TCP socket bound to a local source address, its port left to connect().
 *
 * A plain bind(address, 0) makes the kernel choose the port at bind time, searching
 * the whole port range under a lock, and a port taken that way serves one destination
 * only. IP_BIND_ADDRESS_NO_PORT (Linux 4.2) defers the choice to connect(), where the
 * whole 4-tuple is known, as HAProxy and nginx do for their source addresses. Where
 * the kernel refuses the option, the bind is a plain one, said once on stderr.
 */
namespace SourceBind {

/** A non-blocking, close-on-exec descriptor bound to `source`, or -1 with `error` set. */
int openBoundSocket(const QHostAddress &source, QString *error);

/** False once the kernel refused IP_BIND_ADDRESS_NO_PORT in this process. */
bool portDeferred();

} // namespace SourceBind

} // namespace NetCore
