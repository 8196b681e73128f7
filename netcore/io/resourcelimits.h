// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

/** Process limits that decide how many connections can be opened. */
namespace NetCore::ResourceLimits {

/**
 * Raises the soft RLIMIT_NOFILE to the hard limit (Qt never does) and returns the
 * soft limit now in force, or -1 when it cannot be read.
 */
long raiseFileDescriptorLimit();

/** The soft RLIMIT_NOFILE, or -1. */
long fileDescriptorLimit();

/**
 * A sentence for a socket error caused by running out of descriptors or ports
 * (EMFILE, ENFILE, EADDRNOTAVAIL, EADDRINUSE on connect), or an empty string.
 */
QString explainExhaustion(int errnoValue);
/**
 * At most `wanted` connections, and fewer when the descriptor limit allows fewer
 * (`perConnection` descriptors each, some kept for the process's own), so that
 * accept() never fails for want of one. `reason` says which limit it is, for the
 * first refusal's message (`ownLimit` names the first).
 */
int connectionCap(int wanted, int perConnection, const QString &ownLimit, QString *reason);

} // namespace NetCore::ResourceLimits
