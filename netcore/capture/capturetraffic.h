// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "capture/capture.h"
#include "metrics/trafficentry.h"

#include <QList>

namespace NetCore {

/**
 * A capture as the traffic log shows traced frames: every event each way, in time
 * order across connections, read as its framing when it has one; a reply carries the
 * time since the request before it.
 */
QList<TrafficEntry> captureTraffic(const Capture &capture);

} // namespace NetCore
