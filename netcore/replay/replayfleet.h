// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "fleet/fleetsnapshot.h"
#include "metrics/connectionstats.h"
#include "replay/replayconfig.h"
#include "replay/replayresult.h"

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <memory>

namespace NetCore {

class CaptureReplayer;

/**
 * A session fleet that plays a capture (its "replay" key): a CaptureReplayer whose
 * figures are published as a client fleet's are, a FleetSnapshot every interval, so
 * the runner's checks and reports, the charts and the Fleets panel treat it as any
 * other fleet. Replies unlike the recording's count as `reply_differences`; the
 * first few, in words, are in result().
 */
class ReplayFleet : public QObject
{
    Q_OBJECT

public:
    explicit ReplayFleet(QObject *parent = nullptr);
    ~ReplayFleet() override;

    /** Reads the capture at `capturePath` and starts playing it; the reason it cannot, or empty. */
    QString start(const QString &capturePath, const ReplayConfig &config);
    /** Ends every connection where it is; finished() follows. */
    void stop();
    bool isRunning() const { return m_running; }
    /** Connections still playing (0 once finished). */
    int playing() const;
    int connections() const { return m_config.connections; }
    FleetSnapshot lastSnapshot() const { return m_last; }
    /** The replay so far, or as it ended (kept until the next start). */
    ReplayResult result() const;
    void setSnapshotInterval(int milliseconds);
    /** Its connections now, or as they ended (CaptureReplayer::connectionStats()); none before a start. */
    QList<ConnectionStats> connectionStats() const;

Q_SIGNALS:
    void snapshotReady(const NetCore::FleetSnapshot &snapshot);
    void connectionsSettled(int opened, int failed);
    void finished();

private:
    void publish();
    void onReplayFinished();

    std::unique_ptr<CaptureReplayer> m_replayer;
    ReplayConfig m_config;
    QTimer m_snapshotTimer;
    QElapsedTimer m_clock;
    FleetSnapshot m_last;
    LatencyHistogram m_total;
    bool m_running = false;
};

} // namespace NetCore
