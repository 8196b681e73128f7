// SPDX-License-Identifier: GPL-3.0-or-later
#include "session/fleetjson.h"

#include "fleet/sourceaddresses.h"
#include "session/jsonreader.h"
#include "session/tlsjson.h"
#include "session/session.h"
#include "session/sessionjson.h"

#include <QJsonArray>

namespace NetCore::FleetJson {

using namespace SessionJson;

namespace {

// A hello or goodbye: {"template": NAME} or {"text": ...} or {"hex": ...}, a hello's with "expect" or "expect_hex".
QList<ExchangeMessage> readExchange(JsonReader &reader, const QJsonObject &object, const QString &path, const char *key,
                                    bool hello)
{
    QList<ExchangeMessage> messages;
    const QJsonArray array = reader.array(object, path, key);
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QString itemPath = JsonReader::index(JsonReader::join(path, key), i);
        const QJsonObject item = reader.object(array[i], itemPath);
        if (hello)
            reader.onlyKeys(item, itemPath, {"template", "text", "hex", "expect", "expect_hex", "starttls"});
        else
            reader.onlyKeys(item, itemPath, {"template", "text", "hex"});
        ExchangeMessage message;
        message.templateName = reader.string(item, itemPath, "template");
        message.text = reader.string(item, itemPath, "text");
        message.hex = reader.string(item, itemPath, "hex");
        message.expect = reader.string(item, itemPath, "expect");
        message.expectHex = reader.string(item, itemPath, "expect_hex");
        message.startTls = reader.boolean(item, itemPath, "starttls", false);
        const int sources = int(reader.has(item, "template")) + int(reader.has(item, "text")) + int(reader.has(item, "hex"));
        if (sources != 1)
            reader.error(itemPath, QStringLiteral("expected exactly one of template, text, hex; found %1").arg(sources));
        if (reader.has(item, "expect") && reader.has(item, "expect_hex"))
            reader.error(itemPath, QStringLiteral("expected expect or expect_hex, not both"));
        QString why;
        if (message.templateName.isEmpty() && sources == 1) {
            // Inline messages are checked here; a template's when the session's templates are known.
            Session none;
            if (!message.resolve(none, &why))
                reader.error(itemPath, why);
        }
        messages.append(message);
    }
    return messages;
}

QJsonArray writeExchange(const QList<ExchangeMessage> &messages)
{
    QJsonArray array;
    for (const ExchangeMessage &m : messages) {
        QJsonObject o;
        if (!m.templateName.isEmpty())
            o.insert(QStringLiteral("template"), m.templateName);
        else if (!m.hex.isEmpty())
            o.insert(QStringLiteral("hex"), m.hex);
        else
            o.insert(QStringLiteral("text"), m.text);
        if (!m.expect.isEmpty())
            o.insert(QStringLiteral("expect"), m.expect);
        if (!m.expectHex.isEmpty())
            o.insert(QStringLiteral("expect_hex"), m.expectHex);
        if (m.startTls)
            o.insert(QStringLiteral("starttls"), true);
        array.append(o);
    }
    return array;
}

// "replay": a capture played instead of a load; what would shape a load is refused, not ignored.
void readReplay(JsonReader &reader, const QJsonObject &object, const QString &path, FleetDefinition &fleet)
{
    if (!reader.has(object, "replay")) {
        if (reader.has(object, "replay_speed"))
            reader.error(JsonReader::join(path, "replay_speed"), QStringLiteral("goes with replay"));
        return;
    }
    fleet.replay = reader.string(object, path, "replay");
    if (fleet.replay.isEmpty())
        reader.error(JsonReader::join(path, "replay"), QStringLiteral("expected a capture's path"));
    fleet.replaySpeed = reader.number(object, path, "replay_speed", 0, 1e6, 0);
    if (fleet.replaySpeed > 0 && fleet.replaySpeed < 0.001) // the recorded times divided by it would overflow
        reader.error(JsonReader::join(path, "replay_speed"),
                     QStringLiteral("expected 0 (step by step) or 0.001 to 1000000; found %1").arg(fleet.replaySpeed));
    for (const char *key : {"framing", "reply_framing", "max_payload", "template", "payload_size", "random_payload", "schedule",
                            "count", "ramp_per_s", "reconnect", "reconnect_initial_ms", "reconnect_max_ms", "connect_timeout_ms",
                            "match", "hello", "goodbye", "websocket", "tls", "threads", "processes", "source"}) {
        if (reader.has(object, key))
            reader.error(JsonReader::join(path, key),
                         QStringLiteral("goes without replay (a replay sends what the capture holds, framed as it was)"));
    }
}

} // namespace

