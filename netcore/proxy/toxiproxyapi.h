// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHostAddress>
#include <QJsonObject>
#include <QObject>
#include <QString>

#include <memory>
#include <optional>

class QHttpServer;
class QHttpServerRequest;
class QHttpServerResponse;

namespace NetCore {

class SessionEngine;
struct ProxyDefinition;

/**
 * Toxiproxy's HTTP API over a session's proxies: the endpoints, JSON and status codes
 * its client libraries use (/proxies, /proxies/{name}, /proxies/{name}/toxics,
 * /proxies/{name}/toxics/{toxic}, /populate, /reset, /version), so a test suite that
 * drives Toxiproxy drives Wirebench. Proxies made through it are the engine's: the
 * window shows them, the engine's snapshots count them. Served with Qt HTTP Server,
 * on the engine's thread.
 */
class ToxiproxyApi : public QObject
{
    Q_OBJECT

public:
    /** The Toxiproxy version this API answers as (its contract is that release's). */
    static constexpr char Version[] = "2.9.0";

    explicit ToxiproxyApi(SessionEngine &engine, QObject *parent = nullptr);
    ~ToxiproxyApi() override;

    /** Listens for API requests; the port (the kernel's pick for 0), or 0 with `error`. */
    quint16 listen(const QHostAddress &address, quint16 port, QString *error);

Q_SIGNALS:
    /** The API changed the session's proxies (made, changed or deleted one). */
    void proxiesChanged();

private:
    QHttpServerResponse listProxies() const;
    QHttpServerResponse createProxy(const QHttpServerRequest &request);
    QHttpServerResponse populate(const QHttpServerRequest &request);
    QHttpServerResponse showProxy(const QString &name) const;
    QHttpServerResponse updateProxy(const QString &name, const QHttpServerRequest &request);
    QHttpServerResponse deleteProxy(const QString &name);
    QHttpServerResponse listToxics(const QString &name) const;
    QHttpServerResponse createToxic(const QString &name, const QHttpServerRequest &request);
    QHttpServerResponse showToxic(const QString &name, const QString &toxic) const;
    QHttpServerResponse updateToxic(const QString &name, const QString &toxic, const QHttpServerRequest &request);
    QHttpServerResponse deleteToxic(const QString &name, const QString &toxic);
    QHttpServerResponse reset();

    QJsonObject proxyJson(const ProxyDefinition &proxy) const;
    /** Makes or replaces `name` from a Toxiproxy proxy object; the error's status and text, or nullopt. */
    std::optional<std::pair<int, QString>> applyProxy(const QJsonObject &body, bool replace);
    /** Replaces a proxy's definition in the session, restarting it when where it listens or forwards changed. */
    std::optional<std::pair<int, QString>> storeProxy(const ProxyDefinition &proxy, bool enabled);

    SessionEngine &m_engine;
    std::unique_ptr<QHttpServer> m_server;
};

} // namespace NetCore
