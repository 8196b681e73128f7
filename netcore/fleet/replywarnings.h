// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "codec/framing.h"

#include <QStringList>

namespace NetCore {

struct FleetCounters;

/**
 * What a person must read before a fleet's throughput and latency: most replies did
 * not decode, matched no request, were WB1 ERROR frames, or never came. Each warning
 * names the share, the most common error and the likely cause ("98% of replies
 * failed to decode (bad magic): does the server speak wb1? Try another --framing.").
 * Empty when under a tenth of replies (and of requests) went wrong.
 */
QStringList replyWarnings(const FleetCounters &counters, Framing framing);

} // namespace NetCore
