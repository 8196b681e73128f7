// SPDX-License-Identifier: GPL-3.0-or-later
#include "proxy/toxiproxyapi.h"

#include "io/hostaddress.h"
#include "scenario/sessionengine.h"

#include <QHostInfo>
#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponse>
#include <QJsonArray>
#include <QJsonDocument>

namespace NetCore {

namespace {

using Status = QHttpServerResponse::StatusCode;
using Method = QHttpServerRequest::Method;
using Failure = std::pair<int, QString>;

QHttpServerResponse errorResponse(int status, const QString &message)
{
    // Toxiproxy's error body: the message and the status again.
    return QHttpServerResponse(QJsonObject{{QStringLiteral("error"), message}, {QStringLiteral("status"), status}}, Status(status));
}

QHttpServerResponse errorResponse(const Failure &failure)
{
    return errorResponse(failure.first, failure.second);
}

/** "HOST:PORT" ("[::]:8001" too) as Toxiproxy takes it; a name is looked up. */
std::optional<std::pair<QString, quint16>> hostAndPort(const QString &text, bool portZeroAllowed, QString *why)
{
    const auto split = splitHostPort(text, portZeroAllowed);
    if (!split) {
        *why = QStringLiteral("expected HOST:PORT, found '%1'").arg(text);
        return std::nullopt;
    }
    QString host = split->host;
    const quint16 port = split->port;
    if (!parseHostAddress(host)) {
        const QHostInfo info = QHostInfo::fromName(host);
        if (info.addresses().isEmpty()) {
            *why = QStringLiteral("cannot resolve '%1': %2").arg(host, info.errorString());
            return std::nullopt;
        }
        host = info.addresses().constFirst().toString();
    }
    return std::pair{host, quint16(port)};
}

std::optional<QJsonObject> jsonObject(const QHttpServerRequest &request)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(request.body(), &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        return std::nullopt;
    return document.object();
}

} // namespace

ToxiproxyApi::ToxiproxyApi(SessionEngine &engine, QObject *parent)
    : QObject(parent)
    , m_engine(engine)
    , m_server(std::make_unique<QHttpServer>())
{
    QHttpServer &s = *m_server;
    s.route(QStringLiteral("/version"), Method::Get, [] {
        return QHttpServerResponse(QByteArrayLiteral("text/plain;charset=utf-8"), QByteArray(Version));
    });
    s.route(QStringLiteral("/proxies"), Method::Get, [this] { return listProxies(); });
    s.route(QStringLiteral("/proxies"), Method::Post, [this](const QHttpServerRequest &request) { return createProxy(request); });
    s.route(QStringLiteral("/populate"), Method::Post, [this](const QHttpServerRequest &request) { return populate(request); });
    s.route(QStringLiteral("/reset"), Method::Post, [this] { return reset(); });
    s.route(QStringLiteral("/proxies/<arg>"), Method::Get, [this](const QString &name) { return showProxy(name); });
    s.route(QStringLiteral("/proxies/<arg>"), Method::Post | Method::Patch,
            [this](const QString &name, const QHttpServerRequest &request) { return updateProxy(name, request); });
    s.route(QStringLiteral("/proxies/<arg>"), Method::Delete, [this](const QString &name) { return deleteProxy(name); });
    s.route(QStringLiteral("/proxies/<arg>/toxics"), Method::Get, [this](const QString &name) { return listToxics(name); });
    s.route(QStringLiteral("/proxies/<arg>/toxics"), Method::Post,
            [this](const QString &name, const QHttpServerRequest &request) { return createToxic(name, request); });
    s.route(QStringLiteral("/proxies/<arg>/toxics/<arg>"), Method::Get,
            [this](const QString &name, const QString &toxic) { return showToxic(name, toxic); });
    s.route(QStringLiteral("/proxies/<arg>/toxics/<arg>"), Method::Post | Method::Patch,
            [this](const QString &name, const QString &toxic, const QHttpServerRequest &request) { return updateToxic(name, toxic, request); });
    s.route(QStringLiteral("/proxies/<arg>/toxics/<arg>"), Method::Delete,
            [this](const QString &name, const QString &toxic) { return deleteToxic(name, toxic); });
}

ToxiproxyApi::~ToxiproxyApi() = default;

quint16 ToxiproxyApi::listen(const QHostAddress &address, quint16 port, QString *error)
{
    const quint16 bound = m_server->listen(address, port);
    if (bound == 0 && error)
        *error = QStringLiteral("the Toxiproxy API cannot listen on %1:%2").arg(address.toString()).arg(port);
    return bound;
}

QJsonObject ToxiproxyApi::proxyJson(const ProxyDefinition &proxy) const
{
    const auto running = m_engine.runningProxy(proxy.name);
    const ProxyConfig &c = proxy.config;
    QJsonArray toxics;
    for (const Toxic &toxic : c.toxics)
        toxics.append(toxic.toJson());
    const auto address = [](const QString &host, quint16 port) {
        return host.contains(QLatin1Char(':')) ? QStringLiteral("[%1]:%2").arg(host).arg(port) : QStringLiteral("%1:%2").arg(host).arg(port);
    };
    QString upstream = address(c.upstreamHost, c.upstreamPort);
    if (!proxy.upstreamServer.isEmpty()) {
        const auto server = m_engine.runningServer(proxy.upstreamServer);
        upstream = server ? address(server->connectHost(), server->port) : proxy.upstreamServer;
    }
    return QJsonObject{{QStringLiteral("name"), proxy.name},
                       {QStringLiteral("listen"), address(c.host, running ? running->port : c.port)},
                       {QStringLiteral("upstream"), upstream},
                       {QStringLiteral("enabled"), running.has_value()},
                       {QStringLiteral("toxics"), toxics}};
}

QHttpServerResponse ToxiproxyApi::listProxies() const
{
    QJsonObject all;
    for (const ProxyDefinition &proxy : m_engine.session().proxies)
        all.insert(proxy.name, proxyJson(proxy));
    return QHttpServerResponse(all);
}

std::optional<Failure> ToxiproxyApi::storeProxy(const ProxyDefinition &proxy, bool enabled)
{
    Session session = m_engine.session();
    const ProxyDefinition *before = session.proxy(proxy.name);
    const bool moved = before
        && (before->config.host != proxy.config.host || before->config.port != proxy.config.port
            || before->config.upstreamHost != proxy.config.upstreamHost || before->config.upstreamPort != proxy.config.upstreamPort
            || before->upstreamServer != proxy.upstreamServer);
    if (moved || !enabled)
        m_engine.stopProxy(proxy.name); // a stopped proxy's port is free again at once
    if (before)
        *std::find_if(session.proxies.begin(), session.proxies.end(), [&](const ProxyDefinition &p) { return p.name == proxy.name; }) = proxy;
    else
        session.proxies.append(proxy);
    m_engine.setSession(session);
    if (enabled && m_engine.proxyState(proxy.name) == TcpProxy::State::Stopped) {
        if (!proxy.upstreamServer.isEmpty() && !m_engine.isServerRunning(proxy.upstreamServer))
            return Failure{409, QStringLiteral("server %1 is not running").arg(proxy.upstreamServer)};
        m_engine.startProxy(proxy.name);
        if (m_engine.proxyState(proxy.name) != TcpProxy::State::Running) {
            // The proxy stays defined, disabled, as Toxiproxy keeps one it could not start.
            const TcpProxy *tcp = m_engine.proxy(proxy.name);
            return Failure{500, tcp && !tcp->lastError().isEmpty() ? tcp->lastError() : QStringLiteral("cannot start proxy %1").arg(proxy.name)};
        }
    }
    m_engine.setProxyFaults(proxy.name, proxy.config.faults()); // its frame faults stay (the API has none)
    Q_EMIT proxiesChanged();
    return std::nullopt;
}

std::optional<Failure> ToxiproxyApi::applyProxy(const QJsonObject &body, bool replace)
{
    const QString name = body.value(QStringLiteral("name")).toString();
    if (name.isEmpty())
        return Failure{400, QStringLiteral("missing required field: name")};
    if (!replace && m_engine.session().proxy(name))
        return Failure{409, QStringLiteral("proxy already exists")};
    if (m_engine.session().server(name))
        return Failure{409, QStringLiteral("a server of this session is named %1").arg(name)};
    const QString upstreamText = body.value(QStringLiteral("upstream")).toString();
    if (upstreamText.isEmpty())
        return Failure{400, QStringLiteral("missing required field: upstream")};
    ProxyDefinition proxy;
    if (const ProxyDefinition *existing = m_engine.session().proxy(name))
        proxy = *existing;
    proxy.name = name;
    QString why;
    const auto listen = hostAndPort(body.value(QStringLiteral("listen")).toString(QStringLiteral("127.0.0.1:0")), true, &why);
    if (!listen)
        return Failure{400, QStringLiteral("listen: %1").arg(why)};
    proxy.config.host = listen->first;
    proxy.config.port = listen->second;
    if (m_engine.session().server(upstreamText)) {
        proxy.upstreamServer = upstreamText;
    } else {
        const auto upstream = hostAndPort(upstreamText, false, &why);
        if (!upstream)
            return Failure{400, QStringLiteral("upstream: %1").arg(why)};
        proxy.upstreamServer.clear();
        proxy.config.upstreamHost = upstream->first;
        proxy.config.upstreamPort = upstream->second;
    }
    return storeProxy(proxy, body.value(QStringLiteral("enabled")).toBool(true));
}

QHttpServerResponse ToxiproxyApi::createProxy(const QHttpServerRequest &request)
{
    const auto body = jsonObject(request);
    if (!body)
        return errorResponse(400, QStringLiteral("bad request body: expected a JSON object"));
    if (const auto failure = applyProxy(*body, false))
        return errorResponse(*failure);
    return QHttpServerResponse(proxyJson(*m_engine.session().proxy(body->value(QStringLiteral("name")).toString())), Status::Created);
}

QHttpServerResponse ToxiproxyApi::populate(const QHttpServerRequest &request)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(request.body(), &error);
    if (error.error != QJsonParseError::NoError || !document.isArray())
        return errorResponse(400, QStringLiteral("bad request body: expected a JSON array of proxies"));
    QJsonArray made;
    for (const QJsonValue &value : document.array()) {
        if (const auto failure = applyProxy(value.toObject(), true))
            return errorResponse(*failure);
        made.append(proxyJson(*m_engine.session().proxy(value.toObject().value(QStringLiteral("name")).toString())));
    }
    return QHttpServerResponse(QJsonObject{{QStringLiteral("proxies"), made}}, Status::Created);
}

