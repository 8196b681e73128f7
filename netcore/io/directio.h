// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QByteArrayView>

class QTcpSocket;

namespace NetCore {

// A connection's own reads and writes, past Qt's socket API (see ServerConnection).

/** What receiveDirect() found besides bytes. */
inline constexpr qsizetype NothingToReceive = 0;  // the kernel holds nothing now
inline constexpr qsizetype PeerGone = -1;         // the peer closed, or the connection failed

/**
 * One recv() into `buffer` (its whole size), retried when a signal interrupts it:
 * the bytes received, NothingToReceive or PeerGone. recv(), not read(): a socket's
 * read() goes through the file layer first (fdget_pos, vfs_read).
 */
qsizetype receiveDirect(int fd, QByteArray &buffer);

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
