// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QtGlobal>

namespace NetCore {

/**
 * Part `index` of `parts` when `total` is shared out as evenly as it divides: the
 * first total % parts parts take one more. The parts add up to `total` exactly, and
 * none is zero while total >= parts. Used wherever a fleet is split: over I/O threads,
 * agent processes (--processes) and shards (--shard).
 */
constexpr qint64 evenShare(qint64 total, qint64 index, qint64 parts)
{
    return total / parts + (index < total % parts ? 1 : 0);
}

} // namespace NetCore
