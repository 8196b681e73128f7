// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>
#include <QStringView>

#include <optional>

/** Hexadecimal text to bytes and back, strict where people type it. */
namespace NetCore::HexBytes {

/**
 * Parses hex digits, allowing spaces, tabs, newlines, ':' and '-' between byte pairs
 * and an optional "0x" before each pair. Returns nullopt and sets `error` (naming the
 * position) on any other character or an odd number of digits.
 */
std::optional<QByteArray> parse(QStringView text, QString *error = nullptr);

/** The value of one hex digit (either case), or -1. */
int digitValue(QChar c);

/** "57 42 01 ..." with one space between bytes. */
QString format(QByteArrayView bytes);

/**
 * A classic dump: offset, 16 bytes in hex, and their printable ASCII, one line per
 * 16 bytes. At most `maxBytes` are shown, then a line saying how many were left out.
 */
QString dump(QByteArrayView bytes, qsizetype maxBytes = 4096);

} // namespace NetCore::HexBytes
