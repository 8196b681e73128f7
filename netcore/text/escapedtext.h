// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QString>
#include <QStringView>

#include <optional>

/**
 * Text as people type messages on a command line or in a rules file: UTF-8, with
 * C-style escapes for what cannot be typed. Known escapes: \n \r \t \0 \\ \xHH.
 */
namespace NetCore::EscapedText {

/** The bytes `text` stands for, or nullopt with `error` naming the bad escape and its position. */
std::optional<QByteArray> parse(QStringView text, QString *error = nullptr);

/** The inverse: printable ASCII stays, the rest is escaped, so parse(format(b)) == b. */
QString format(QByteArrayView bytes);

} // namespace NetCore::EscapedText
