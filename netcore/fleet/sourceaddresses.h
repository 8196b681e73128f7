// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHostAddress>
#include <QList>
#include <QString>

#include <optional>

/**
 * Local source addresses for a fleet's connections, as people write them:
 * "127.0.0.2,127.0.0.3" or a range "127.0.0.2-127.0.0.40" (IPv4), or both mixed.
 * One address reaches about 28,000 ephemeral ports towards one server; each
 * further address brings as many again.
 */
namespace NetCore::SourceAddresses {

constexpr int MaxAddresses = 4096;

std::optional<QList<QHostAddress>> parse(const QString &text, QString *error = nullptr);

/** The inverse, as a comma list (ranges written out). */
QString format(const QList<QHostAddress> &addresses);

} // namespace NetCore::SourceAddresses