FleetDefinition read(JsonReader &reader, const QJsonObject &object, const QString &path)
{
    reader.onlyKeys(object, path,
                    {"name", "target", "connections", "framing", "reply_framing", "max_payload", "template", "payload_size",
                     "random_payload", "schedule", "count", "ramp_per_s", "reconnect", "reconnect_initial_ms",
                     "reconnect_max_ms", "source", "connect_timeout_ms", "reply_timeout_ms", "seed", "threads", "processes", "match", "hello", "goodbye",
                     "websocket", "tls", "replay", "replay_speed"});
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
    fleet.processes = int(reader.integer(object, path, "processes", 1, 1024, 1));
    if (reader.has(object, "match")) {
        QString why;
        config.match = parseReplyMatch(reader.string(object, path, "match"), &why);
        if (!config.match)
            reader.error(JsonReader::join(path, "match"), why);
    }
    if (reader.has(object, "tls")) {
        const QString tlsPath = JsonReader::join(path, "tls");
        config.tls = TlsJson::readClient(reader, reader.object(object.value(QStringLiteral("tls")), tlsPath), tlsPath);
    }
    fleet.hello = readExchange(reader, object, path, "hello", true);
    fleet.goodbye = readExchange(reader, object, path, "goodbye", false);
    if (reader.has(object, "websocket")) {
        // {"path": "/chat", "headers": ["Origin: ..."], "binary": false}: how the upgrade goes.
        const QString wsPath = JsonReader::join(path, "websocket");
        const QJsonObject ws = reader.object(object.value(QStringLiteral("websocket")), wsPath);
        reader.onlyKeys(ws, wsPath, {"path", "headers", "binary"});
        const QString target = reader.string(ws, wsPath, "path", QStringLiteral("/"));
        if (!target.startsWith(QLatin1Char('/')) || target.contains(QLatin1Char(' ')))
            reader.error(JsonReader::join(wsPath, "path"), QStringLiteral("must start with / and hold no space"));
        config.webSocket.path = target.toUtf8();
        for (const QString &header : reader.strings(ws, wsPath, "headers")) {
            if (header.indexOf(QLatin1Char(':')) <= 0 || header.contains(QLatin1Char('\r')) || header.contains(QLatin1Char('\n')))
                reader.error(JsonReader::join(wsPath, "headers"), QStringLiteral("'%1' is not 'Name: value'").arg(header));
            config.webSocket.headers.append(header.toUtf8());
        }
        config.webSocket.binary = reader.boolean(ws, wsPath, "binary", false);
        if (config.framing == Framing::Wb1)
            config.framing = Framing::WebSocket; // the upgrade says what the framing is
        else if (config.framing != Framing::WebSocket)
            reader.error(wsPath, QStringLiteral("goes with websocket framing, not %1").arg(framingName(config.framing)));
    }
    readReplay(reader, object, path, fleet);
    return fleet;
}

QJsonObject write(const FleetDefinition &fleet)
{
    const FleetConfig &c = fleet.config;
    const FleetConfig d;
    QJsonObject o{{QStringLiteral("name"), fleet.name}};
    o.insert(QStringLiteral("target"), fleet.server.isEmpty() ? QStringLiteral("%1:%2").arg(c.host).arg(c.port) : fleet.server);
    putIf(o, "connections", c.connections, d.connections);
    if (!fleet.replay.isEmpty()) {
        o.insert(QStringLiteral("replay"), fleet.replay);
        putIf(o, "replay_speed", fleet.replaySpeed, 0.0);
        putIf(o, "reply_timeout_ms", c.replyTimeoutMs, d.replyTimeoutMs);
        putIf(o, "seed", double(c.seed), double(d.seed));
        return o;
    }
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
    if (c.framing == Framing::WebSocket && !(c.webSocket == d.webSocket)) {
        QJsonObject ws{{QStringLiteral("path"), QString::fromUtf8(c.webSocket.path)}};
        QStringList headers;
        for (const QByteArray &header : c.webSocket.headers)
            headers << QString::fromUtf8(header);
        if (!headers.isEmpty())
            ws.insert(QStringLiteral("headers"), QJsonArray::fromStringList(headers));
        putIf(ws, "binary", c.webSocket.binary, false);
        o.insert(QStringLiteral("websocket"), ws);
    }
    if (c.tls.enabled)
        o.insert(QStringLiteral("tls"), TlsJson::writeClient(c.tls));
    putIf(o, "seed", double(c.seed), double(d.seed));
    putIf(o, "threads", fleet.threads, 0);
    putIf(o, "processes", fleet.processes, 1);
    if (c.match)
        o.insert(QStringLiteral("match"), replyMatchName(*c.match));
    if (!fleet.hello.isEmpty())
        o.insert(QStringLiteral("hello"), writeExchange(fleet.hello));
    if (!fleet.goodbye.isEmpty())
        o.insert(QStringLiteral("goodbye"), writeExchange(fleet.goodbye));
    return o;
}

} // namespace NetCore::FleetJson