QHttpServerResponse ToxiproxyApi::showProxy(const QString &name) const
{
    const ProxyDefinition *proxy = m_engine.session().proxy(name);
    return proxy ? QHttpServerResponse(proxyJson(*proxy)) : errorResponse(404, QStringLiteral("proxy not found"));
}

QHttpServerResponse ToxiproxyApi::updateProxy(const QString &name, const QHttpServerRequest &request)
{
    const ProxyDefinition *proxy = m_engine.session().proxy(name);
    if (!proxy)
        return errorResponse(404, QStringLiteral("proxy not found"));
    auto body = jsonObject(request);
    if (!body)
        return errorResponse(400, QStringLiteral("bad request body: expected a JSON object"));
    // Fields not given keep their values.
    const QJsonObject now = proxyJson(*proxy);
    for (const char *key : {"listen", "upstream", "enabled"}) {
        if (!body->contains(QLatin1String(key)))
            body->insert(QLatin1String(key), now.value(QLatin1String(key)));
    }
    if (proxy->upstreamServer.size() > 0 && body->value(QStringLiteral("upstream")) == now.value(QStringLiteral("upstream")))
        body->insert(QStringLiteral("upstream"), proxy->upstreamServer);
    body->insert(QStringLiteral("name"), name);
    if (const auto failure = applyProxy(*body, true))
        return errorResponse(*failure);
    return QHttpServerResponse(proxyJson(*m_engine.session().proxy(name)));
}

