// SPDX-License-Identifier: GPL-3.0-or-later
#include "session/session.h"

namespace NetCore {

namespace {
template<typename T>
const T *byName(const QList<T> &items, const QString &name)
{
    for (const T &item : items) {
        if (item.name == name)
            return &item;
    }
    return nullptr;
}
} // namespace

const ServerDefinition *Session::server(const QString &name) const
{
    return byName(servers, name);
}

const FleetDefinition *Session::fleet(const QString &name) const
{
    return byName(fleets, name);
}

const ProxyDefinition *Session::proxy(const QString &name) const
{
    return byName(proxies, name);
}

const NamedTemplate *Session::messageTemplate(const QString &name) const
{
    return byName(templates, name);
}

} // namespace NetCore
