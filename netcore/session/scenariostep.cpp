// SPDX-License-Identifier: GPL-3.0-or-later
#include "session/scenariostep.h"

#include <array>
#include <utility>

namespace NetCore {

namespace {
constexpr std::array<std::pair<ScenarioStep::Kind, const char *>, 17> kindNameTable{{
    {ScenarioStep::Kind::StartServer, "start-server"},
    {ScenarioStep::Kind::StopServer, "stop-server"},
    {ScenarioStep::Kind::StartProxy, "start-proxy"},
    {ScenarioStep::Kind::StopProxy, "stop-proxy"},
    {ScenarioStep::Kind::SetProxyFaults, "set-proxy-faults"},
    {ScenarioStep::Kind::SetBehaviour, "set-behaviour"},
    {ScenarioStep::Kind::SetFaults, "set-faults"},
    {ScenarioStep::Kind::Connect, "connect"},
    {ScenarioStep::Kind::Disconnect, "disconnect"},
    {ScenarioStep::Kind::SetRate, "set-rate"},
    {ScenarioStep::Kind::SetWindow, "set-window"},
    {ScenarioStep::Kind::Send, "send"},
    {ScenarioStep::Kind::Hold, "hold"},
    {ScenarioStep::Kind::Wait, "wait"},
    {ScenarioStep::Kind::Phase, "phase"},
    {ScenarioStep::Kind::Check, "check"},
    {ScenarioStep::Kind::Report, "report"},
}};
} // namespace

QString ScenarioStep::kindName(Kind kind)
{
    for (const auto &[k, name] : kindNameTable) {
        if (k == kind)
            return QLatin1String(name);
    }
    return {};
}

bool ScenarioStep::kindFromName(const QString &name, Kind *kind)
{
    for (const auto &[k, text] : kindNameTable) {
        if (name == QLatin1String(text)) {
            *kind = k;
            return true;
        }
    }
    return false;
}

QStringList ScenarioStep::kindNames()
{
    QStringList names;
    for (const auto &[k, name] : kindNameTable)
        names << QLatin1String(name);
    return names;
}

QStringList ScenarioStep::metricNames()
{
    return {"p50_us", "p90_us", "p99_us", "p999_us", "max_us", "mean_us", "p50_raw_us", "p99_raw_us",
            "error_rate", "throughput_per_s", "timeouts", "errors", "received", "sent",
            // counted apart from errors: the server's own answers and closes
            "server_errors", "server_closes", "status_2xx", "status_3xx", "status_4xx", "status_5xx",
            "connect_p50_us", "connect_p99_us", "handshake_p50_us", "handshake_p99_us", "tls_full_handshakes",
            "tls_resumed_handshakes", "tls_errors",
            // a fleet's replay: replies unlike the recording's
            "differences"};
}

QString ScenarioStep::describe() const
{
    switch (kind) {
    case Kind::StartServer: return QStringLiteral("start server %1").arg(server);
    case Kind::StopServer: return QStringLiteral("stop server %1").arg(server);
    case Kind::StartProxy: return QStringLiteral("start proxy %1").arg(proxy);
    case Kind::StopProxy: return QStringLiteral("stop proxy %1").arg(proxy);
    case Kind::SetProxyFaults:
        return faults.isEmpty() ? QStringLiteral("proxy %1: no faults").arg(proxy)
                                : QStringLiteral("proxy %1: faults %2").arg(proxy, faults.join(QLatin1Char(' ')));
    case Kind::SetBehaviour: return QStringLiteral("server %1: behaviour %2").arg(server, behaviour);
    case Kind::SetFaults:
        return faults.isEmpty() ? QStringLiteral("server %1: no faults").arg(server)
                                : QStringLiteral("server %1: faults %2").arg(server, faults.join(QLatin1Char(' ')));
    case Kind::Connect: return QStringLiteral("connect %1").arg(fleet);
    case Kind::Disconnect: return QStringLiteral("disconnect %1").arg(fleet);
    case Kind::SetRate: return QStringLiteral("%1: rate %2/s").arg(fleet).arg(rate);
    case Kind::SetWindow: return QStringLiteral("%1: window %2").arg(fleet).arg(window);
    case Kind::Send:
        return templateName.isEmpty() ? QStringLiteral("%1: send %2").arg(fleet).arg(count)
                                      : QStringLiteral("%1: send %2 x %3").arg(fleet).arg(count).arg(templateName);
    case Kind::Hold: return QStringLiteral("hold %1 s").arg(seconds);
    case Kind::Wait:
        if (until == QLatin1String("connected"))
            return QStringLiteral("wait until %1 is connected").arg(fleet);
        if (until == QLatin1String("finished"))
            return QStringLiteral("wait until %1 has finished").arg(fleet);
        return QStringLiteral("wait until %1 received %2").arg(fleet).arg(count);
    case Kind::Phase: return QStringLiteral("phase %1").arg(name);
    case Kind::Check:
        return QStringLiteral("check %1 %2%3 %4 %5")
            .arg(fleet, phase.isEmpty() ? QString() : phase + QLatin1Char(' '), metric, op)
            .arg(value);
    case Kind::Report: return QStringLiteral("report");
    }
    return {};
}

} // namespace NetCore
