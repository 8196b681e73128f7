// SPDX-License-Identifier: GPL-3.0-or-later
#include "session/proxyjson.h"

#include "session/jsonreader.h"

#include <QJsonArray>

#include <limits>
#include "session/sessionjson.h"

using NetCore::SessionJson::putIf;
using NetCore::SessionJson::readFraming;

namespace NetCore::ProxyJson {

ProxyDefinition read(JsonReader &reader, const QJsonObject &object, const QString &path)
{
    reader.onlyKeys(object, path,
                    {"name", "host", "port", "upstream", "connect_timeout_ms", "max_buffer", "max_connections", "faults", "seed", "threads",
                     "refuse_when_upstream_down", "framing", "record", "record_pcap", "record_limit"});
    ProxyDefinition proxy;
    const ProxyConfig defaults;
    ProxyConfig &c = proxy.config;
    proxy.name = reader.string(object, path, "name", {}, true);
    c.host = reader.string(object, path, "host", defaults.host);
    c.port = quint16(reader.integer(object, path, "port", 0, 65535, 0));
    proxy.upstreamServer = reader.string(object, path, "upstream", {}, true);
    c.connectTimeoutMs = int(reader.integer(object, path, "connect_timeout_ms", 1, 3'600'000, defaults.connectTimeoutMs));
    c.maxBuffered = reader.integer(object, path, "max_buffer", 1024, qint64(1) << 30, defaults.maxBuffered);
    c.maxConnections = int(reader.integer(object, path, "max_connections", 1, 10'000'000, defaults.maxConnections));
    proxy.threads = int(reader.integer(object, path, "threads", 0, 256, 0));
    c.framing = readFraming(reader, object, path, "framing");
    c.recordPath = reader.string(object, path, "record", {});
    c.recordPcapPath = reader.string(object, path, "record_pcap", {});
    c.recordLimit = reader.integer(object, path, "record_limit", 1024, std::numeric_limits<qint64>::max(), defaults.recordLimit);
    c.refuseWhileUpstreamDown = reader.boolean(object, path, "refuse_when_upstream_down", defaults.refuseWhileUpstreamDown);
    c.seed = quint64(reader.integer(object, path, "seed", 0, std::numeric_limits<qint64>::max(), qint64(defaults.seed)));
    QString why;
    if (const auto faults = ProxyFaults::parse(reader.strings(object, path, "faults"), &why))
        c.setFaults(*faults);
    else
        reader.error(JsonReader::join(path, "faults"), why);
    if (!c.frameFaults.isEmpty() && !c.framing)
        reader.error(JsonReader::join(path, "faults"),
                     QStringLiteral("frame faults (%1) need the proxy's \"framing\"").arg(c.frameFaults.first().spec()));
    return proxy;
}

QJsonObject write(const ProxyDefinition &proxy)
{
    const ProxyConfig &c = proxy.config;
    const ProxyConfig d;
    QJsonObject o{{QStringLiteral("name"), proxy.name}};
    putIf(o, "host", c.host, d.host);
    putIf(o, "port", int(c.port), int(d.port));
    o.insert(QStringLiteral("upstream"),
             proxy.upstreamServer.isEmpty() ? QStringLiteral("%1:%2").arg(c.upstreamHost).arg(c.upstreamPort) : proxy.upstreamServer);
    putIf(o, "connect_timeout_ms", c.connectTimeoutMs, d.connectTimeoutMs);
    putIf(o, "max_buffer", double(c.maxBuffered), double(d.maxBuffered));
    putIf(o, "max_connections", c.maxConnections, d.maxConnections);
    putIf(o, "refuse_when_upstream_down", c.refuseWhileUpstreamDown, d.refuseWhileUpstreamDown);
    if (c.framing)
        o.insert(QStringLiteral("framing"), framingName(*c.framing));
    putIf(o, "record", c.recordPath, d.recordPath);
    putIf(o, "record_pcap", c.recordPcapPath, d.recordPcapPath);
    putIf(o, "record_limit", double(c.recordLimit), double(d.recordLimit));
    if (const QStringList specs = c.faults().specs(); !specs.isEmpty())
        o.insert(QStringLiteral("faults"), QJsonArray::fromStringList(specs));
    putIf(o, "seed", double(c.seed), double(d.seed));
    putIf(o, "threads", proxy.threads, 0);
    return o;
}

} // namespace NetCore::ProxyJson
