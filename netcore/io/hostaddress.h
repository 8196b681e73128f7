// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHostAddress>
#include <QString>

#include <optional>

namespace NetCore {

/** An IP address as a user writes it ("localhost" included); nullopt for anything else. */
inline std::optional<QHostAddress> parseHostAddress(const QString &host)
{
    if (host.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0)
        return QHostAddress(QHostAddress::LocalHost);
    QHostAddress address;
    if (address.setAddress(host))
        return address;
    return std::nullopt;
}

} // namespace NetCore
