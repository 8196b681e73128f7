// SPDX-License-Identifier: GPL-3.0-or-later
#include "session/sessionfile.h"

#include "fleet/sourceaddresses.h"
#include "session/fleetjson.h"
#include "io/hostaddress.h"
#include "proxy/proxyconfig.h"
#include "session/jsonreader.h"
#include "session/proxyjson.h"
#include "session/sessionjson.h"
#include "session/tlsjson.h"
#include "storage/atomicfile.h"
#include "text/escapedtext.h"
#include "text/hexbytes.h"
#include "text/templatetext.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QSet>

#include <limits>

namespace NetCore {

using namespace SessionJson;

namespace {

const QString FormatName = QStringLiteral("wirebench-session");
constexpr qint64 MaxFileBytes = 16 << 20;


ServerDefinition readServer(JsonReader &reader, const QJsonObject &object, const QString &path, const QString &baseDirectory)
{
    reader.onlyKeys(object, path,
                    {"name", "host", "port", "framing", "reply_framing", "behaviour", "faults", "seed", "max_payload", "max_connections",
                     "idle_timeout_ms", "frame_deadline_ms", "max_pending_output", "threads", "processes", "tls"});
    ServerDefinition server;
    ServerConfig &config = server.config;
    const ServerConfig defaults;
    server.name = reader.string(object, path, "name", {}, true);
    config.host = reader.string(object, path, "host", defaults.host);
    config.port = quint16(reader.integer(object, path, "port", 0, 65535, 0));
    config.framing = readFraming(reader, object, path, "framing").value_or(Framing::Wb1);
    config.replyFraming = readFraming(reader, object, path, "reply_framing");
    config.maxPayload = reader.integer(object, path, "max_payload", 1, framingPayloadLimit(config.framing), 0);
    QString why;
    if (reader.has(object, "behaviour")) {
        const auto behaviour = BehaviourSpec::parse(reader.string(object, path, "behaviour"), &why, baseDirectory);
        if (behaviour)
            config.behaviour = *behaviour;
        else
            reader.error(JsonReader::join(path, "behaviour"), why);
    }
    if (reader.has(object, "faults")) {
        const auto faults = FaultPlan::parse(reader.strings(object, path, "faults"), &why);
        if (faults)
            config.faults = *faults;
        else
            reader.error(JsonReader::join(path, "faults"), why);
    }
    config.seed = quint64(reader.integer(object, path, "seed", 0, SeedMax, qint64(defaults.seed)));
    config.maxConnections = int(reader.integer(object, path, "max_connections", 1, 10'000'000, defaults.maxConnections));
    config.idleTimeoutMs = int(reader.integer(object, path, "idle_timeout_ms", 0, 86'400'000, defaults.idleTimeoutMs));
    config.frameDeadlineMs = int(reader.integer(object, path, "frame_deadline_ms", 1, 86'400'000, defaults.frameDeadlineMs));
    config.maxPendingOutput = reader.integer(object, path, "max_pending_output", 1024, qint64(1) << 32, defaults.maxPendingOutput);
    server.threads = int(reader.integer(object, path, "threads", 0, 256, 0));
    server.processes = int(reader.integer(object, path, "processes", 1, 1024, 1));
    if (reader.has(object, "tls")) {
        const QString tlsPath = JsonReader::join(path, "tls");
        config.tls = TlsJson::readServer(reader, reader.object(object.value(QStringLiteral("tls")), tlsPath), tlsPath);
    }
    if (config.faults.tlsAbortProbability > 0 && !config.tls.enabled)
        reader.error(JsonReader::join(path, "faults"), QStringLiteral("tls-abort needs a TLS server (a tls object)"));
    if (server.processes > 1 && config.tls.enabled && config.tls.selfSigned())
        reader.error(JsonReader::join(path, "processes"),
                     QStringLiteral("each process would make up its own certificate; give the server one (tls cert and key)"));
    return server;
}

NamedTemplate readTemplate(JsonReader &reader, const QJsonObject &object, const QString &path)
{
    reader.onlyKeys(object, path,
                    {"name", "text", "hex", "messages", "http", "headers", "redis", "size", "random", "wb1_type", "wb1_flags"});
    NamedTemplate t;
    t.name = reader.string(object, path, "name", {}, true);
    const int sources = int(reader.has(object, "text")) + int(reader.has(object, "hex")) + int(reader.has(object, "messages"))
        + int(reader.has(object, "http")) + int(reader.has(object, "redis")) + int(reader.has(object, "size"));
    if (sources != 1)
        reader.error(path, QStringLiteral("expected exactly one of text, hex, messages, http, redis, size; found %1").arg(sources));
    if (reader.has(object, "headers") && !reader.has(object, "http"))
        reader.error(JsonReader::join(path, "headers"), QStringLiteral("goes with http"));
    QString why;
    if (reader.has(object, "http") || reader.has(object, "redis")) {
        // One request or command as a string, or several in turn as an array.
        const bool http = reader.has(object, "http");
        const char *key = http ? "http" : "redis";
        t.source = http ? NamedTemplate::Source::Http : NamedTemplate::Source::Redis;
        t.messages = object.value(QLatin1String(key)).isString() ? QStringList{reader.string(object, path, key)}
                                                                 : reader.strings(object, path, key);
        if (t.messages.isEmpty())
            reader.error(JsonReader::join(path, key), QStringLiteral("expected at least one %1").arg(http ? "request" : "command"));
        if (http)
            t.headers = reader.strings(object, path, "headers");
        if (!t.messages.isEmpty() && !t.storedMessages(&why))
            reader.error(JsonReader::join(path, key), why);
    } else if (reader.has(object, "text")) {
        t.source = NamedTemplate::Source::Text;
        t.text = reader.string(object, path, "text");
        if (!TemplateText::parseText(t.text, &why))
            reader.error(JsonReader::join(path, "text"), why);
    } else if (reader.has(object, "hex")) {
        t.source = NamedTemplate::Source::Hex;
        t.hex = reader.string(object, path, "hex");
        if (!TemplateText::parseHex(t.hex, &why))
            reader.error(JsonReader::join(path, "hex"), why);
    } else if (reader.has(object, "messages")) {
        t.source = NamedTemplate::Source::Messages;
        t.messages = reader.strings(object, path, "messages");
        if (t.messages.isEmpty())
            reader.error(JsonReader::join(path, "messages"), QStringLiteral("expected at least one message"));
        for (qsizetype i = 0; i < t.messages.size(); ++i) {
            if (!TemplateText::parseText(t.messages[i], &why))
                reader.error(JsonReader::index(JsonReader::join(path, "messages"), i), why);
        }
    } else {
        t.source = NamedTemplate::Source::Size;
        t.size = reader.integer(object, path, "size", 0, qint64(1) << 30, 64);
    }
    t.random = reader.boolean(object, path, "random", false);
    if (t.random && t.source != NamedTemplate::Source::Size)
        reader.error(JsonReader::join(path, "random"), QStringLiteral("only goes with size"));
    if (reader.has(object, "wb1_type"))
        t.wb1Type = int(reader.integer(object, path, "wb1_type", 0, 255, 1));
    if (reader.has(object, "wb1_flags"))
        t.wb1Flags = int(reader.integer(object, path, "wb1_flags", 0, 0xffff, 0));
    return t;
}


ScenarioStep readStep(JsonReader &reader, const QJsonObject &object, const QString &path, const QString &baseDirectory)
{
    ScenarioStep step;
    const QString kind = reader.string(object, path, "step", {}, true);
    if (!kind.isEmpty() && !ScenarioStep::kindFromName(kind, &step.kind)) {
        reader.error(JsonReader::join(path, "step"),
                     QStringLiteral("expected one of %1; found '%2'").arg(ScenarioStep::kindNames().join(QStringLiteral(", ")), kind));
        reader.onlyKeys(object, path, {"step"});
        return step;
    }
    using Kind = ScenarioStep::Kind;
    switch (step.kind) {
    case Kind::StartServer:
    case Kind::StopServer:
        reader.onlyKeys(object, path, {"step", "server"});
        step.server = reader.string(object, path, "server", {}, true);
        break;
    case Kind::StartProxy:
    case Kind::StopProxy:
        reader.onlyKeys(object, path, {"step", "proxy"});
        step.proxy = reader.string(object, path, "proxy", {}, true);
        break;
    case Kind::SetProxyFaults: {
        reader.onlyKeys(object, path, {"step", "proxy", "faults"});
        step.proxy = reader.string(object, path, "proxy", {}, true);
        step.faults = reader.strings(object, path, "faults");
        QString why;
        if (!ProxyFaults::parse(step.faults, &why))
            reader.error(JsonReader::join(path, "faults"), why);
        break;
    }
    case Kind::SetBehaviour: {
        reader.onlyKeys(object, path, {"step", "server", "behaviour"});
        step.server = reader.string(object, path, "server", {}, true);
        step.behaviour = reader.string(object, path, "behaviour", {}, true);
        QString why;
        if (!step.behaviour.isEmpty() && !BehaviourSpec::parse(step.behaviour, &why, baseDirectory))
            reader.error(JsonReader::join(path, "behaviour"), why);
        break;
    }
    case Kind::SetFaults: {
        reader.onlyKeys(object, path, {"step", "server", "faults"});
        step.server = reader.string(object, path, "server", {}, true);
        step.faults = reader.strings(object, path, "faults");
        QString why;
        if (!FaultPlan::parse(step.faults, &why))
            reader.error(JsonReader::join(path, "faults"), why);
        break;
    }
    case Kind::Connect:
    case Kind::Disconnect:
        reader.onlyKeys(object, path, {"step", "fleet"});
        step.fleet = reader.string(object, path, "fleet", {}, true);
        break;
    case Kind::SetRate:
        reader.onlyKeys(object, path, {"step", "fleet", "rate"});
        step.fleet = reader.string(object, path, "fleet", {}, true);
        step.rate = reader.number(object, path, "rate", 0.001, 1e9, 1, true);
        break;
    case Kind::SetWindow:
        reader.onlyKeys(object, path, {"step", "fleet", "window"});
        step.fleet = reader.string(object, path, "fleet", {}, true);
        step.window = int(reader.integer(object, path, "window", 1, 1'000'000, 1, true));
        break;
    case Kind::Send:
        reader.onlyKeys(object, path, {"step", "fleet", "count", "template"});
        step.fleet = reader.string(object, path, "fleet", {}, true);
        step.count = reader.integer(object, path, "count", 1, SeedMax, 1, true);
        step.templateName = reader.string(object, path, "template");
        break;
    case Kind::Hold:
        reader.onlyKeys(object, path, {"step", "seconds"});
        step.seconds = reader.number(object, path, "seconds", 0, 86'400 * 30, 0, true);
        break;
    case Kind::Wait:
        reader.onlyKeys(object, path, {"step", "until", "fleet", "count", "timeout_s"});
        step.until = reader.string(object, path, "until", {}, true);
        step.fleet = reader.string(object, path, "fleet", {}, true);
        if (step.until == QLatin1String("received"))
            step.count = reader.integer(object, path, "count", 1, SeedMax, 1, true);
        else if (step.until == QLatin1String("connected") || step.until == QLatin1String("finished"))
            reader.onlyKeys(object, path, {"step", "until", "fleet", "timeout_s"});
        else if (!step.until.isEmpty())
            reader.error(JsonReader::join(path, "until"),
                         QStringLiteral("expected connected, received or finished; found '%1'").arg(step.until));
        step.timeoutSeconds = reader.number(object, path, "timeout_s", 0.001, 86'400, 30);
        break;
    case Kind::Phase:
        reader.onlyKeys(object, path, {"step", "name", "report"});
        step.name = reader.string(object, path, "name", {}, true);
        step.report = reader.boolean(object, path, "report", true);
        break;
    case Kind::Check: {
        reader.onlyKeys(object, path, {"step", "fleet", "phase", "metric", "op", "value"});
        step.fleet = reader.string(object, path, "fleet", {}, true);
        step.phase = reader.string(object, path, "phase");
        step.metric = reader.string(object, path, "metric", {}, true);
        if (!step.metric.isEmpty() && !ScenarioStep::metricNames().contains(step.metric))
            reader.error(JsonReader::join(path, "metric"), QStringLiteral("expected one of %1; found '%2'")
                                                               .arg(ScenarioStep::metricNames().join(QStringLiteral(", ")), step.metric));
        step.op = reader.string(object, path, "op", {}, true);
        if (!step.op.isEmpty() && !ScenarioStep::opNames().contains(step.op))
            reader.error(JsonReader::join(path, "op"), QStringLiteral("expected one of < <= > >= ==; found '%1'").arg(step.op));
        step.value = reader.number(object, path, "value", -1e18, 1e18, 0, true);
        break;
    }
    case Kind::Report:
        reader.onlyKeys(object, path, {"step", "csv", "summary", "hgrm", "json"});
        step.csv = reader.string(object, path, "csv");
        step.summary = reader.string(object, path, "summary");
        step.hgrm = reader.string(object, path, "hgrm");
        step.json = reader.string(object, path, "json");
        if (step.csv.isEmpty() && step.summary.isEmpty() && step.hgrm.isEmpty() && step.json.isEmpty())
            reader.error(path, QStringLiteral("expected at least one of csv, summary, hgrm, json"));
        break;
    }
    return step;
}

// Names must be unique and references must resolve; a target that is no server's
// name must be HOST:PORT.
void crossCheck(JsonReader &reader, Session &session)
{
    auto unique = [&](const QStringList &names, const char *list) {
        QSet<QString> seen;
        for (qsizetype i = 0; i < names.size(); ++i) {
            const QString path = JsonReader::index(QLatin1String(list), i) + QStringLiteral(".name");
            if (names[i].isEmpty())
                continue;
            if (seen.contains(names[i]))
                reader.error(path, QStringLiteral("the name '%1' is used twice").arg(names[i]));
            seen.insert(names[i]);
        }
    };
    QStringList serverNames, proxyNames, templateNames, fleetNames;
    for (const auto &s : std::as_const(session.servers))
        serverNames << s.name;
    for (const auto &p : std::as_const(session.proxies))
        proxyNames << p.name;
    for (const auto &t : std::as_const(session.templates))
        templateNames << t.name;
    for (const auto &f : std::as_const(session.fleets))
        fleetNames << f.name;
    unique(serverNames, "servers");
    unique(proxyNames, "proxies");
    // A fleet's target names a server or a proxy: one name may not be both.
    for (qsizetype i = 0; i < proxyNames.size(); ++i) {
        if (serverNames.contains(proxyNames[i]))
            reader.error(JsonReader::index(QStringLiteral("proxies"), i) + QStringLiteral(".name"),
                         QStringLiteral("the name '%1' is a server's too").arg(proxyNames[i]));
    }
    // "NAME" of a server (or of a proxy, where `proxiesToo`), or HOST:PORT split into `host` and `port`.
    auto resolveTarget = [&](QString &name, QString &host, quint16 &port, const QString &path, bool proxiesToo) {
        if (name.isEmpty() || serverNames.contains(name) || (proxiesToo && proxyNames.contains(name)))
            return;
        const auto split = splitHostPort(name);
        if (!split) {
            const bool orProxy = proxiesToo && !proxyNames.isEmpty();
            const QStringList names = orProxy ? serverNames + proxyNames : serverNames;
            reader.error(path, QStringLiteral("expected a %1 name (%2) or HOST:PORT; found '%3'")
                                   .arg(orProxy ? QStringLiteral("server's or a proxy's") : QStringLiteral("server's"),
                                        names.isEmpty() ? QStringLiteral("none defined") : names.join(QStringLiteral(", ")), name));
            return;
        }
        host = split->host;
        port = split->port;
        name.clear();
    };
    for (qsizetype i = 0; i < session.proxies.size(); ++i) {
        ProxyDefinition &proxy = session.proxies[i];
        resolveTarget(proxy.upstreamServer, proxy.config.upstreamHost, proxy.config.upstreamPort,
                      JsonReader::index(QStringLiteral("proxies"), i) + QStringLiteral(".upstream"), false);
    }
    unique(templateNames, "templates");
    unique(fleetNames, "fleets");

    for (qsizetype i = 0; i < session.fleets.size(); ++i) {
        FleetDefinition &fleet = session.fleets[i];
        const QString path = JsonReader::index(QStringLiteral("fleets"), i);
        if (!fleet.templateName.isEmpty() && !templateNames.contains(fleet.templateName))
            reader.error(path + QStringLiteral(".template"), QStringLiteral("no template is named '%1'").arg(fleet.templateName));
        // HTTP requests and Redis commands are written for their framing: a fleet left
        // at the default (wb1) takes it; another is a mistake worth naming.
        const NamedTemplate *t = session.messageTemplate(fleet.templateName);
        if (const auto implied = t ? t->impliedFraming() : std::nullopt; implied && fleet.config.framing != *implied) {
            if (fleet.config.framing == Framing::Wb1)
                fleet.config.framing = *implied;
            else
                reader.error(path + QStringLiteral(".framing"),
                             QStringLiteral("template %1 is written for %2 framing, not %3")
                                 .arg(fleet.templateName, framingName(*implied), framingName(fleet.config.framing)));
        }
        for (const auto *exchange : {&fleet.hello, &fleet.goodbye}) {
            const char *key = exchange == &fleet.hello ? ".hello" : ".goodbye";
            for (qsizetype m = 0; m < exchange->size(); ++m) {
                QString why;
                if (!(*exchange)[m].templateName.isEmpty() && !(*exchange)[m].resolve(session, &why))
                    reader.error(JsonReader::index(path + QLatin1String(key), m), why);
            }
        }
        resolveTarget(fleet.server, fleet.config.host, fleet.config.port, path + QStringLiteral(".target"), true);
    }

    QStringList phases;
    for (qsizetype i = 0; i < session.scenario.size(); ++i) {
        const ScenarioStep &step = session.scenario[i];
        const QString path = JsonReader::index(QStringLiteral("scenario"), i);
        if (!step.server.isEmpty() && !serverNames.contains(step.server))
            reader.error(path + QStringLiteral(".server"), QStringLiteral("no server is named '%1'").arg(step.server));
        if (!step.proxy.isEmpty() && !proxyNames.contains(step.proxy))
            reader.error(path + QStringLiteral(".proxy"), QStringLiteral("no proxy is named '%1'").arg(step.proxy));
        else if (const ProxyDefinition *proxy = session.proxy(step.proxy); proxy && !proxy->config.framing) {
            const auto faults = ProxyFaults::parse(step.faults, nullptr);
            if (faults && !faults->frameFaults.isEmpty())
                reader.error(path + QStringLiteral(".faults"), QStringLiteral("frame faults need a framing: proxy %1 has none").arg(step.proxy));
        }
        if (!step.fleet.isEmpty() && !fleetNames.contains(step.fleet))
            reader.error(path + QStringLiteral(".fleet"), QStringLiteral("no fleet is named '%1'").arg(step.fleet));
        if (!step.templateName.isEmpty() && !templateNames.contains(step.templateName))
            reader.error(path + QStringLiteral(".template"), QStringLiteral("no template is named '%1'").arg(step.templateName));
        if (step.kind == ScenarioStep::Kind::Phase)
            phases << step.name;
        if (step.kind == ScenarioStep::Kind::Check && !step.phase.isEmpty() && !phases.contains(step.phase))
            reader.error(path + QStringLiteral(".phase"), QStringLiteral("no phase named '%1' begins before this check").arg(step.phase));
    }
}

} // namespace

std::optional<Session> SessionFile::parse(const QByteArray &json, const QString &fileName, QStringList *errors,
                                          const QString &baseDirectory)
{
    auto fail = [&](const QStringList &messages) {
        if (errors) {
            errors->clear();
            for (const QString &message : messages)
                errors->append(fileName + QStringLiteral(": ") + message);
        }
        return std::nullopt;
    };
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        // Say where, as a person counts: line and column of the offending byte.
        const QByteArray before = json.left(parseError.offset);
        const qsizetype line = before.count('\n') + 1;
        const qsizetype column = parseError.offset - (before.lastIndexOf('\n') + 1) + 1;
        return fail({QStringLiteral("not valid JSON at line %1, column %2: %3").arg(line).arg(column).arg(parseError.errorString())});
    }
    if (!document.isObject())
        return fail({QStringLiteral("expected a JSON object at the top")});
    const QJsonObject root = document.object();
    JsonReader reader;
    const QString format = reader.string(root, {}, "format", {}, true);
    if (!format.isEmpty() && format != FormatName)
        reader.error(QStringLiteral("format"), QStringLiteral("expected \"%1\"; found \"%2\"").arg(FormatName, format));
    const qint64 version = reader.integer(root, {}, "version", 1, std::numeric_limits<int>::max(), Version, true);
    if (version > Version)
        return fail({QStringLiteral("version: this file is version %1, written by a newer Wirebench; this one reads "
                                    "version %2 and older")
                         .arg(version)
                         .arg(Version)});
    reader.onlyKeys(root, {}, {"format", "version", "description", "servers", "proxies", "templates", "fleets", "scenario"});

    Session session;
    session.baseDirectory = baseDirectory;
    session.description = reader.string(root, {}, "description");
    const QJsonArray servers = reader.array(root, {}, "servers");
    for (qsizetype i = 0; i < servers.size(); ++i) {
        const QString path = JsonReader::index(QStringLiteral("servers"), i);
        session.servers.append(readServer(reader, reader.object(servers[i], path), path, baseDirectory));
    }
    const QJsonArray proxies = reader.array(root, {}, "proxies");
    for (qsizetype i = 0; i < proxies.size(); ++i) {
        const QString path = JsonReader::index(QStringLiteral("proxies"), i);
        session.proxies.append(ProxyJson::read(reader, reader.object(proxies[i], path), path));
    }
    const QJsonArray templates = reader.array(root, {}, "templates");
    for (qsizetype i = 0; i < templates.size(); ++i) {
        const QString path = JsonReader::index(QStringLiteral("templates"), i);
        session.templates.append(readTemplate(reader, reader.object(templates[i], path), path));
    }
    const QJsonArray fleets = reader.array(root, {}, "fleets");
    for (qsizetype i = 0; i < fleets.size(); ++i) {
        const QString path = JsonReader::index(QStringLiteral("fleets"), i);
        session.fleets.append(FleetJson::read(reader, reader.object(fleets[i], path), path));
    }
    const QJsonArray scenario = reader.array(root, {}, "scenario");
    for (qsizetype i = 0; i < scenario.size(); ++i) {
        const QString path = JsonReader::index(QStringLiteral("scenario"), i);
        session.scenario.append(readStep(reader, reader.object(scenario[i], path), path, baseDirectory));
    }
    crossCheck(reader, session);
    if (!reader.ok())
        return fail(reader.errors());
    return session;
}

std::optional<Session> SessionFile::load(const QString &path, QStringList *errors)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        if (errors)
            *errors = {QStringLiteral("%1: cannot read: %2").arg(path, file.errorString())};
        return std::nullopt;
    }
    const QByteArray content = file.read(MaxFileBytes + 1);
    if (content.size() > MaxFileBytes) {
        if (errors)
            *errors = {QStringLiteral("%1: larger than 16 MiB; not a session file").arg(path)};
        return std::nullopt;
    }
    return parse(content, path, errors, QFileInfo(path).absolutePath());
}