QHttpServerResponse ToxiproxyApi::deleteProxy(const QString &name)
{
    if (!m_engine.session().proxy(name))
        return errorResponse(404, QStringLiteral("proxy not found"));
    m_engine.stopProxy(name);
    Session session = m_engine.session();
    session.proxies.removeIf([&](const ProxyDefinition &p) { return p.name == name; });
    m_engine.setSession(session);
    Q_EMIT proxiesChanged();
    return QHttpServerResponse(Status::NoContent);
}

QHttpServerResponse ToxiproxyApi::listToxics(const QString &name) const
{
    const ProxyDefinition *proxy = m_engine.session().proxy(name);
    if (!proxy)
        return errorResponse(404, QStringLiteral("proxy not found"));
    return QHttpServerResponse(proxyJson(*proxy).value(QStringLiteral("toxics")).toArray());
}

QHttpServerResponse ToxiproxyApi::createToxic(const QString &name, const QHttpServerRequest &request)
{
    const ProxyDefinition *found = m_engine.session().proxy(name);
    if (!found)
        return errorResponse(404, QStringLiteral("proxy not found"));
    const auto body = jsonObject(request);
    if (!body)
        return errorResponse(400, QStringLiteral("bad request body: expected a JSON object"));
    QString why;
    const auto toxic = Toxic::fromJson(*body, &why);
    if (!toxic)
        return errorResponse(400, why);
    ProxyDefinition proxy = *found;
    for (const Toxic &existing : std::as_const(proxy.config.toxics)) {
        if (existing.name == toxic->name)
            return errorResponse(409, QStringLiteral("toxic already exists"));
    }
    proxy.config.toxics.append(*toxic);
    if (const auto failure = storeProxy(proxy, m_engine.proxyState(name) == TcpProxy::State::Running))
        return errorResponse(*failure);
    return QHttpServerResponse(toxic->toJson());
}

