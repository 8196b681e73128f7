// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "scenario/liveintervalmerge.h"

#include <QFile>
#include <QList>
#include <QObject>
#include <QStringList>
#include <QTimer>

#include <memory>
#include <vector>

namespace NetCore {

/**
 * Follows the interval logs other processes are writing (the agents of --processes)
 * and merges them as they grow: a poll reads each log's new bytes (a log that does
 * not exist yet is looked for again), and merged() hands out the intervals every
 * writer has moved past. Lives on the owner's thread; reading a few kilobytes a
 * poll costs nothing beside the agents' own work.
 */
class IntervalLogFollower : public QObject
{
    Q_OBJECT

public:
    explicit IntervalLogFollower(const QStringList &paths, QObject *parent = nullptr);
    ~IntervalLogFollower() override;

    void start(int pollMs = 200);
    /** The writer of `part` has ended: what it wrote last is read, and it holds nothing back any more. */
    void finishPart(int part);

Q_SIGNALS:
    void merged(const QList<NetCore::IntervalLogMerge::MergedInterval> &intervals);
    /** A log does not read as Wirebench's (it is left out of the live figures from then on). */
    void unreadable(int part, const QString &error);

private:
    void poll();
    /** Reads part's new bytes (up to 4 MiB); false when there were none. */
    bool readNew(int part);

    QStringList m_paths;
    std::vector<std::unique_ptr<QFile>> m_files;
    LiveIntervalMerge m_merge;
    QTimer m_timer;
};

} // namespace NetCore
