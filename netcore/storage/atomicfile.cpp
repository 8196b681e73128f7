// SPDX-License-Identifier: GPL-3.0-or-later
#include "storage/atomicfile.h"

#include <QSaveFile>

#include <cerrno>
#include <cstring>

namespace NetCore {

bool writeFileAtomically(const QString &path, QByteArrayView bytes, QString *error)
{
    QSaveFile file(path);
    auto fail = [&] {
        if (error)
            *error = QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
        file.cancelWriting();
        return false;
    };
    if (!file.open(QIODevice::WriteOnly))
        return fail();
    errno = 0;
    const qint64 written = file.write(bytes.data(), bytes.size());
    if (written != bytes.size()) {
        // Qt reports no error for a write that stopped part way; the system call did.
        const int cause = errno;
        if (error)
            *error = QStringLiteral("cannot write %1: only %2 of %3 bytes went to disk: %4")
                         .arg(path)
                         .arg(std::max<qint64>(written, 0))
                         .arg(bytes.size())
                         .arg(QString::fromLocal8Bit(std::strerror(cause ? cause : EIO)));
        file.cancelWriting();
        return false;
    }
    errno = 0;
    if (!file.flush() || file.error() != QFileDevice::NoError) {
        // Qt 6.4 sets the error code here but not always its text: name the cause.
        const int cause = errno;
        if (error)
            *error = QStringLiteral("cannot write %1: %2")
                         .arg(path, cause ? QString::fromLocal8Bit(std::strerror(cause)) : file.errorString());
        file.cancelWriting();
        return false;
    }
    if (!file.commit()) {
        if (error)
            *error = QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

} // namespace NetCore
