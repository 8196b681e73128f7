// SPDX-License-Identifier: GPL-3.0-or-later
#include "capture/capturewriter.h"

#include "capture/capturefile.h"

namespace NetCore {

bool CaptureWriter::open(const QString &path, qint64 limit, const Capture &header, QString *error)
{
    close();
    m_path = path;
    m_limit = limit;
    m_written = 0;
    m_reachedLimit = false;
    m_file = std::make_unique<QFile>(path);
    if (!m_file->open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        if (error)
            *error = QStringLiteral("cannot record to %1: %2").arg(path, m_file->errorString());
        m_file.reset();
        return false;
    }
    return write(CaptureFile::headerLine(header), error);
}

CaptureWriter::Result CaptureWriter::append(const QByteArray &lines, qint64 timeNs, QString *error)
{
    if (!m_file)
        return Result::Closed;
    if (lines.isEmpty())
        return Result::Written;
    const QByteArray limitLine = CaptureFile::limitLine(timeNs);
    if (m_written + lines.size() + limitLine.size() <= m_limit)
        return write(lines, error) ? Result::Written : Result::Failed;
    // Whole lines up to the limit (keeping room for the line that says so), then the end.
    const qsizetype room = qsizetype(std::max<qint64>(0, m_limit - m_written - limitLine.size()));
    const qsizetype cut = room > 0 ? lines.lastIndexOf('\n', room - 1) + 1 : 0;
    if (!write(lines.first(cut), error) || !write(limitLine, error))
        return Result::Failed;
    m_reachedLimit = true;
    close();
    return Result::LimitReached;
}

bool CaptureWriter::write(const QByteArray &bytes, QString *error)
{
    if (bytes.isEmpty())
        return true;
    if (m_file->write(bytes) != bytes.size() || !m_file->flush()) {
        if (error)
            *error = QStringLiteral("cannot write %1: %2; the capture ends here").arg(m_path, m_file->errorString());
        close();
        return false;
    }
    m_written += bytes.size();
    return true;
}

void CaptureWriter::close()
{
    if (m_file)
        m_file->close();
    m_file.reset();
}

} // namespace NetCore
