// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArrayView>

class QTcpSocket;

namespace NetCore {

/**
 * Sends `data` with one send() on `socket`'s descriptor `fd`, skipping Qt's write
 * path, unless Qt still holds earlier output (`qtHasOutput`): then, and for whatever
 * the kernel refuses, the bytes queue in Qt behind it, which sends them when the
 * socket can take more (and emits bytesWritten()). Returns whether Qt holds output
 * afterwards; the caller keeps that flag, since asking the socket costs a cache miss.
 * A negative `fd` (a descriptor given up) leaves everything to Qt.
 */
bool sendBypassingQt(QTcpSocket &socket, int fd, QByteArrayView data, bool qtHasOutput);

} // namespace NetCore
