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

} // namespace NetCore::ResourceLimits
