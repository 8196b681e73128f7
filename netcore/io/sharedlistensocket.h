// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHostAddress>
#include <QString>

namespace NetCore {

/**
 * A listening TCP socket several processes can hold on one address and port
 * (SO_REUSEPORT): the kernel spreads new connections over them, each process
 * accepting its own (`wirebench serve --processes N`). Non-blocking and close-on-exec,
 * for QTcpServer::setSocketDescriptor. -1 with `error` ("cannot listen on
 * 127.0.0.1:7000: Address already in use") when it cannot be made.
 */
int openSharedListenSocket(const QHostAddress &address, quint16 port, int backlog, QString *error);
/** The same without SO_REUSEPORT (SO_REUSEADDR only): a socket bound at once, on the caller's thread. */
int openListenSocket(const QHostAddress &address, quint16 port, int backlog, bool sharePort, QString *error);

} // namespace NetCore
