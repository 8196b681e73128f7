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

} // namespace RealServer
