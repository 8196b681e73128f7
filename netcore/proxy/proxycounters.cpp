// SPDX-License-Identifier: GPL-3.0-or-later
#include "proxy/proxycounters.h"

#include <QJsonValue>

#include <algorithm>
#include <array>
#include <utility>

namespace NetCore {

namespace {

// One list of the summed fields, so adding, subtracting and naming cannot drift apart.
constexpr std::array<std::pair<const char *, quint64 ProxyCounters::*>, 27> summedFields{{
    {"connections_accepted", &ProxyCounters::connectionsAccepted},
    {"connections_refused", &ProxyCounters::connectionsRefused},
    {"connections_closed", &ProxyCounters::connectionsClosed},
    {"upstream_connected", &ProxyCounters::upstreamConnected},
    {"upstream_refused", &ProxyCounters::upstreamRefused},
    {"upstream_timeouts", &ProxyCounters::upstreamTimeouts},
    {"bytes_upstream", &ProxyCounters::bytesUpstream},
    {"bytes_downstream", &ProxyCounters::bytesDownstream},
    {"chunks_upstream", &ProxyCounters::chunksUpstream},
    {"chunks_downstream", &ProxyCounters::chunksDownstream},
    {"half_closes_upstream", &ProxyCounters::halfClosesUpstream},
    {"half_closes_downstream", &ProxyCounters::halfClosesDownstream},
    {"resets_from_client", &ProxyCounters::resetsFromClient},
    {"resets_from_server", &ProxyCounters::resetsFromServer},
    {"pauses_upstream", &ProxyCounters::pausesUpstream},
    {"pauses_downstream", &ProxyCounters::pausesDownstream},
    {"toxic_closes", &ProxyCounters::toxicCloses},
    {"toxic_resets", &ProxyCounters::toxicResets},
    {"refused_upstream_down", &ProxyCounters::refusedUpstreamDown},
    {"frames_upstream", &ProxyCounters::framesUpstream},
    {"frames_downstream", &ProxyCounters::framesDownstream},
    {"frames_dropped", &ProxyCounters::framesDropped},
    {"frames_corrupted", &ProxyCounters::framesCorrupted},
    {"frames_delayed", &ProxyCounters::framesDelayed},
    {"replies_timed", &ProxyCounters::repliesTimed},
    {"framing_abandoned", &ProxyCounters::framingAbandoned},
    {"record_lost", &ProxyCounters::recordLost},
}};

} // namespace

ProxyCounters &ProxyCounters::operator+=(const ProxyCounters &other)
{
    for (const auto &[name, field] : summedFields)
        this->*field += other.*field;
    bufferedPeak = std::max(bufferedPeak, other.bufferedPeak);
    // The upstream is as the most recent connect found it, whichever thread made it.
    if (other.upstreamSeenNs > upstreamSeenNs) {
        upstreamDown = other.upstreamDown;
        upstreamSeenNs = other.upstreamSeenNs;
    }
    return *this;
}

ProxyCounters ProxyCounters::since(const ProxyCounters &earlier) const
{
    ProxyCounters delta = *this;
    for (const auto &[name, field] : summedFields)
        delta.*field -= earlier.*field;
    return delta;
}

QJsonObject ProxyCounters::toJson() const
{
    QJsonObject object;
    for (const auto &[name, field] : summedFields)
        object.insert(QLatin1String(name), double(this->*field));
    object.insert(QStringLiteral("buffered_peak_bytes"), double(bufferedPeak));
    object.insert(QStringLiteral("upstream_down"), upstreamDown);
    return object;
}

ProxyCounters ProxyCounters::fromJson(const QJsonObject &object)
{
    ProxyCounters counters;
    for (const auto &[name, field] : summedFields)
        counters.*field = quint64(object.value(QLatin1String(name)).toDouble());
    counters.bufferedPeak = quint64(object.value(QStringLiteral("buffered_peak_bytes")).toDouble());
    counters.upstreamDown = object.value(QStringLiteral("upstream_down")).toBool();
    return counters;
}

} // namespace NetCore
