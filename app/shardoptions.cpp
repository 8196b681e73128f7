// SPDX-License-Identifier: GPL-3.0-or-later
#include "shardoptions.h"

#include "optionreader.h"

#include <QCommandLineParser>
#include <QDateTime>

QList<QCommandLineOption> shardOptions()
{
    return {
        {QStringLiteral("shard"),
         QStringLiteral("Run part I of N of the fleets (0-based: 0/3, 1/3, 2/3): connections, rates and budgets shared "
                        "out exactly. Merge the parts' --hlog logs with wirebench merge."),
         QStringLiteral("I/N")},
        {QStringLiteral("shard-count"),
         QStringLiteral("As --shard, with I read from JOB_COMPLETION_INDEX (a Kubernetes Indexed Job's)."), QStringLiteral("N")},
        {QStringLiteral("start-at"),
         QStringLiteral("Connect first, then start sending at this instant (epoch milliseconds or an ISO 8601 time, UTC "
                        "unless it says): parts on several machines start together."),
         QStringLiteral("TIME")},
    };
}

ShardSettings readShardOptions(const QCommandLineParser &parser, OptionReader &options, const QProcessEnvironment &environment)
{
    ShardSettings shard;
    if (parser.isSet(QStringLiteral("shard")) && parser.isSet(QStringLiteral("shard-count")))
        options.fail(QStringLiteral("--shard and --shard-count exclude each other"));
    if (parser.isSet(QStringLiteral("shard"))) {
        const QStringList parts = parser.value(QStringLiteral("shard")).split(QLatin1Char('/'));
        bool indexOk = false;
        bool countOk = false;
        const int index = parts.size() == 2 ? parts[0].toInt(&indexOk) : -1;
        const int count = parts.size() == 2 ? parts[1].toInt(&countOk) : 0;
        if (!indexOk || !countOk || count < 1 || count > 100'000 || index < 0 || index >= count)
            options.fail(QStringLiteral("--shard takes I/N with 0 <= I < N (0/3, 1/3, 2/3), not '%1'").arg(parser.value(QStringLiteral("shard"))));
        else
            shard = ShardSettings{index, count, 0};
    } else if (parser.isSet(QStringLiteral("shard-count"))) {
        const auto count = int(options.integer(QStringLiteral("shard-count"), 1, 100'000, 1));
        const QString indexText = environment.value(QStringLiteral("JOB_COMPLETION_INDEX"));
        bool indexOk = false;
        const int index = indexText.toInt(&indexOk);
        if (indexText.isEmpty())
            options.fail(QStringLiteral("--shard-count needs JOB_COMPLETION_INDEX (set by a Kubernetes Indexed Job); use --shard I/N elsewhere"));
        else if (!indexOk || index < 0 || index >= count)
            options.fail(QStringLiteral("JOB_COMPLETION_INDEX is '%1', not a shard from 0 to %2").arg(indexText).arg(count - 1));
        else
            shard = ShardSettings{index, count, 0};
    }
    if (parser.isSet(QStringLiteral("start-at"))) {
        const QString text = parser.value(QStringLiteral("start-at")).trimmed();
        bool isNumber = false;
        const qint64 milliseconds = text.toLongLong(&isNumber);
        QDateTime when = isNumber ? QDateTime::fromMSecsSinceEpoch(milliseconds, Qt::UTC) : QDateTime::fromString(text, Qt::ISODateWithMs);
        if (!isNumber && when.isValid() && when.timeSpec() == Qt::LocalTime)
            when.setTimeSpec(Qt::UTC); // no offset given: UTC, the same on every machine
        if (!when.isValid() || when.toMSecsSinceEpoch() <= 0)
            options.fail(QStringLiteral("--start-at takes epoch milliseconds or an ISO 8601 time (2026-12-02T10:00:00Z), not '%1'").arg(text));
        else
            shard.startAtMsSinceEpoch = when.toMSecsSinceEpoch();
    }
    return shard;
}
