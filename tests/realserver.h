// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// For tests against real servers no one here wrote (memcached, mosquitto): a port to
// start one on, waiting until it accepts, and an example session pointed at it.

#include <QByteArray>
#include <QFile>
#include <QString>
#include <QTcpServer>
#include <QTcpSocket>

namespace RealServer {

/** A loopback port free now (the server is then started on it; few have a port 0 to report). */
inline quint16 freeLoopbackPort()
{
    QTcpServer probe;
    return probe.listen(QHostAddress::LocalHost, 0) ? probe.serverPort() : 0;
}

/** One attempt: true if something accepts a connection on `port` (use within QTRY_VERIFY). */
inline bool accepts(quint16 port)
{
    QTcpSocket client;
    client.connectToHost(QHostAddress::LocalHost, port);
    return client.waitForConnected(200);
}

/**
 * Copies the example session at `examplePath` to `target`, its fleets' target
 * `127.0.0.1:DEFAULT_PORT` replaced by `port`; false with `error` if it has none.
 */
inline bool examplePointedAt(const QString &examplePath, quint16 defaultPort, quint16 port, const QString &target,
                             QString *error)
{
    QFile example(examplePath);
    if (!example.open(QIODevice::ReadOnly)) {
        *error = example.errorString();
        return false;
    }
    QByteArray session = example.readAll();
    const QByteArray from = QStringLiteral("127.0.0.1:%1\"").arg(defaultPort).toUtf8();
    if (!session.contains(from)) {
        *error = QStringLiteral("%1 does not target %2").arg(examplePath, QString::fromUtf8(from));
        return false;
    }
    session.replace(from, QStringLiteral("127.0.0.1:%1\"").arg(port).toUtf8());
    QFile copy(target);
    if (!copy.open(QIODevice::WriteOnly) || copy.write(session) != session.size()) {
        *error = copy.errorString();
        return false;
    }
    return true;
}

/**
 * An nginx.conf for a test's own nginx in `folder` (its pid and temporary files there,
 * nothing under /var, no access log): one worker, `http` inside the http block.
 */
inline QByteArray nginxConfig(const QByteArray &folder, int workerConnections, const QByteArray &http)
{
    return "worker_processes 1;\n"
           "pid " + folder + "/nginx.pid;\n"
           "events { worker_connections " + QByteArray::number(workerConnections) + "; }\n"
           "http {\n"
           "  access_log off;\n"
           "  client_body_temp_path " + folder + "; proxy_temp_path " + folder + "; fastcgi_temp_path " + folder + ";\n"
           "  uwsgi_temp_path " + folder + "; scgi_temp_path " + folder + ";\n"
        + http + "}\n";
}

} // namespace RealServer