namespace {



QJsonObject writeServer(const ServerDefinition &server)
{
    const ServerConfig &c = server.config;
    const ServerConfig d;
    QJsonObject o{{QStringLiteral("name"), server.name}};
    putIf(o, "host", c.host, d.host);
    putIf(o, "port", int(c.port), int(d.port));
    putFramings(o, c.framing, c.replyFraming);
    putIf(o, "max_payload", double(c.maxPayload), double(d.maxPayload));
    putIf(o, "behaviour", c.behaviour.text(), d.behaviour.text());
    if (!c.faults.isEmpty())
        o.insert(QStringLiteral("faults"), QJsonArray::fromStringList(c.faults.specs()));
    putIf(o, "seed", double(c.seed), double(d.seed));
    putIf(o, "max_connections", c.maxConnections, d.maxConnections);
    putIf(o, "idle_timeout_ms", c.idleTimeoutMs, d.idleTimeoutMs);
    putIf(o, "frame_deadline_ms", c.frameDeadlineMs, d.frameDeadlineMs);
    putIf(o, "max_pending_output", double(c.maxPendingOutput), double(d.maxPendingOutput));
    putIf(o, "threads", server.threads, 0);
    putIf(o, "processes", server.processes, 1);
    if (c.tls.enabled)
        o.insert(QStringLiteral("tls"), TlsJson::writeServer(c.tls));
    return o;
}

QJsonObject writeTemplate(const NamedTemplate &t)
{
    QJsonObject o{{QStringLiteral("name"), t.name}};
    switch (t.source) {
    case NamedTemplate::Source::Size:
        o.insert(QStringLiteral("size"), double(t.size));
        if (t.random)
            o.insert(QStringLiteral("random"), true);
        break;
    case NamedTemplate::Source::Text: o.insert(QStringLiteral("text"), t.text); break;
    case NamedTemplate::Source::Hex: o.insert(QStringLiteral("hex"), t.hex); break;
    case NamedTemplate::Source::Messages: o.insert(QStringLiteral("messages"), QJsonArray::fromStringList(t.messages)); break;
    case NamedTemplate::Source::Http:
    case NamedTemplate::Source::Redis: {
        const QString key = t.source == NamedTemplate::Source::Http ? QStringLiteral("http") : QStringLiteral("redis");
        o.insert(key, t.messages.size() == 1 ? QJsonValue(t.messages.constFirst()) : QJsonArray::fromStringList(t.messages));
        if (!t.headers.isEmpty())
            o.insert(QStringLiteral("headers"), QJsonArray::fromStringList(t.headers));
        break;
    }
    }
    if (t.wb1Type)
        o.insert(QStringLiteral("wb1_type"), *t.wb1Type);
    if (t.wb1Flags)
        o.insert(QStringLiteral("wb1_flags"), *t.wb1Flags);
    return o;
}


QJsonObject writeStep(const ScenarioStep &step)
{
    using Kind = ScenarioStep::Kind;
    QJsonObject o{{QStringLiteral("step"), ScenarioStep::kindName(step.kind)}};
    auto put = [&](const char *key, const QJsonValue &value) { o.insert(QLatin1String(key), value); };
    switch (step.kind) {
    case Kind::StartServer:
    case Kind::StopServer: put("server", step.server); break;
    case Kind::StartProxy:
    case Kind::StopProxy: put("proxy", step.proxy); break;
    case Kind::SetProxyFaults: put("proxy", step.proxy); put("faults", QJsonArray::fromStringList(step.faults)); break;
    case Kind::SetBehaviour: put("server", step.server); put("behaviour", step.behaviour); break;
    case Kind::SetFaults: put("server", step.server); put("faults", QJsonArray::fromStringList(step.faults)); break;
    case Kind::Connect:
    case Kind::Disconnect: put("fleet", step.fleet); break;
    case Kind::SetRate: put("fleet", step.fleet); put("rate", step.rate); break;
    case Kind::SetWindow: put("fleet", step.fleet); put("window", step.window); break;
    case Kind::Send:
        put("fleet", step.fleet);
        put("count", double(step.count));
        if (!step.templateName.isEmpty())
            put("template", step.templateName);
        break;
    case Kind::Hold: put("seconds", step.seconds); break;
    case Kind::Wait:
        put("until", step.until);
        put("fleet", step.fleet);
        if (step.until == QLatin1String("received"))
            put("count", double(step.count));
        if (step.timeoutSeconds != 30)
            put("timeout_s", step.timeoutSeconds);
        break;
    case Kind::Phase:
        put("name", step.name);
        if (!step.report)
            put("report", false);
        break;
    case Kind::Check:
        put("fleet", step.fleet);
        if (!step.phase.isEmpty())
            put("phase", step.phase);
        put("metric", step.metric);
        put("op", step.op);
        put("value", step.value);
        break;
    case Kind::Report:
        for (const auto &[key, value] : {std::pair{"csv", step.csv}, std::pair{"summary", step.summary},
                                         std::pair{"hgrm", step.hgrm}, std::pair{"json", step.json}}) {
            if (!value.isEmpty())
                put(key, value);
        }
        break;
    }
    return o;
}

} // namespace

QByteArray SessionFile::serialize(const Session &session)
{
    QJsonObject root{{QStringLiteral("format"), FormatName}, {QStringLiteral("version"), Version}};
    if (!session.description.isEmpty())
        root.insert(QStringLiteral("description"), session.description);
    auto list = [&](const char *key, const auto &items, auto write) {
        if (items.isEmpty())
            return;
        QJsonArray array;
        for (const auto &item : items)
            array.append(write(item));
        root.insert(QLatin1String(key), array);
    };
    list("servers", session.servers, writeServer);
    list("proxies", session.proxies, ProxyJson::write);
    list("templates", session.templates, writeTemplate);
    list("fleets", session.fleets, FleetJson::write);
    list("scenario", session.scenario, writeStep);
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

bool SessionFile::save(const Session &session, const QString &path, QString *error)
{
    return writeFileAtomically(path, serialize(session), error);
}

} // namespace NetCore
