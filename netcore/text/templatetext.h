// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QString>
#include <QStringView>

#include <optional>

/**
 * Message templates as people type them, to the stored form FieldTemplate compiles:
 * literal braces doubled, fields kept as "{spec}". Text takes escapes (EscapedText)
 * and fields; hex takes fields between its bytes ("{seq:u16be} 00 06 01 03").
 */
namespace NetCore::TemplateText {

enum class Style {
    Plain,   // UTF-8 as typed, fields only
    Escaped, // with EscapedText's escapes
    Hex,     // hex bytes
};

/** `text` written in `style`, to the stored form; nullopt with `error` if malformed. */
std::optional<QByteArray> parse(QStringView text, Style style, QString *error = nullptr);

/** The inverse of parse(): a stored template written in `style`, fields kept. */
QString format(QByteArrayView stored, Style style);

/**
 * Text with escapes and fields. "{{" is a literal brace; so is a brace that does not
 * start a field name (JSON stays as typed). A malformed field or escape is an error.
 */
std::optional<QByteArray> parseText(QStringView text, QString *error = nullptr);

/** Hex bytes with fields between them; any brace must start a field. */
std::optional<QByteArray> parseHex(QStringView text, QString *error = nullptr);

} // namespace NetCore::TemplateText
