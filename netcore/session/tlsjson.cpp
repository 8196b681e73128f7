// SPDX-License-Identifier: GPL-3.0-or-later
#include "session/tlsjson.h"

#include "session/jsonreader.h"

namespace NetCore::TlsJson {

namespace {

QString readMinVersion(JsonReader &reader, const QJsonObject &object, const QString &path)
{
    const QString version = reader.string(object, path, "min_version");
    if (!version.isEmpty() && version != QLatin1String("1.2") && version != QLatin1String("1.3"))
        reader.error(JsonReader::join(path, "min_version"), QStringLiteral("'%1' is not \"1.2\" or \"1.3\"").arg(version));
    return version;
}

void putText(QJsonObject &object, const char *key, const QString &value)
{
    if (!value.isEmpty())
        object.insert(QLatin1String(key), value);
}

void checkPair(JsonReader &reader, const QString &path, const QString &cert, const QString &key)
{
    if (cert.isEmpty() != key.isEmpty())
        reader.error(path, QStringLiteral("cert and key go together"));
}

} // namespace

TlsClientSettings readClient(JsonReader &reader, const QJsonObject &object, const QString &path)
{
    reader.onlyKeys(object, path, {"ca", "insecure", "sni", "alpn", "cert", "key", "min_version", "ciphers", "resume"});
    TlsClientSettings tls;
    tls.enabled = true;
    tls.caFile = reader.string(object, path, "ca");
    tls.insecure = reader.boolean(object, path, "insecure", false);
    if (tls.insecure && !tls.caFile.isEmpty())
        reader.error(path, QStringLiteral("insecure verifies nothing: ca would not be used"));
    tls.serverName = reader.string(object, path, "sni");
    tls.alpn = reader.string(object, path, "alpn").toLatin1();
    tls.certFile = reader.string(object, path, "cert");
    tls.keyFile = reader.string(object, path, "key");
    checkPair(reader, path, tls.certFile, tls.keyFile);
    tls.minVersion = readMinVersion(reader, object, path);
    tls.ciphers = reader.string(object, path, "ciphers").toLatin1();
    tls.resume = reader.boolean(object, path, "resume", false);
    return tls;
}

QJsonObject writeClient(const TlsClientSettings &tls)
{
    QJsonObject o;
    putText(o, "ca", tls.caFile);
    if (tls.insecure)
        o.insert(QStringLiteral("insecure"), true);
    putText(o, "sni", tls.serverName);
    putText(o, "alpn", QString::fromLatin1(tls.alpn));
    putText(o, "cert", tls.certFile);
    putText(o, "key", tls.keyFile);
    putText(o, "min_version", tls.minVersion);
    putText(o, "ciphers", QString::fromLatin1(tls.ciphers));
    if (tls.resume)
        o.insert(QStringLiteral("resume"), true);
    return o;
}

TlsServerSettings readServer(JsonReader &reader, const QJsonObject &object, const QString &path)
{
    reader.onlyKeys(object, path, {"cert", "key", "client_ca", "alpn", "min_version"});
    TlsServerSettings tls;
    tls.enabled = true;
    tls.certFile = reader.string(object, path, "cert");
    tls.keyFile = reader.string(object, path, "key");
    checkPair(reader, path, tls.certFile, tls.keyFile);
    tls.clientCaFile = reader.string(object, path, "client_ca");
    tls.alpn = reader.string(object, path, "alpn").toLatin1();
    tls.minVersion = readMinVersion(reader, object, path);
    return tls;
}

QJsonObject writeServer(const TlsServerSettings &tls)
{
    QJsonObject o;
    putText(o, "cert", tls.certFile);
    putText(o, "key", tls.keyFile);
    putText(o, "client_ca", tls.clientCaFile);
    putText(o, "alpn", QString::fromLatin1(tls.alpn));
    putText(o, "min_version", tls.minVersion);
    return o;
}

} // namespace NetCore::TlsJson
