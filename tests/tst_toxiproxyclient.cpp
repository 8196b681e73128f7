// SPDX-License-Identifier: GPL-3.0-or-later
// `wirebench proxy --api`: Toxiproxy's HTTP API as its own client library uses it
// (toxiproxy-node-client from the npm registry, run by Node.js, in front of Debian's
// redis-server: tests/toxiproxy-client/latency.js), and the API's status codes and
// bodies for what that script does not do (conflicts, bad requests, populate, reset).

#include "realserver.h"

#include <QDir>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTest>

namespace {

const QString ClientFolder = QStringLiteral(WIREBENCH_SOURCE_DIR "/tests/toxiproxy-client");

struct Answer {
    int status = 0;
    QByteArray body;
    QJsonObject object() const { return QJsonDocument::fromJson(body).object(); }
};

} // namespace

class tst_ToxiproxyClient : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void theNodeClientDrivesTheProxy();
    void statusCodesAreToxiproxys();
    void cleanupTestCase();

private:
    Answer request(const QByteArray &method, const QString &path, const QByteArray &body = {});

    QProcess m_redis;
    QProcess m_wirebench;
    quint16 m_redisPort = 0;
    quint16 m_apiPort = 0;
    QNetworkAccessManager m_network;
};

void tst_ToxiproxyClient::initTestCase()
{
    QString redis = QStandardPaths::findExecutable(QStringLiteral("redis-server"));
    if (redis.isEmpty())
        QFAIL("redis-server is not installed: packaging/dev.sh test installs Debian's redis-server");
    m_redisPort = RealServer::freeLoopbackPort();
    m_redis.start(redis, {QStringLiteral("--port"), QString::number(m_redisPort), QStringLiteral("--bind"), QStringLiteral("127.0.0.1"),
                          QStringLiteral("--save"), QString(), QStringLiteral("--appendonly"), QStringLiteral("no")});
    QTRY_VERIFY_WITH_TIMEOUT(RealServer::accepts(m_redisPort), 10'000);
    m_wirebench.start(QStringLiteral(WIREBENCH_EXECUTABLE), {QStringLiteral("proxy"), QStringLiteral("--api"), QStringLiteral("127.0.0.1:0"),
                                                            QStringLiteral("--threads"), QStringLiteral("1")});
    static const QRegularExpression listening(QStringLiteral("Toxiproxy API listening on 127\\.0\\.0\\.1:(\\d+)"));
    QByteArray output;
    QTRY_VERIFY_WITH_TIMEOUT((output += m_wirebench.readAllStandardOutput(), listening.match(QString::fromUtf8(output)).hasMatch()), 10'000);
    m_apiPort = quint16(listening.match(QString::fromUtf8(output)).captured(1).toUInt());
}

void tst_ToxiproxyClient::theNodeClientDrivesTheProxy()
{
    const QString node = QStandardPaths::findExecutable(QStringLiteral("node"));
    if (node.isEmpty())
        QFAIL("node is not installed: packaging/dev.sh test installs Debian's nodejs when there is none");
    if (!QDir(ClientFolder + QStringLiteral("/node_modules/toxiproxy-node-client")).exists())
        QFAIL("toxiproxy-node-client is not installed: packaging/dev.sh test runs npm ci in tests/toxiproxy-client");
    QProcess script;
    script.setWorkingDirectory(ClientFolder);
    script.start(node, {QStringLiteral("latency.js"), QStringLiteral("http://127.0.0.1:%1").arg(m_apiPort), QString::number(m_redisPort)});
    QVERIFY(script.waitForFinished(60'000));
    const QByteArray said = script.readAllStandardOutput() + script.readAllStandardError();
    QVERIFY2(script.exitCode() == 0, said.constData());
    QVERIFY2(said.contains("ok: a PING with 300 ms latency") && said.contains("ok: the proxy is deleted"), said.constData());
}

Answer tst_ToxiproxyClient::request(const QByteArray &method, const QString &path, const QByteArray &body)
{
    QNetworkRequest request(QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(m_apiPort).arg(path)));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
    QNetworkReply *reply = m_network.sendCustomRequest(request, method, body);
    QEventLoop loop;
    connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    Answer answer{reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), reply->readAll()};
    reply->deleteLater();
    return answer;
}

void tst_ToxiproxyClient::statusCodesAreToxiproxys()
{
    const QByteArray upstream = "127.0.0.1:" + QByteArray::number(m_redisPort);
    Answer a = request("POST", QStringLiteral("/proxies"), R"({"name": "one", "listen": "127.0.0.1:0", "upstream": ")" + upstream + R"("})");
    QCOMPARE(a.status, 201);
    QCOMPARE(a.object().value(QStringLiteral("enabled")).toBool(), true);
    QCOMPARE(request("POST", QStringLiteral("/proxies"), R"({"name": "one", "upstream": ")" + upstream + R"("})").status, 409);
    a = request("POST", QStringLiteral("/proxies"), R"({"name": "two"})");
    QCOMPARE(a.status, 400);
    QCOMPARE(a.object().value(QStringLiteral("error")).toString(), QStringLiteral("missing required field: upstream"));
    QCOMPARE(a.object().value(QStringLiteral("status")).toInt(), 400);
    QCOMPARE(request("POST", QStringLiteral("/proxies"), "not json").status, 400);
    // Toxics: made, refused twice and when wrong, listed, shown, deleted.
    QCOMPARE(request("POST", QStringLiteral("/proxies/one/toxics"), R"({"type": "latency", "attributes": {"latency": 10}})").status, 200);
    QCOMPARE(request("POST", QStringLiteral("/proxies/one/toxics"), R"({"type": "latency", "attributes": {"latency": 10}})").status, 409);
    a = request("POST", QStringLiteral("/proxies/one/toxics"), R"({"type": "lag"})");
    QCOMPARE(a.status, 400);
    QVERIFY(a.object().value(QStringLiteral("error")).toString().contains(QStringLiteral("unknown toxic type 'lag'")));
    QCOMPARE(QJsonDocument::fromJson(request("GET", QStringLiteral("/proxies/one/toxics")).body).array().size(), 1);
    QCOMPARE(request("GET", QStringLiteral("/proxies/one/toxics/latency_downstream")).status, 200);
    QCOMPARE(request("GET", QStringLiteral("/proxies/one/toxics/nosuch")).status, 404);
    // Disabled: it stops listening; enabled again.
    a = request("POST", QStringLiteral("/proxies/one"), R"({"enabled": false})");
    QCOMPARE(a.status, 200);
    QCOMPARE(a.object().value(QStringLiteral("enabled")).toBool(), false);
    QCOMPARE(a.object().value(QStringLiteral("upstream")).toString(), QString::fromLatin1(upstream));
    // Reset: every proxy enabled, every toxic gone.
    QCOMPARE(request("POST", QStringLiteral("/reset")).status, 204);
    a = request("GET", QStringLiteral("/proxies/one"));
    QCOMPARE(a.object().value(QStringLiteral("enabled")).toBool(), true);
    QCOMPARE(a.object().value(QStringLiteral("toxics")).toArray().size(), 0);
    // Populate: made or replaced, all in one answer.
    a = request("POST", QStringLiteral("/populate"),
                R"([{"name": "one", "upstream": ")" + upstream + R"("}, {"name": "three", "upstream": ")" + upstream + R"("}])");
    QCOMPARE(a.status, 201);
    QCOMPARE(a.object().value(QStringLiteral("proxies")).toArray().size(), 2);
    QCOMPARE(request("DELETE", QStringLiteral("/proxies/three")).status, 204);
    QCOMPARE(request("DELETE", QStringLiteral("/proxies/three")).status, 404);
    QCOMPARE(request("DELETE", QStringLiteral("/proxies/one")).status, 204);
    QCOMPARE(request("GET", QStringLiteral("/proxies")).object(), QJsonObject());
}

void tst_ToxiproxyClient::cleanupTestCase()
{
    m_wirebench.terminate();
    QVERIFY(m_wirebench.waitForFinished(10'000));
    QCOMPARE(m_wirebench.exitCode(), 0);
    m_redis.terminate();
    m_redis.waitForFinished(5000);
}

QTEST_GUILESS_MAIN(tst_ToxiproxyClient)
#include "tst_toxiproxyclient.moc"
