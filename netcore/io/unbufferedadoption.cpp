// SPDX-License-Identifier: GPL-3.0-or-later

// The private header below uses the `emit` keyword that netcore otherwise turns off.
#undef QT_NO_KEYWORDS

#include "io/unbufferedadoption.h"

#include <QTcpSocket>

// Qt's private header: the one switch connectToHost() flips is not public. Debian
// ships it in qt6-base-private-dev, pinned to the exact Qt version we build with.
#include <QtNetwork/private/qabstractsocket_p.h>
#include <QtNetwork/private/qabstractsocketengine_p.h>

namespace NetCore {

bool adoptDescriptorUnbuffered(QTcpSocket &socket, qintptr descriptor)
{
    auto *d = static_cast<QAbstractSocketPrivate *>(QObjectPrivate::get(&socket));
    d->isBuffered = false;
    return socket.setSocketDescriptor(descriptor, QAbstractSocket::ConnectedState,
                                      QIODevice::ReadWrite | QIODevice::Unbuffered);
}

void stopQtReadNotifications(QTcpSocket &socket)
{
    auto *d = static_cast<QAbstractSocketPrivate *>(QObjectPrivate::get(&socket));
    if (d->socketEngine)
        d->socketEngine->setReadNotificationEnabled(false);
}

} // namespace NetCore
