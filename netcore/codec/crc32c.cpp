// SPDX-License-Identifier: GPL-3.0-or-later
#include "codec/crc32c.h"

#include <QtEndian>

#include <array>
#include <cstring>

#if defined(__x86_64__) || defined(__i386__)
#include <nmmintrin.h>
#define WIREBENCH_CRC32C_X86 1
#endif

namespace NetCore::Crc32c {

namespace {

constexpr quint32 Polynomial = 0x82F63B78u;

using Table = std::array<std::array<quint32, 256>, 8>;

// tables[k][b] is the CRC of byte b followed by k zero bytes: slicing-by-8 then
// folds eight input bytes per step.
constexpr Table makeTables()
{
    Table tables{};
    for (quint32 byte = 0; byte < 256; ++byte) {
        quint32 crc = byte;
        for (int bit = 0; bit < 8; ++bit)
            crc = (crc & 1u) ? (crc >> 1) ^ Polynomial : crc >> 1;
        tables[0][byte] = crc;
    }
    for (quint32 byte = 0; byte < 256; ++byte) {
        for (int k = 1; k < 8; ++k)
            tables[k][byte] = (tables[k - 1][byte] >> 8) ^ tables[0][tables[k - 1][byte] & 0xFFu];
    }
    return tables;
}

constexpr Table tables = makeTables();

#ifdef WIREBENCH_CRC32C_X86
bool detectHardware()
{
    return __builtin_cpu_supports("sse4.2");
}
#endif

} // namespace

quint32 computeSoftware(const void *data, qsizetype size, quint32 previous)
{
    const auto *bytes = static_cast<const uchar *>(data);
    quint32 crc = ~previous;
    while (size >= 8) {
        quint32 low;
        quint32 high;
        std::memcpy(&low, bytes, 4);
        std::memcpy(&high, bytes + 4, 4);
        if constexpr (Q_BYTE_ORDER == Q_BIG_ENDIAN) {
            low = qbswap(low);
            high = qbswap(high);
        }
        low ^= crc;
        crc = tables[7][low & 0xFFu] ^ tables[6][(low >> 8) & 0xFFu] ^ tables[5][(low >> 16) & 0xFFu]
            ^ tables[4][low >> 24] ^ tables[3][high & 0xFFu] ^ tables[2][(high >> 8) & 0xFFu]
            ^ tables[1][(high >> 16) & 0xFFu] ^ tables[0][high >> 24];
        bytes += 8;
        size -= 8;
    }
    while (size-- > 0)
        crc = (crc >> 8) ^ tables[0][(crc ^ *bytes++) & 0xFFu];
    return ~crc;
}

#ifdef WIREBENCH_CRC32C_X86

bool hardwareAvailable()
{
    static const bool available = detectHardware();
    return available;
}

__attribute__((target("sse4.2"))) quint32 computeHardware(const void *data, qsizetype size, quint32 previous)
{
    const auto *bytes = static_cast<const uchar *>(data);
    quint32 crc = ~previous;
#if defined(__x86_64__)
    quint64 wide = crc;
    while (size >= 8) {
        quint64 word;
        std::memcpy(&word, bytes, 8);
        wide = _mm_crc32_u64(wide, word);
        bytes += 8;
        size -= 8;
    }
    crc = quint32(wide);
#endif
    // The tail in at most three steps, not one per byte: each step waits for the last.
    if (size >= 4) {
        quint32 word;
        std::memcpy(&word, bytes, 4);
        crc = _mm_crc32_u32(crc, word);
        bytes += 4;
        size -= 4;
    }
    if (size >= 2) {
        quint16 half;
        std::memcpy(&half, bytes, 2);
        crc = _mm_crc32_u16(crc, half);
        bytes += 2;
        size -= 2;
    }
    while (size-- > 0)
        crc = _mm_crc32_u8(crc, *bytes++);
    return ~crc;
}

quint32 compute(const void *data, qsizetype size, quint32 previous)
{
    return hardwareAvailable() ? computeHardware(data, size, previous) : computeSoftware(data, size, previous);
}

#else

bool hardwareAvailable()
{
    return false;
}

quint32 computeHardware(const void *data, qsizetype size, quint32 previous)
{
    return computeSoftware(data, size, previous);
}

quint32 compute(const void *data, qsizetype size, quint32 previous)
{
    return computeSoftware(data, size, previous);
}

#endif

} // namespace NetCore::Crc32c
