// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QtGlobal>

class QTcpSocket;

namespace NetCore {

// Wraps an accepted descriptor in `socket` the way connectToHost() leaves a client
// socket: unbuffered, so a read goes straight to the kernel. Qt's public API only
// offers buffered adoption, which costs an ioctl(FIONREAD) and a copy through Qt's
// ring buffer on every readiness: a third system call per echoed frame.
// Returns false (and leaves the descriptor open) when Qt refuses it.
bool adoptDescriptorUnbuffered(QTcpSocket &socket, qintptr descriptor);

/**
 * Stops Qt from watching `socket` for reading: its owner reads the descriptor
 * itself (one notifier, one read(), no readyRead() chain per readiness). Qt's
 * write path, close and abort stay as they are.
 */
void stopQtReadNotifications(QTcpSocket &socket);

} // namespace NetCore
