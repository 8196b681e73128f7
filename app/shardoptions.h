// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QCommandLineOption>
#include <QList>
#include <QProcessEnvironment>

class OptionReader;
class QCommandLineParser;

/** Which part of a distributed run this process is, and when it starts. */
struct ShardSettings {
    int index = 0;                // 0-based
    int count = 1;                // 1: the whole run
    qint64 startAtMsSinceEpoch = 0; // 0: at once
};

/**
 * --shard I/N (0-based: 0/3, 1/3, 2/3), --shard-count N (the index from
 * JOB_COMPLETION_INDEX, as a Kubernetes Indexed Job sets it), and --start-at TIME
 * (epoch milliseconds, or an ISO 8601 time; UTC unless it says otherwise).
 */
QList<QCommandLineOption> shardOptions();
ShardSettings readShardOptions(const QCommandLineParser &parser, OptionReader &options,
                               const QProcessEnvironment &environment = QProcessEnvironment::systemEnvironment());
