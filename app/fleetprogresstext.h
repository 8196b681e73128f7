// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "fleet/fleetsnapshot.h"

#include <QMap>
#include <QString>

/** One fleet's live line: time, sent, received, replies/s, the interval's p50 and p99, errors, timeouts, open. */
QString fleetProgressText(const NetCore::FleetSnapshot &snapshot);

/**
 * Several fleets' latest snapshots in one line (the agents of `run --processes`):
 * replies/s, errors and open connections summed, the slowest fleet's p50 and p99.
 */
QString fleetsProgressText(const QString &prefix, const QMap<QString, NetCore::FleetSnapshot> &latest);
