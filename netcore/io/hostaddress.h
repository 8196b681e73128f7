// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHostAddress>
#include <QString>

#include <optional>
#include <utility>

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

/** A host and a port as a user writes them together. */
struct HostPort {
    QString host; // without the brackets of "[::1]:80"
    quint16 port = 0;
};

/**
 * "HOST:PORT" or "[IPv6]:PORT" split; the port 1 to 65535 (0 too with
 * `portZeroAllowed`: a listen address). The host is not checked (a name may follow).
 */
inline std::optional<HostPort> splitHostPort(const QString &text, bool portZeroAllowed = false)
{
    const qsizetype colon = text.lastIndexOf(QLatin1Char(':'));
    QString host = text.left(colon);
    if (host.startsWith(QLatin1Char('[')) && host.endsWith(QLatin1Char(']')))
        host = host.mid(1, host.size() - 2);
    bool parsed = false;
    const uint port = colon > 0 ? text.mid(colon + 1).toUInt(&parsed) : 0;
    if (colon <= 0 || host.isEmpty() || !parsed || port > 65535 || (port == 0 && !portZeroAllowed))
        return std::nullopt;
    return HostPort{host, quint16(port)};
}

/** "ADDRESS/PREFIX", or an address alone (all its bits); nullopt for anything else. */
inline std::optional<std::pair<QHostAddress, int>> parseSubnet(const QString &text)
{
    const QString withPrefix = text.contains(QLatin1Char('/')) ? text
        : text.contains(QLatin1Char(':'))                       ? text + QStringLiteral("/128")
                                                                : text + QStringLiteral("/32");
    const auto subnet = QHostAddress::parseSubnet(withPrefix);
    if (subnet.first.isNull() || subnet.second < 0)
        return std::nullopt;
    return std::pair{subnet.first, subnet.second};
}

} // namespace NetCore
