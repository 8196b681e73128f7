// SPDX-License-Identifier: GPL-3.0-or-later
#include "replay/replayfleet.h"

#include "capture/capturefile.h"
#include "replay/capturereplayer.h"

#include <utility>

namespace NetCore {

ReplayFleet::ReplayFleet(QObject *parent)
    : QObject(parent)
{
    m_snapshotTimer.setInterval(100);
    connect(&m_snapshotTimer, &QTimer::timeout, this, &ReplayFleet::publish);
}

ReplayFleet::~ReplayFleet() = default;

QString ReplayFleet::start(const QString &capturePath, const ReplayConfig &config)
{
    if (m_running)
        return QStringLiteral("it is already replaying");
    QString why;
    const std::optional<Capture> capture = CaptureFile::load(capturePath, &why);
    if (!capture)
        return QStringLiteral("capture %1").arg(why); // it names the file
    auto replayer = std::make_unique<CaptureReplayer>(*capture, config);
    connect(replayer.get(), &CaptureReplayer::connectionsSettled, this, &ReplayFleet::connectionsSettled);
    connect(replayer.get(), &CaptureReplayer::finished, this, &ReplayFleet::onReplayFinished);
    // In place before it starts: connects that fail at once say connectionsSettled()
    // inside start(), and whoever hears it asks result() of this one.
    std::unique_ptr<CaptureReplayer> previous = std::exchange(m_replayer, std::move(replayer));
    const ReplayConfig previousConfig = std::exchange(m_config, config);
    m_clock.start();
    m_running = true;
    if (!m_replayer->start(&why)) {
        // Nothing started: the last replay and its figures stay as they were shown.
        m_running = false;
        m_replayer = std::move(previous);
        m_config = previousConfig;
        return QStringLiteral("capture %1: %2").arg(capturePath, why);
    }
    // The old replayer goes later: this may run from a handler of its own signal.
    if (previous)
        previous.release()->deleteLater();
    m_last = FleetSnapshot{};
    m_total = LatencyHistogram{};
    m_snapshotTimer.start();
    return {};
}

void ReplayFleet::stop()
{
    if (m_running)
        m_replayer->stop();
}

int ReplayFleet::playing() const
{
    return m_running ? m_replayer->running() : 0;
}

ReplayResult ReplayFleet::result() const
{
    return m_replayer ? m_replayer->result() : ReplayResult{};
}

QList<ConnectionStats> ReplayFleet::connectionStats() const
{
    return m_replayer ? m_replayer->connectionStats() : QList<ConnectionStats>{};
}

void ReplayFleet::setSnapshotInterval(int milliseconds)
{
    m_snapshotTimer.setInterval(std::max(milliseconds, 10));
}

void ReplayFleet::publish()
{
    FleetSnapshot snapshot;
    snapshot.elapsedNs = m_clock.nsecsElapsed();
    snapshot.intervalNs = snapshot.elapsedNs - m_last.elapsedNs;
    snapshot.total = m_replayer->counters();
    snapshot.interval = snapshot.total.since(m_last.total);
    auto interval = std::make_shared<const LatencyHistogram>(m_replayer->takeIntervalLatency());
    m_total.merge(*interval);
    auto total = std::make_shared<const LatencyHistogram>(m_total);
    // Each request goes when its turn comes (the previous reply, or its recorded time):
    // nothing is ever due before it is sent, so both latencies are one.
    snapshot.intervalCorrected = interval;
    snapshot.intervalUncorrected = interval;
    snapshot.totalCorrected = total;
    snapshot.totalUncorrected = total;
    snapshot.intervalLatency = LatencySummary::of(*interval);
    snapshot.totalLatency = LatencySummary::of(*total);
    snapshot.totalUncorrectedLatency = snapshot.totalLatency;
    m_last = snapshot;
    Q_EMIT snapshotReady(snapshot);
}

void ReplayFleet::onReplayFinished()
{
    m_snapshotTimer.stop();
    publish(); // the last replies count
    m_running = false;
    Q_EMIT finished();
}

} // namespace NetCore
