// SPDX-License-Identifier: GPL-3.0-or-later
#include "session/fleetjson.h"

#include "fleet/sourceaddresses.h"
#include "session/jsonreader.h"
#include "session/sessionjson.h"

#include <QJsonArray>

namespace NetCore::FleetJson {

using namespace SessionJson;

FleetDefinition read(JsonReader &reader, const QJsonObject &object, const QString &path)
{
    reader.onlyKeys(object, path,
                    {"name", "target", "connections", "framing", "reply_framing", "max_payload", "template", "payload_size",
                     "random_payload", "schedule", "count", "ramp_per_s", "reconnect", "reconnect_initial_ms",
                     "reconnect_max_ms", "source", "connect_timeout_ms", "reply_timeout_ms", "seed", "threads"});
    FleetDefinition fleet;
    FleetConfig &config = fleet.config;
    const FleetConfig defaults;
    fleet.name = reader.string(object, path, "name", {}, true);
    const QString target = reader.string(object, path, "target", {}, true);
    // A target is a session server's name, or HOST:PORT (resolved in the cross-checks).
    fleet.server = target;
    config.connections = int(reader.integer(object, path, "connections", 1, 1'000'000, defaults.connections));
    config.framing = readFraming(reader, object, path, "framing").value_or(Framing::Wb1);
    config.replyFraming = readFraming(reader, object, path, "reply_framing");
    config.maxPayload = reader.integer(object, path, "max_payload", 1, framingPayloadLimit(config.framing), 0);
    fleet.templateName = reader.string(object, path, "template");
    if (!fleet.templateName.isEmpty() && (reader.has(object, "payload_size") || reader.has(object, "random_payload")))
        reader.error(JsonReader::join(path, "template"), QStringLiteral("goes without payload_size and random_payload"));
    config.payloadSize = reader.integer(object, path, "payload_size", 0, framingPayloadLimit(config.framing), defaults.payloadSize);
    config.randomPayload = reader.boolean(object, path, "random_payload", false);

    const QString schedulePath = JsonReader::join(path, "schedule");
    const QJsonObject schedule = reader.has(object, "schedule") ? reader.object(object.value(QStringLiteral("schedule")), schedulePath)
                                                                : QJsonObject{};
    reader.onlyKeys(schedule, schedulePath, {"window", "rate", "poisson", "max_in_flight"});
    if (reader.has(schedule, "window") && reader.has(schedule, "rate"))
        reader.error(schedulePath, QStringLiteral("expected either window (closed loop) or rate (open loop), not both"));
    if (reader.has(schedule, "rate")) {
        config.schedule = FleetConfig::Schedule::OpenLoop;
        config.rate = reader.number(schedule, schedulePath, "rate", 0.001, 1e9, defaults.rate);
        config.poisson = reader.boolean(schedule, schedulePath, "poisson", false);
        config.maxInFlight = int(reader.integer(schedule, schedulePath, "max_in_flight", 0, 1'000'000, 0));
    } else {
        config.window = int(reader.integer(schedule, schedulePath, "window", 1, 1'000'000, defaults.window));
        if (reader.has(schedule, "poisson") || reader.has(schedule, "max_in_flight"))
            reader.error(schedulePath, QStringLiteral("poisson and max_in_flight go with rate (open loop)"));
    }
    config.messageLimit = reader.integer(object, path, "count", 0, SeedMax, 0);
    config.connectRate = reader.number(object, path, "ramp_per_s", 0, 1e9, 0);
    config.reconnect = reader.boolean(object, path, "reconnect", false);
    config.reconnectInitialMs = int(reader.integer(object, path, "reconnect_initial_ms", 1, 3'600'000, defaults.reconnectInitialMs));
    config.reconnectMaxMs = int(reader.integer(object, path, "reconnect_max_ms", 1, 3'600'000, defaults.reconnectMaxMs));
    if (reader.has(object, "source")) {
        QString why;
        const auto sources = SourceAddresses::parse(reader.string(object, path, "source"), &why);
        if (sources)
            config.sourceAddresses = *sources;
        else
            reader.error(JsonReader::join(path, "source"), why);
    }
    config.connectTimeoutMs = int(reader.integer(object, path, "connect_timeout_ms", 1, 3'600'000, defaults.connectTimeoutMs));
    config.replyTimeoutMs = int(reader.integer(object, path, "reply_timeout_ms", 1, 3'600'000, defaults.replyTimeoutMs));
    config.seed = quint64(reader.integer(object, path, "seed", 0, SeedMax, qint64(defaults.seed)));
    fleet.threads = int(reader.integer(object, path, "threads", 0, 256, 0));
    return fleet;
}

QJsonObject write(const FleetDefinition &fleet)
{
    const FleetConfig &c = fleet.config;
    const FleetConfig d;
    QJsonObject o{{QStringLiteral("name"), fleet.name}};
    o.insert(QStringLiteral("target"), fleet.server.isEmpty() ? QStringLiteral("%1:%2").arg(c.host).arg(c.port) : fleet.server);
    putIf(o, "connections", c.connections, d.connections);
    putFramings(o, c.framing, c.replyFraming);
    putIf(o, "max_payload", double(c.maxPayload), double(d.maxPayload));
    if (!fleet.templateName.isEmpty()) {
        o.insert(QStringLiteral("template"), fleet.templateName);
    } else {
        putIf(o, "payload_size", double(c.payloadSize), double(d.payloadSize));
        putIf(o, "random_payload", c.randomPayload, false);
    }
    QJsonObject schedule;
    if (c.schedule == FleetConfig::Schedule::OpenLoop) {
        schedule.insert(QStringLiteral("rate"), c.rate);
        putIf(schedule, "poisson", c.poisson, false);
        putIf(schedule, "max_in_flight", c.maxInFlight, 0);
    } else {
        putIf(schedule, "window", c.window, d.window);
    }
    if (!schedule.isEmpty())
        o.insert(QStringLiteral("schedule"), schedule);
    putIf(o, "count", double(c.messageLimit), 0.0);
    putIf(o, "ramp_per_s", c.connectRate, 0.0);
    putIf(o, "reconnect", c.reconnect, false);
    putIf(o, "reconnect_initial_ms", c.reconnectInitialMs, d.reconnectInitialMs);
    putIf(o, "reconnect_max_ms", c.reconnectMaxMs, d.reconnectMaxMs);
    if (!c.sourceAddresses.isEmpty())
        o.insert(QStringLiteral("source"), SourceAddresses::format(c.sourceAddresses));
    putIf(o, "connect_timeout_ms", c.connectTimeoutMs, d.connectTimeoutMs);
    putIf(o, "reply_timeout_ms", c.replyTimeoutMs, d.replyTimeoutMs);
    putIf(o, "seed", double(c.seed), double(d.seed));
    putIf(o, "threads", fleet.threads, 0);
    return o;
}

} // namespace NetCore::FleetJson
