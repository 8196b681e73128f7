// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "capture/capture.h"
#include "fleet/fleetcounters.h"
#include "metrics/connectionstats.h"
#include "replay/replayconfig.h"
#include "replay/replayresult.h"
#include "text/fieldtemplate.h"

#include <QElapsedTimer>
#include <QObject>

#include <memory>
#include <vector>

namespace NetCore {

class FrameCodec;
class FieldTemplate;

/**
 * Plays a capture's client side from many connections: connection i plays recorded
 * conversation i mod n, request by request, and compares what comes back with what
 * the server sent when it was recorded. On the thread it lives on (one event loop is
 * plenty for what a capture replays; a load is `wirebench load`'s).
 */
class CaptureReplayer : public QObject
{
    Q_OBJECT

public:
    CaptureReplayer(const Capture &capture, const ReplayConfig &config, QObject *parent = nullptr);
    ~CaptureReplayer() override;

    /** False (and nothing starts) if the capture has nothing a client sent. */
    bool start(QString *error);
    void stop();
    const ReplayResult &result() const { return m_result; }
    /** Connections still playing. */
    int running() const { return m_running; }
    /**
     * What it did so far, as a fleet counts (a reply that differs is received and a
     * difference; a connection stopped by stop() is closed, not failed).
     */
    const FleetCounters &counters() const { return m_counters; }
    /** Each connection as the connections table shows it: what it plays, how far it got, what differed. */
    QList<ConnectionStats> connectionStats() const;
    /** Replies timed since the last call (request to whole reply), for a fleet's interval figures. */
    LatencyHistogram takeIntervalLatency();

Q_SIGNALS:
    /** Every connection opened or failed to. */
    void connectionsSettled(int opened, int failed);
    void finished();

private:
    /** Recorded bytes, or where the user marked fields, a template filled per connection and message. */
    struct Piece {
        QByteArray bytes;
        std::shared_ptr<const FieldTemplate> fields;
    };
    struct Step {
        QList<Piece> request;
        QList<Piece> reply;
        int replyFrames = 0; // with a framing: the reply is this many frames, however long they are now
        qint64 atNs = 0;     // when it was sent, since its conversation began
    };
    struct Player;
    /** `pieces` as sent (or expected) as message `message` of connection `connection`. */
    QByteArray render(const QList<Piece> &pieces, int connection, size_t message);
    /** Every reply of `player`'s conversation, as expected on it. */
    QByteArray expectedStream(const Player &player);
    /** Sends from the current step until a request awaits its reply (true), or finishes the player (false). */
    bool sendNext(Player &player);
    void onReadable(Player &player);
    void sendDueRequests(Player &player);
    /** Ends `player`'s connection; a failure counts (in the result's and the counters') unless the replay was stopped. */
    void finish(Player &player, const QString &failure = {}, bool byStop = false);
    /** A connect decided, one way or the other; the last says connectionsSettled(). */
    void settle(Player &player, bool opened);
    void write(Player &player, const QByteArray &bytes);
    /**
     * One comparison: `replies` recorded replies (a step's one, or a paced connection's
     * whole stream) against what came; a mismatch is one difference, described.
     */
    void compare(Player &player, const QByteArray &expected, const QByteArray &got, const QString &what, int replies = 1);
    /** How many replies `player`'s recorded conversation holds. */
    int recordedReplies(const Player &player) const;

    /** Bytes of `player`'s current step's whole reply received so far; -1 while it is not all here. */
    qsizetype wholeReply(const Player &player, bool *undecodable) const;

    ReplayConfig m_config;
    std::shared_ptr<const FrameCodec> m_codec; // the capture's framing: replies compared frame by frame
    std::vector<std::vector<Step>> m_conversations;
    std::vector<quint64> m_recordedIds;
    std::vector<std::unique_ptr<Player>> m_players;
    ReplayResult m_result;
    FleetCounters m_counters;
    LatencyHistogram m_intervalLatency;
    int m_unsettled = 0;
    FieldRandom m_random;
    QElapsedTimer m_clock;
    int m_running = 0;
};

} // namespace NetCore
