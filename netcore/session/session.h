// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "session/fleetdefinition.h"
#include "session/namedtemplate.h"
#include "session/proxydefinition.h"
#include "session/scenariostep.h"
#include "session/serverdefinition.h"

#include <QList>

namespace NetCore {

/** Everything a person set up: servers, proxies, fleets, named templates and a scenario. No window geometry. */
struct Session {
    QString description;
    QList<ServerDefinition> servers;
    QList<ProxyDefinition> proxies;
    QList<NamedTemplate> templates;
    QList<FleetDefinition> fleets;
    QList<ScenarioStep> scenario;
    // Where relative paths the session reads (rules files) resolve: the session file's
    // folder; empty for the working folder. Not saved: it follows the file.
    QString baseDirectory;

    const ServerDefinition *server(const QString &name) const;
    const FleetDefinition *fleet(const QString &name) const;
    const ProxyDefinition *proxy(const QString &name) const;
    const NamedTemplate *messageTemplate(const QString &name) const;
};

} // namespace NetCore
