// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArrayView>
#include <QString>

namespace NetCore {

/**
 * Replaces the file at `path` with `bytes`, all or nothing: written beside it, then
 * renamed over it, so a reader never sees half a file and the old one survives a
 * failure. False with `error` ("cannot write PATH: reason") if anything failed.
 *
 * Why not QSaveFile::commit() alone: in Qt 6.4 a write that stops part way (a full
 * disk, a file size limit) is reported by flush() but commit() still succeeds and
 * renames the truncated file into place. Here the flush is checked first.
 */
bool writeFileAtomically(const QString &path, QByteArrayView bytes, QString *error);

} // namespace NetCore
