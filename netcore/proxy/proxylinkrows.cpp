// SPDX-License-Identifier: GPL-3.0-or-later
// What the window's connection table shows of a ProxyLink: its two sides as rows, and
// a detail in words (the rest of the class is in proxylink.cpp).
#include "proxy/proxylink.h"

#include "fleet/fleetsummary.h"
#include "io/socketnames.h"
#include "proxy/proxyworker.h"

namespace NetCore {

void ProxyLink::appendRows(ProxyConnectionRows &rows, int shownId) const
{
    auto legState = [this](const ProxyLeg &leg) {
        if (&leg == &m_server && m_connecting)
            return ConnectionState::Connecting;
        return leg.readEnded || leg.writeShut ? ConnectionState::Closing : ConnectionState::Open;
    };
    const QString detail = detailText();
    ConnectionStats client;
    client.id = shownId;
    client.state = legState(m_client);
    client.sent = m_bytes[1]; // to the client: what the server sent
    client.received = m_bytes[0];
    client.local = localAddressOf(m_client.fd);
    client.remote = peerAddressOf(m_client.fd);
    client.detail = detail;
    ConnectionStats upstream = client;
    upstream.state = legState(m_server);
    upstream.sent = m_bytes[0];
    upstream.received = m_bytes[1];
    upstream.local = m_connecting ? QString() : localAddressOf(m_server.fd);
    upstream.remote = m_connecting ? QStringLiteral("%1:%2").arg(m_worker.config().upstreamHost).arg(m_worker.config().upstreamPort)
                                   : peerAddressOf(m_server.fd);
    rows.clientSide.append(client);
    rows.upstreamSide.append(upstream);
}

QString ProxyLink::detailText() const
{
    QStringList parts;
    const QStringList up = m_chains[0].activeNames();
    const QStringList down = m_chains[1].activeNames();
    if (!up.isEmpty())
        parts << QStringLiteral("faults to server: %1").arg(up.join(QLatin1String(", ")));
    if (!down.isEmpty())
        parts << QStringLiteral("faults to client: %1").arg(down.join(QLatin1String(", ")));
    for (int d = 0; d < 2; ++d) {
        if (!m_stages[d])
            continue;
        const QStringList frameFaults = m_stages[d]->activeSpecs();
        if (!frameFaults.isEmpty())
            parts << QStringLiteral("frame faults to %1: %2").arg(d == 0 ? QStringLiteral("server") : QStringLiteral("client"),
                                                                 frameFaults.join(QLatin1String(", ")));
        if (m_stages[d]->gaveUp())
            parts << QStringLiteral("bytes to the %1 stopped decoding as frames").arg(d == 0 ? QStringLiteral("server") : QStringLiteral("client"));
    }
    parts << QStringLiteral("chunks: %1 to server, %2 to client").arg(m_chunks[0]).arg(m_chunks[1]);
    // Time to first byte: from the client's first byte (or the start, where the server speaks first).
    if (m_firstByteNs[1] >= 0) {
        const qint64 from = m_firstByteNs[0] >= 0 && m_firstByteNs[0] <= m_firstByteNs[1] ? m_firstByteNs[0] : m_startedNs;
        parts << QStringLiteral("first byte back after %1").arg(formatDuration(m_firstByteNs[1] - from));
    }
    for (int d = 0; d < 2; ++d) {
        const ProxyLeg &to = d == 0 ? m_server : m_client;
        const qsizetype held = to.pendingBytes() + m_queuedBytes[d];
        if (held > 0)
            parts << QStringLiteral("%1 bytes held for the %2").arg(held).arg(d == 0 ? QStringLiteral("server") : QStringLiteral("client"));
    }
    if (m_client.paused || m_server.paused)
        parts << QStringLiteral("paused (backpressure)");
    return parts.join(QLatin1String(" · "));
}

} // namespace NetCore
