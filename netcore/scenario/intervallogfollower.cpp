// SPDX-License-Identifier: GPL-3.0-or-later
#include "scenario/intervallogfollower.h"

namespace NetCore {

IntervalLogFollower::IntervalLogFollower(const QStringList &paths, QObject *parent)
    : QObject(parent)
    , m_paths(paths)
    , m_merge(int(paths.size()))
{
    for (qsizetype i = 0; i < paths.size(); ++i)
        m_files.push_back(std::make_unique<QFile>(paths[i]));
    connect(&m_timer, &QTimer::timeout, this, &IntervalLogFollower::poll);
}

IntervalLogFollower::~IntervalLogFollower() = default;

void IntervalLogFollower::start(int pollMs)
{
    m_timer.start(pollMs);
}

void IntervalLogFollower::finishPart(int part)
{
    while (readNew(part)) {
    }
    m_merge.finishPart(part);
    poll();
}

void IntervalLogFollower::poll()
{
    for (int i = 0; i < int(m_files.size()); ++i)
        readNew(i);
    const QList<IntervalLogMerge::MergedInterval> ready = m_merge.takeReady();
    if (!ready.isEmpty())
        Q_EMIT merged(ready);
}

bool IntervalLogFollower::readNew(int part)
{
    QFile &file = *m_files[size_t(part)];
    if (!file.isOpen() && !file.open(QIODevice::ReadOnly))
        return false; // not made yet
    // A bounded read a poll: a log far behind catches up over the next polls.
    const QByteArray bytes = file.read(4 * 1024 * 1024);
    if (bytes.isEmpty())
        return false;
    QString error;
    if (!m_merge.addText(part, bytes, &error)) {
        if (!error.isEmpty()) // said once: the part is ignored from then on
            Q_EMIT unreadable(part, QStringLiteral("%1: %2").arg(m_paths[part], error));
        return false;
    }
    return true;
}

} // namespace NetCore
