// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QtGlobal>

/**
 * CRC-32C (Castagnoli): reflected polynomial 0x82F63B78, initial value and final XOR
 * 0xFFFFFFFF. Calls chain: crc(a + b) == compute(b, n, compute(a, m)).
 */
namespace NetCore::Crc32c {

/** The fastest implementation this CPU runs (SSE4.2 instruction, else table). */
quint32 compute(const void *data, qsizetype size, quint32 previous = 0);

/** Table-driven implementation (slicing-by-8); runs on every CPU. */
quint32 computeSoftware(const void *data, qsizetype size, quint32 previous = 0);

/** Whether computeHardware() may be called on this CPU. */
bool hardwareAvailable();

/** The CPU's CRC32 instruction; only call it when hardwareAvailable() is true. */
quint32 computeHardware(const void *data, qsizetype size, quint32 previous = 0);

} // namespace NetCore::Crc32c
