// SPDX-License-Identifier: GPL-3.0-or-later
#include "io/directio.h"

#include <QTcpSocket>

#include <cerrno>

#include <sys/socket.h>

namespace NetCore {

qsizetype receiveDirect(int fd, QByteArray &buffer)
{
    for (;;) {
        const ssize_t received = ::recv(fd, buffer.data(), size_t(buffer.size()), 0);
        if (received > 0)
            return qsizetype(received);
        if (received < 0 && errno == EINTR)
            continue;
        if (received < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            return NothingToReceive;
        return PeerGone;
    }
}

bool sendBypassingQt(QTcpSocket &socket, int fd, QByteArrayView data, bool qtHasOutput)
{
    if (data.isEmpty())
        return qtHasOutput;
    qsizetype sent = 0;
    if (!qtHasOutput && fd >= 0) {
        ssize_t written;
        do {
            written = ::send(fd, data.data(), size_t(data.size()), MSG_NOSIGNAL | MSG_DONTWAIT);
        } while (written < 0 && errno == EINTR);
        sent = written > 0 ? written : 0;
    }
    if (sent == data.size())
        return false;
    // A failed connection is left to Qt too: its write reports the error.
    socket.write(data.data() + sent, data.size() - sent);
    return socket.bytesToWrite() > 0;
}

} // namespace NetCore
