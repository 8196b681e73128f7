// SPDX-License-Identifier: GPL-3.0-or-later
#include "proxy/proxyfaults.h"

#include "proxy/proxyconfig.h"

namespace NetCore {

std::optional<ProxyFaults> ProxyFaults::parse(const QStringList &specs, QString *error)
{
    QStringList toxicSpecs;
    ProxyFaults faults;
    for (const QString &spec : specs) {
        if (!FrameFault::isFrameFaultSpec(spec)) {
            toxicSpecs << spec;
            continue;
        }
        const auto fault = FrameFault::parse(spec, error);
        if (!fault)
            return std::nullopt;
        faults.frameFaults << *fault;
    }
    const auto toxics = ProxyConfig::parseToxics(toxicSpecs, error);
    if (!toxics)
        return std::nullopt;
    faults.toxics = *toxics;
    return faults;
}

QStringList ProxyFaults::specs() const
{
    QStringList specs;
    for (const Toxic &toxic : toxics)
        specs << toxic.spec();
    for (const FrameFault &fault : frameFaults)
        specs << fault.spec();
    return specs;
}

} // namespace NetCore
