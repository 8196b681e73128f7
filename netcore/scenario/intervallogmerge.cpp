// SPDX-License-Identifier: GPL-3.0-or-later
#include "scenario/intervallogmerge.h"

#include "metrics/hdrhistogramencoding.h"
#include "metrics/intervallogreader.h"
#include "scenario/intervallogrecorder.h"

#include <QFileInfo>

#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <cmath>
#include <memory>
#include <tuple>

namespace NetCore {

namespace {

const QStringList Kinds{QStringLiteral("corrected"), QStringLiteral("uncorrected"), QStringLiteral("connect"),
                        QStringLiteral("handshake"), QStringLiteral("hello")};
constexpr QLatin1StringView CountersPrefix("[Wirebench-Interval: Tag=");

} // namespace

bool IntervalLogMerge::add(const IntervalLog &log, const QString &fallbackFleet, QString *error, int part)
{
    const double base = log.timestampBaseSec();
    QList<Interval> read;
    for (const IntervalLogEntry &entry : log.entries) {
        Interval interval;
        interval.absoluteStartSec = base + entry.startSec;
        interval.lengthSec = entry.lengthSec;
        const QStringList parts = entry.tag.split(QLatin1Char('/'));
        if (parts.size() == 3 && Kinds.contains(parts[2])) {
            interval.fleet = IntervalLogRecorder::decodeName(parts[0]);
            interval.phase = IntervalLogRecorder::decodeName(parts[1]);
            interval.kind = parts[2];
        } else {
            // Another tool's log: latency only, named by its tag.
            interval.fleet = entry.tag.isEmpty() ? fallbackFleet : entry.tag;
            interval.kind = Kinds.first();
        }
        interval.encoded = entry.encoded;
        read.append(std::move(interval));
    }
    for (const QString &comment : log.comments) {
        if (!comment.startsWith(CountersPrefix))
            continue;
        // TAG,START,LENGTH,{json}]
        const QStringView body = QStringView(comment).sliced(CountersPrefix.size());
        const qsizetype first = body.indexOf(QLatin1Char(','));
        const qsizetype second = first < 0 ? -1 : body.indexOf(QLatin1Char(','), first + 1);
        const qsizetype third = second < 0 ? -1 : body.indexOf(QLatin1Char(','), second + 1);
        if (third < 0 || !body.endsWith(QLatin1Char(']'))) {
            if (error)
                *error = QStringLiteral("a Wirebench-Interval line is cut short: %1").arg(comment.left(80));
            return false;
        }
        const QStringList tag = body.first(first).toString().split(QLatin1Char('/'));
        bool startOk = false;
        bool lengthOk = false;
        Interval interval;
        interval.absoluteStartSec = base + body.sliced(first + 1, second - first - 1).toDouble(&startOk);
        interval.lengthSec = body.sliced(second + 1, third - second - 1).toDouble(&lengthOk);
        QJsonParseError parseError;
        const QJsonDocument json = QJsonDocument::fromJson(body.sliced(third + 1).chopped(1).toUtf8(), &parseError);
        if (tag.size() != 2 || !startOk || !lengthOk || !std::isfinite(interval.absoluteStartSec) || !json.isObject()) {
            if (error)
                *error = QStringLiteral("a Wirebench-Interval line does not read (%1): %2")
                             .arg(json.isObject() ? QStringLiteral("tag or times") : parseError.errorString(), comment.left(80));
            return false;
        }
        interval.fleet = IntervalLogRecorder::decodeName(tag[0]);
        interval.phase = IntervalLogRecorder::decodeName(tag[1]);
        const QJsonObject object = json.object();
        interval.reported = object.value(QStringLiteral("reported")).toBool(true);
        interval.open = qint64(object.value(QStringLiteral("open")).toDouble());
        interval.counters = FleetCounters::fromJson(object.value(QStringLiteral("counters")).toObject());
        interval.hasCounters = true;
        read.append(std::move(interval));
    }
    for (const Interval &interval : std::as_const(read)) {
        if (!m_fleetOrder.contains(interval.fleet))
            m_fleetOrder.append(interval.fleet);
    }
    const int partIndex = part >= 0 ? part : m_parts;
    m_parts = std::max(m_parts, partIndex + 1);
    for (Interval &interval : read)
        interval.part = partIndex;
    m_intervals += read;
    m_earliestBaseSec = m_earliestBaseSec < 0 ? base : std::min(m_earliestBaseSec, base);
    return true;
}

QDateTime IntervalLogMerge::start() const
{
    return QDateTime::fromMSecsSinceEpoch(qint64(std::llround(std::max(m_earliestBaseSec, 0.0) * 1000.0)), Qt::UTC);
}

double IntervalLogMerge::Slot::lengthSec() const
{
    double sum = 0.0;
    for (const auto &[part, length] : lengthSecByPart)
        sum += length;
    return lengthSecByPart.empty() ? 0.0 : sum / double(lengthSecByPart.size());
}

double IntervalLogMerge::usualLengthSec() const
{
    QList<double> lengths;
    for (const Interval &interval : m_intervals) {
        if (interval.lengthSec > 0)
            lengths.append(interval.lengthSec);
    }
    std::sort(lengths.begin(), lengths.end());
    return lengths.isEmpty() ? 1.0 : std::max(lengths[lengths.size() / 2], 0.001);
}

std::map<std::tuple<int, QString, qint64>, qint64> IntervalLogMerge::slotsOf(double origin, double step, SlotState &state) const
{
    // A fleet's intervals are a step long on average, not each (a snapshot waits for the
    // I/O threads: 162 ms, then 70 ms), and a log's clock may sit half a step off the
    // grid: rounding each start alone puts two of a log's intervals in one slot and none
    // in the next, and the time series zigzags. A start near a grid line (shards started
    // together with --start-at, whose intervals begin on the grid) takes that slot;
    // another takes the slot after its log's previous interval of the same fleet, as many
    // steps on as their starts are apart, within a slot of the grid.
    std::map<std::pair<int, QString>, std::map<qint64, double>> starts; // by part and fleet: start in ms, in s
    for (const Interval &interval : m_intervals) {
        if (!interval.slot)
            starts[{interval.part, interval.fleet}][std::llround(interval.absoluteStartSec * 1000.0)] = interval.absoluteStartSec;
    }
    std::map<std::tuple<int, QString, qint64>, qint64> slots;
    for (const auto &[key, byStart] : starts) {
        for (const auto &[startMs, startSec] : byStart) {
            const double position = (startSec - origin) / step;
            const auto onGrid = qint64(std::llround(position));
            qint64 index = onGrid;
            const auto previous = state.find(key);
            if (previous != state.end() && std::abs(position - double(onGrid)) > 0.25) {
                const auto [previousIndex, previousStartSec] = previous->second;
                const qint64 stepsOn = std::max<qint64>(1, std::llround((startSec - previousStartSec) / step));
                index = std::clamp(previousIndex + stepsOn, onGrid - 1, onGrid + 1);
            }
            state[key] = {index, startSec};
            slots[{key.first, key.second, startMs}] = index;
        }
    }
    return slots;
}

void IntervalLogMerge::assignSlots(double originSec, double stepSec, SlotState &state)
{
    const auto slots = slotsOf(originSec, stepSec, state);
    for (Interval &interval : m_intervals) {
        if (!interval.slot)
            interval.slot = slots.at({interval.part, interval.fleet, std::llround(interval.absoluteStartSec * 1000.0)});
    }
}

std::optional<qint64> IntervalLogMerge::latestSlot() const
{
    std::optional<qint64> latest;
    for (const Interval &interval : m_intervals) {
        if (interval.slot)
            latest = std::max(latest.value_or(*interval.slot), *interval.slot);
    }
    return latest;
}

IntervalLogMerge IntervalLogMerge::takeSlotsBefore(qint64 slot)
{
    IntervalLogMerge taken;
    taken.m_earliestBaseSec = m_earliestBaseSec;
    QList<Interval> kept;
    for (Interval &interval : m_intervals) {
        if (interval.slot && *interval.slot < slot) {
            if (!taken.m_fleetOrder.contains(interval.fleet))
                taken.m_fleetOrder.append(interval.fleet);
            taken.m_intervals.append(std::move(interval));
        } else {
            kept.append(std::move(interval));
        }
    }
    m_intervals = std::move(kept);
    return taken;
}

void IntervalLogMerge::absorb(IntervalLogMerge &&other)
{
    for (const QString &fleet : std::as_const(other.m_fleetOrder)) {
        if (!m_fleetOrder.contains(fleet))
            m_fleetOrder.append(fleet);
    }
    m_intervals += std::move(other.m_intervals);
    if (other.m_earliestBaseSec >= 0)
        m_earliestBaseSec = m_earliestBaseSec < 0 ? other.m_earliestBaseSec : std::min(m_earliestBaseSec, other.m_earliestBaseSec);
}

void IntervalLogMerge::setGrid(double originSec, double stepSec)
{
    m_grid = std::pair{originSec, std::max(stepSec, 0.001)};
}

void IntervalLogMerge::forEachInterval(const std::function<void(const MergedInterval &)> &visit) const
{
    forEachInterval(visit, nullptr);
}

void IntervalLogMerge::forEachInterval(const std::function<void(const MergedInterval &)> &visit, RunningTotals *running) const
{
    // The grid: from the earliest base in steps of the usual interval length (the median,
    // so a short last interval does not set it), unless one was set.
    const double origin = m_grid ? m_grid->first : std::max(m_earliestBaseSec, 0.0);
    const double step = m_grid ? m_grid->second : usualLengthSec();

    // Phases in the order the run went through them. A part may turn a phase an interval
    // before another (each decides by its own clock): the slot then holds a row for each
    // phase, so every phase's figures are exactly the sum of the parts' for that phase.
    QList<const Interval *> byTime;
    for (const Interval &interval : m_intervals)
        byTime.append(&interval);
    std::stable_sort(byTime.begin(), byTime.end(),
                     [](const Interval *a, const Interval *b) { return a->absoluteStartSec < b->absoluteStartSec; });
    QStringList phaseOrder;
    for (const Interval *interval : std::as_const(byTime)) {
        if (!phaseOrder.contains(interval->phase))
            phaseOrder.append(interval->phase);
    }

    SlotState state;
    const auto slotOf = slotsOf(origin, step, state);
    // By grid index, then fleet and phase (as indexes: rows come in the fleets' and phases' order).
    std::map<qint64, std::map<std::pair<qsizetype, qsizetype>, Slot>> slots;
    for (const Interval &interval : m_intervals) {
        const qint64 index = interval.slot ? *interval.slot
                                           : slotOf.at({interval.part, interval.fleet, std::llround(interval.absoluteStartSec * 1000.0)});
        Slot &slot = slots[index][{m_fleetOrder.indexOf(interval.fleet), phaseOrder.indexOf(interval.phase)}];
        slot.phase = interval.phase;
        slot.lengthSecByPart[interval.part] = std::max(slot.lengthSecByPart[interval.part], interval.lengthSec);
        if (interval.hasCounters) {
            slot.reported = interval.reported; // only the counters line knows
            slot.counters += interval.counters;
            slot.open += interval.open;
            slot.hasCounters = true;
        } else {
            slot.encoded[interval.kind].append(&interval.encoded);
        }
    }

    // Each fleet's last row carries the whole run's histograms, as a live fleet's latest snapshot does.
    std::map<QString, std::pair<qint64, std::pair<qsizetype, qsizetype>>> lastOfFleet;
    for (const auto &[index, rows] : slots) {
        for (const auto &row : rows)
            lastOfFleet[m_fleetOrder.at(row.first.first)] = {index, row.first};
    }
    std::map<QString, std::pair<LatencyHistogram, LatencyHistogram>> totals; // corrected, uncorrected by fleet
    for (const auto &[index, rows] : slots) {
        for (const auto &row : rows) {
            const Slot &slot = row.second; // not a structured binding: the lambda below captures it
            const QString &fleet = m_fleetOrder.at(row.first.first);
            FleetSnapshot snapshot;
            const double lengthSec = slot.lengthSec();
            snapshot.intervalNs = qint64(std::llround(lengthSec * 1e9));
            // Decoded here, one row at a time: the logs stay encoded until then.
            auto histogram = [&](const QString &kind) {
                auto merged = std::make_shared<LatencyHistogram>();
                const auto it = slot.encoded.find(kind);
                if (it != slot.encoded.end()) {
                    for (const QByteArray *encoded : it->second)
                        merged->merge(HdrHistogramEncoding::decode(*encoded, nullptr).value_or(LatencyHistogram()));
                }
                return std::shared_ptr<const LatencyHistogram>(std::move(merged));
            };
            snapshot.intervalCorrected = histogram(QStringLiteral("corrected"));
            snapshot.intervalUncorrected = histogram(QStringLiteral("uncorrected"));
            snapshot.intervalConnect = histogram(QStringLiteral("connect"));
            snapshot.intervalHandshake = histogram(QStringLiteral("handshake"));
            snapshot.intervalHello = histogram(QStringLiteral("hello"));
            snapshot.intervalLatency = LatencySummary::of(*snapshot.intervalCorrected);
            if (slot.hasCounters) {
                snapshot.interval = slot.counters;
            } else {
                // Latency alone: every value recorded stands for a reply to a request.
                snapshot.interval.sent = snapshot.intervalCorrected->totalCount();
                snapshot.interval.received = snapshot.intervalCorrected->totalCount();
            }
            const double endSec = double(index) * step + lengthSec;
            snapshot.elapsedNs = qint64(std::llround(endSec * 1e9));
            if (running) {
                // Live: every row with the counters so far, each fleet's last row of this
                // call with the histograms so far too (copies of up to 270 KB each).
                RunningTotals::Fleet &total = running->fleets[fleet];
                total.counters += snapshot.interval;
                total.corrected.merge(*snapshot.intervalCorrected);
                total.uncorrected.merge(*snapshot.intervalUncorrected);
                total.connect.merge(*snapshot.intervalConnect);
                total.handshake.merge(*snapshot.intervalHandshake);
                total.hello.merge(*snapshot.intervalHello);
                snapshot.total = total.counters;
                if (lastOfFleet[fleet] == std::pair{index, row.first}) {
                    snapshot.totalCorrected = std::make_shared<const LatencyHistogram>(total.corrected);
                    snapshot.totalUncorrected = std::make_shared<const LatencyHistogram>(total.uncorrected);
                    snapshot.totalLatency = LatencySummary::of(total.corrected);
                    snapshot.totalUncorrectedLatency = LatencySummary::of(total.uncorrected);
                    snapshot.connectLatency = LatencySummary::of(total.connect);
                    snapshot.handshakeLatency = LatencySummary::of(total.handshake);
                    snapshot.helloLatency = LatencySummary::of(total.hello);
                }
                visit(MergedInterval{fleet, slot.phase, slot.reported, std::move(snapshot)});
                continue;
            }
            snapshot.total.connectsSucceeded = quint64(std::max<qint64>(slot.open, 0)); // what connectionsOpen() reads
            auto &[totalCorrected, totalUncorrected] = totals[fleet];
            totalCorrected.merge(*snapshot.intervalCorrected);
            totalUncorrected.merge(*snapshot.intervalUncorrected);
            if (lastOfFleet[fleet] == std::pair{index, row.first}) {
                snapshot.totalCorrected = std::make_shared<const LatencyHistogram>(totalCorrected);
                snapshot.totalUncorrected = std::make_shared<const LatencyHistogram>(totalUncorrected);
                snapshot.totalLatency = LatencySummary::of(totalCorrected);
            }
            visit(MergedInterval{fleet, slot.phase, slot.reported, std::move(snapshot)});
        }
    }
}

RunRecord IntervalLogMerge::record() const
{
    RunRecord record;
    forEachInterval([&record](const MergedInterval &interval) {
        if (interval.phase != record.currentPhase())
            record.beginPhase(interval.phase, interval.reported);
        record.add(interval.fleet, interval.snapshot.elapsedNs, interval.snapshot);
    });
    return record;
}

std::optional<IntervalLogMerge> IntervalLogMerge::fromFiles(const QStringList &paths, QString *error)
{
    IntervalLogMerge merge;
    for (const QString &path : paths) {
        QString why;
        const std::optional<IntervalLog> log = IntervalLogReader::readFile(path, &why);
        if (log && log->entries.isEmpty())
            why = QStringLiteral("%1: no interval in it (is it an HdrHistogram interval log?)").arg(path);
        else if (log && !merge.add(*log, QFileInfo(path).completeBaseName(), &why))
            why = QStringLiteral("%1: %2").arg(path, why);
        if (!log || !why.isEmpty()) {
            if (error)
                *error = why;
            return std::nullopt;
        }
    }
    return merge;
}

} // namespace NetCore
