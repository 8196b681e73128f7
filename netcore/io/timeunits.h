// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QtGlobal>

namespace NetCore {

// The engine counts time in nanoseconds (CLOCK_MONOTONIC); these convert.
inline constexpr qint64 NsPerUs = 1'000;
inline constexpr qint64 NsPerMs = 1'000'000;
inline constexpr qint64 NsPerSecond = 1'000'000'000;

/** How often servers and fleets publish a snapshot unless told otherwise. */
inline constexpr int DefaultSnapshotIntervalMs = 100;

} // namespace NetCore
