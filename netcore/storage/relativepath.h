// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace NetCore {

/**
 * `path` as the file system should see it: an absolute path as it is, a relative one
 * inside `directory` (when that is empty, the working folder's, as the path stands).
 *
 * A session resolves what it reads (rules files) against its own folder, as
 * docker-compose does, and what a run writes (reports) against the output folder.
 */
QString resolveRelativePath(const QString &path, const QString &directory);

} // namespace NetCore
