// SPDX-License-Identifier: GPL-3.0-or-later
#include "fleet/sourceaddresses.h"

#include <QStringList>

namespace NetCore::SourceAddresses {

std::optional<QList<QHostAddress>> parse(const QString &text, QString *error)
{
    auto fail = [&](const QString &why) {
        if (error)
            *error = QStringLiteral("source addresses '%1': %2").arg(text, why);
        return std::nullopt;
    };
    QList<QHostAddress> addresses;
    const QStringList items = text.split(QLatin1Char(','), Qt::SkipEmptyParts);
    if (items.isEmpty())
        return fail(QStringLiteral("none given"));
    for (const QString &rawItem : items) {
        const QString item = rawItem.trimmed();
        const qsizetype dash = item.indexOf(QLatin1Char('-'));
        if (dash < 0) {
            QHostAddress address;
            if (!address.setAddress(item))
                return fail(QStringLiteral("'%1' is not an IP address").arg(item));
            addresses.append(address);
        } else {
            QHostAddress first, last;
            bool firstOk = false, lastOk = false;
            first.setAddress(item.left(dash).trimmed());
            last.setAddress(item.mid(dash + 1).trimmed());
            const quint32 from = first.toIPv4Address(&firstOk);
            const quint32 to = last.toIPv4Address(&lastOk);
            if (!firstOk || !lastOk)
                return fail(QStringLiteral("'%1' is not a range of IPv4 addresses").arg(item));
            if (to < from)
                return fail(QStringLiteral("the range '%1' runs backwards").arg(item));
            if (quint64(to) - from + 1 + quint64(addresses.size()) > quint64(MaxAddresses))
                return fail(QStringLiteral("more than %1 addresses").arg(MaxAddresses));
            for (quint64 a = from; a <= to; ++a)
                addresses.append(QHostAddress(quint32(a)));
        }
        if (addresses.size() > MaxAddresses)
            return fail(QStringLiteral("more than %1 addresses").arg(MaxAddresses));
    }
    return addresses;
}

QString format(const QList<QHostAddress> &addresses)
{
    QStringList parts;
    for (const QHostAddress &address : addresses)
        parts.append(address.toString());
    return parts.join(QLatin1Char(','));
}

} // namespace NetCore::SourceAddresses
