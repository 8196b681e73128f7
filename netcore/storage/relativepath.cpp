// SPDX-License-Identifier: GPL-3.0-or-later
#include "storage/relativepath.h"

#include <QDir>

namespace NetCore {

QString resolveRelativePath(const QString &path, const QString &directory)
{
    if (directory.isEmpty() || path.isEmpty() || QDir::isAbsolutePath(path))
        return path;
    return QDir::cleanPath(QDir(directory).filePath(path));
}

} // namespace NetCore
