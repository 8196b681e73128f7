// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "capture/capture.h"

#include <QFile>
#include <QString>

#include <memory>

namespace NetCore {

/**
 * A capture file as a proxy writes it, on its owner's thread: the header, then the
 * lines its I/O threads recorded, each interval. At the size limit it ends with a
 * "limit" line (whole lines only); a write that fails (a full disk) ends it with the
 * reason. Either way what was written stays readable and forwarding goes on.
 */
class CaptureWriter
{
public:
    enum class Result { Written, LimitReached, Failed, Closed };

    /** Creates `path` (replacing it) and writes the header; false with the reason. */
    bool open(const QString &path, qint64 limit, const Capture &header, QString *error);
    /** Appends whole lines (`timeNs`: now, since the capture started, for a limit line). */
    Result append(const QByteArray &lines, qint64 timeNs, QString *error);
    void close();

    bool isOpen() const { return m_file != nullptr; }
    bool reachedLimit() const { return m_reachedLimit; }
    qint64 bytesWritten() const { return m_written; }
    QString path() const { return m_path; }

private:
    bool write(const QByteArray &bytes, QString *error);

    std::unique_ptr<QFile> m_file;
    QString m_path;
    qint64 m_limit = 0;
    qint64 m_written = 0;
    bool m_reachedLimit = false;
};

} // namespace NetCore