QHttpServerResponse ToxiproxyApi::showToxic(const QString &name, const QString &toxic) const
{
    const ProxyDefinition *proxy = m_engine.session().proxy(name);
    if (!proxy)
        return errorResponse(404, QStringLiteral("proxy not found"));
    for (const Toxic &t : proxy->config.toxics) {
        if (t.name == toxic)
            return QHttpServerResponse(t.toJson());
    }
    return errorResponse(404, QStringLiteral("toxic not found"));
}

QHttpServerResponse ToxiproxyApi::updateToxic(const QString &name, const QString &toxicName, const QHttpServerRequest &request)
{
    const ProxyDefinition *found = m_engine.session().proxy(name);
    if (!found)
        return errorResponse(404, QStringLiteral("proxy not found"));
    const auto body = jsonObject(request);
    if (!body)
        return errorResponse(400, QStringLiteral("bad request body: expected a JSON object"));
    ProxyDefinition proxy = *found;
    for (Toxic &toxic : proxy.config.toxics) {
        if (toxic.name != toxicName)
            continue;
        // What the body says over what the toxic has: its attributes one by one, its toxicity.
        QJsonObject merged = toxic.toJson();
        QJsonObject attributes = merged.value(QStringLiteral("attributes")).toObject();
        const QJsonObject given = body->value(QStringLiteral("attributes")).toObject();
        for (auto it = given.begin(); it != given.end(); ++it)
            attributes.insert(it.key(), it.value());
        merged.insert(QStringLiteral("attributes"), attributes);
        if (body->contains(QStringLiteral("toxicity")))
            merged.insert(QStringLiteral("toxicity"), body->value(QStringLiteral("toxicity")));
        QString why;
        const auto updated = Toxic::fromJson(merged, &why);
        if (!updated)
            return errorResponse(400, why);
        toxic = *updated;
        if (const auto failure = storeProxy(proxy, m_engine.proxyState(name) == TcpProxy::State::Running))
            return errorResponse(*failure);
        return QHttpServerResponse(updated->toJson());
    }
    return errorResponse(404, QStringLiteral("toxic not found"));
}

QHttpServerResponse ToxiproxyApi::deleteToxic(const QString &name, const QString &toxic)
{
    const ProxyDefinition *found = m_engine.session().proxy(name);
    if (!found)
        return errorResponse(404, QStringLiteral("proxy not found"));
    ProxyDefinition proxy = *found;
    if (proxy.config.toxics.removeIf([&](const Toxic &t) { return t.name == toxic; }) == 0)
        return errorResponse(404, QStringLiteral("toxic not found"));
    if (const auto failure = storeProxy(proxy, m_engine.proxyState(name) == TcpProxy::State::Running))
        return errorResponse(*failure);
    return QHttpServerResponse(Status::NoContent);
}

QHttpServerResponse ToxiproxyApi::reset()
{
    // Every proxy enabled, every toxic removed.
    const QList<ProxyDefinition> proxies = m_engine.session().proxies;
    for (ProxyDefinition proxy : proxies) {
        proxy.config.toxics.clear();
        if (const auto failure = storeProxy(proxy, true))
            return errorResponse(*failure);
    }
    return QHttpServerResponse(Status::NoContent);
}

} // namespace NetCore
