// SPDX-License-Identifier: GPL-3.0-or-later
#include "replay/capturereplayer.h"

#include "codec/framecodec.h"
#include "metrics/latencysummary.h"

#include <QDateTime>
#include <QJsonArray>
#include <QTcpSocket>
#include <QTimer>

namespace NetCore {

struct CaptureReplayer::Player {
    int index = 0;
    size_t conversation = 0;
    QTcpSocket socket;
    QTimer timeout;      // a reply not here in time
    QTimer pace;         // at the recorded times (speed > 0)
    size_t step = 0;     // the reply awaited (step by step), or the next request to send (paced)
    QByteArray expected; // the reply awaited, as this connection expects it (fields filled)
    QByteArray received;
    qint64 sentNs = 0;
    qint64 startedNs = 0;
    bool settled = false; // its connect decided
    bool opened = false;
    bool done = false;
    // For the connections table: what this one did.
    QString local;
    quint64 sent = 0;
    quint64 replies = 0;
    quint64 differences = 0;
    qint64 lastRoundTripNs = 0;
    qint64 maxRoundTripNs = 0;
    QString firstDifference;
    QString failure;
};

QJsonObject ReplayResult::toJson() const
{
    return QJsonObject{{QStringLiteral("requests"), double(requests)},
                       {QStringLiteral("replies"), double(replies)},
                       {QStringLiteral("differences"), double(differences)},
                       {QStringLiteral("first_differences"), QJsonArray::fromStringList(firstDifferences)},
                       {QStringLiteral("connections_failed"), double(connectionsFailed)},
                       {QStringLiteral("first_error"), firstError},
                       {QStringLiteral("latency_us"), LatencySummary::of(latency).toJsonMicroseconds()},
                       {QStringLiteral("elapsed_s"), double(elapsedNs) / 1e9}};
}

CaptureReplayer::CaptureReplayer(const Capture &capture, const ReplayConfig &config, QObject *parent)
    : QObject(parent)
    , m_config(config)
    , m_codec(capture.framing ? makeCodec(*capture.framing) : nullptr)
{
    m_random.state = config.seed;
    // Each conversation as steps: what the client sent, then what came back before it sent more.
    for (const Conversation &conversation : capture.conversations) {
        std::vector<Step> steps;
        Step current;
        bool started = false;
        qint64 firstNs = -1;
        for (const CaptureEvent &event : conversation.events) {
            if (firstNs < 0)
                firstNs = event.timeNs;
            Piece piece{event.bytes, nullptr};
            if (!event.fieldTemplate.isEmpty())
                piece = Piece{{}, std::make_shared<const FieldTemplate>(FieldTemplate::compile(event.fieldTemplate))};
            if (event.kind == CaptureEvent::Kind::Up) {
                if (!current.reply.isEmpty()) {
                    steps.push_back(std::move(current));
                    current = Step{};
                    started = false;
                }
                if (!started)
                    current.atNs = event.timeNs - firstNs;
                started = true;
                current.request.append(piece);
            } else {
                current.reply.append(piece);
                ++current.replyFrames;
            }
        }
        if (!current.request.isEmpty() || !current.reply.isEmpty())
            steps.push_back(std::move(current));
        const bool clientSpoke = std::any_of(steps.begin(), steps.end(), [](const Step &s) { return !s.request.isEmpty(); });
        if (clientSpoke) {
            m_conversations.push_back(std::move(steps));
            m_recordedIds.push_back(conversation.connection);
        }
    }
}

CaptureReplayer::~CaptureReplayer()
{
    // A connected socket says "disconnected" as it goes: nothing may hear it now.
    for (auto &player : m_players) {
        player->socket.disconnect();
        player->timeout.stop();
        player->pace.stop();
    }
}

bool CaptureReplayer::start(QString *error)
{
    if (m_conversations.empty()) {
        if (error)
            *error = QStringLiteral("the capture has no connection whose client sent anything: nothing to replay");
        return false;
    }
    m_clock.start();
    // All counted before any connects: a connect that fails at once finishes its player
    // inside connectToHost(), and the last to finish says finished() once.
    m_running = m_config.connections;
    m_unsettled = m_config.connections;
    for (int i = 0; i < m_config.connections; ++i) {
        auto player = std::make_unique<Player>();
        player->index = i + 1;
        player->conversation = size_t(i) % m_conversations.size();
        player->timeout.setSingleShot(true);
        player->pace.setSingleShot(true);
        Player *p = player.get();
        connect(&p->socket, &QTcpSocket::connected, this, [this, p] {
            p->timeout.stop();
            p->socket.setSocketOption(QAbstractSocket::LowDelayOption, 1);
            p->startedNs = m_clock.nsecsElapsed();
            p->local = QStringLiteral("%1:%2").arg(p->socket.localAddress().toString()).arg(p->socket.localPort());
            settle(*p, true);
            if (m_config.speed > 0) {
                p->expected = expectedStream(*p);
                sendDueRequests(*p);
            } else if (sendNext(*p)) {
                onReadable(*p); // a server that speaks first may have spoken
            }
        });
        connect(&p->socket, &QTcpSocket::readyRead, this, [this, p] { onReadable(*p); });
        connect(&p->socket, &QTcpSocket::errorOccurred, this, [this, p](QAbstractSocket::SocketError error) {
            if (p->done || error == QAbstractSocket::RemoteHostClosedError)
                return;
            finish(*p, p->socket.errorString());
        });
        connect(&p->socket, &QTcpSocket::disconnected, this, [this, p] {
            onReadable(*p); // what came with the close
            if (!p->done)
                finish(*p, QStringLiteral("the server closed the connection before the recording did"));
        });
        connect(&p->timeout, &QTimer::timeout, this, [this, p] {
            const std::vector<Step> &steps = m_conversations[p->conversation];
            if (p->socket.state() != QAbstractSocket::ConnectedState) {
                finish(*p, QStringLiteral("no connection within %1 ms").arg(m_config.replyTimeoutMs));
                return;
            }
            if (m_config.speed > 0) {
                compare(*p, p->expected, p->received, QStringLiteral("its replies (no more within %1 ms)").arg(m_config.replyTimeoutMs),
                        recordedReplies(*p));
            } else if (p->step < steps.size()) {
                compare(*p, p->expected, p->received,
                        QStringLiteral("message %1 (no whole reply within %2 ms)").arg(p->step + 1).arg(m_config.replyTimeoutMs));
            }
            finish(*p);
        });
        connect(&p->pace, &QTimer::timeout, this, [this, p] { sendDueRequests(*p); });
        m_players.push_back(std::move(player));
    }
    for (auto &player : m_players) {
        player->timeout.start(m_config.replyTimeoutMs); // a target that never answers the SYN
        ++m_counters.connectsStarted;
        player->socket.connectToHost(m_config.host, m_config.port);
    }
    return true;
}

void CaptureReplayer::stop()
{
    for (auto &player : m_players) {
        if (!player->done)
            finish(*player, QStringLiteral("stopped"), true);
    }
}

QByteArray CaptureReplayer::render(const QList<Piece> &pieces, int connection, size_t message)
{
    QByteArray out;
    FieldValues values;
    values.sequence = message + 1;
    values.connection = quint64(connection);
    values.timeUs = quint64(QDateTime::currentMSecsSinceEpoch()) * 1000;
    values.random = &m_random;
    for (const Piece &piece : pieces) {
        if (piece.fields)
            piece.fields->render(values, out);
        else
            out += piece.bytes;
    }
    return out;
}

QByteArray CaptureReplayer::expectedStream(const Player &player)
{
    QByteArray expected;
    const std::vector<Step> &steps = m_conversations[player.conversation];
    for (size_t i = 0; i < steps.size(); ++i)
        expected += render(steps[i].reply, player.index, i);
    return expected;
}

bool CaptureReplayer::sendNext(Player &player)
{
    // Step by step: send the next request; one that needs no reply goes on to the next.
    if (player.socket.state() != QAbstractSocket::ConnectedState) {
        finish(player, QStringLiteral("the server closed the connection before the recording did"));
        return false;
    }
    const std::vector<Step> &steps = m_conversations[player.conversation];
    while (player.step < steps.size()) {
        const Step &step = steps[player.step];
        if (!step.request.isEmpty())
            write(player, render(step.request, player.index, player.step));
        player.sentNs = m_clock.nsecsElapsed();
        if (!step.reply.isEmpty()) {
            player.expected = render(step.reply, player.index, player.step);
            player.timeout.start(m_config.replyTimeoutMs);
            return true;
        }
        ++player.step;
    }
    finish(player);
    return false;
}

void CaptureReplayer::sendDueRequests(Player &player)
{
    const std::vector<Step> &steps = m_conversations[player.conversation];
    const qint64 elapsed = m_clock.nsecsElapsed() - player.startedNs;
    while (player.step < steps.size() && qint64(double(steps[player.step].atNs) / m_config.speed) <= elapsed) {
        if (!steps[player.step].request.isEmpty())
            write(player, render(steps[player.step].request, player.index, player.step));
        ++player.step;
    }
    if (player.step < steps.size()) {
        const qint64 nextNs = qint64(double(steps[player.step].atNs) / m_config.speed) - elapsed;
        player.pace.start(int(std::max<qint64>(0, (nextNs + 999'999) / 1'000'000))); // rounded up: never early, never a busy 0 ms
    } else {
        player.timeout.start(m_config.replyTimeoutMs); // the rest of the replies, at most this long
        onReadable(player);
    }
}

void CaptureReplayer::onReadable(Player &player)
{
    if (player.done)
        return;
    const QByteArray arrived = player.socket.readAll();
    m_counters.bytesIn += quint64(arrived.size());
    player.received += arrived;
    const std::vector<Step> &steps = m_conversations[player.conversation];
    if (m_config.speed > 0) {
        // Paced: the replies as one stream, compared once all of it is here (or more than should come).
        if ((player.step >= steps.size() && player.received.size() >= player.expected.size())
            || player.received.size() > player.expected.size() + (1 << 20)) {
            compare(player, player.expected, player.received, QStringLiteral("its replies"), recordedReplies(player));
            finish(player);
        }
        return;
    }
    // Each whole reply here, in turn (a loop: a server may send many at once).
    while (!player.done && player.step < steps.size()) {
        bool undecodable = false;
        const qsizetype whole = wholeReply(player, &undecodable);
        if (undecodable) {
            compare(player, player.expected, player.received,
                    QStringLiteral("message %1 (not %2 frames)").arg(player.step + 1).arg(framingName(m_codec->framing())));
            finish(player);
            return;
        }
        if (whole < 0) {
            // Not all here: a reply much larger than recorded (a length claiming a gigabyte) is a difference, not memory.
            if (player.received.size() > std::max<qsizetype>(4 * player.expected.size(), 1 << 20)) {
                compare(player, player.expected, player.received.first(player.expected.size() + 64),
                        QStringLiteral("message %1 (far larger than recorded)").arg(player.step + 1));
                finish(player);
            }
            return;
        }
        compare(player, player.expected, player.received.first(whole), QStringLiteral("message %1").arg(player.step + 1));
        const qint64 tookNs = m_clock.nsecsElapsed() - player.sentNs;
        m_result.latency.record(tookNs);
        m_intervalLatency.record(tookNs);
        player.lastRoundTripNs = tookNs;
        player.maxRoundTripNs = std::max(player.maxRoundTripNs, tookNs);
        player.received.remove(0, whole);
        player.timeout.stop();
        ++player.step;
        if (!sendNext(player))
            return;
    }
}

qsizetype CaptureReplayer::wholeReply(const Player &player, bool *undecodable) const
{
    const Step &step = m_conversations[player.conversation][player.step];
    if (!m_codec) // bytes: as many as expected
        return player.received.size() >= player.expected.size() ? player.expected.size() : -1;
    // Frames: as many as were recorded, whatever their sizes now (a value may have changed).
    qsizetype at = 0;
    for (int frames = 0; frames < step.replyFrames; ++frames) {
        Frame frame;
        const DecodeResult result = m_codec->decode(QByteArrayView(player.received).sliced(at), frame);
        if (result.status == DecodeResult::Status::Incomplete)
            return -1;
        if (result.status == DecodeResult::Status::Failed && result.consumed <= 0) {
            *undecodable = true;
            return -1;
        }
        at += result.consumed;
    }
    return at;
}

int CaptureReplayer::recordedReplies(const Player &player) const
{
    const std::vector<Step> &steps = m_conversations[player.conversation];
    return int(std::count_if(steps.begin(), steps.end(), [](const Step &step) { return !step.reply.isEmpty(); }));
}

void CaptureReplayer::compare(Player &player, const QByteArray &expected, const QByteArray &got, const QString &what, int replies)
{
    m_result.replies += quint64(replies);
    m_counters.received += quint64(replies);
    player.replies += quint64(replies);
    if (got == expected)
        return;
    ++m_result.differences;
    ++m_counters.replyDifferences;
    ++player.differences;
    const bool described = m_result.firstDifferences.size() < m_config.keepDifferences;
    if (!described && !player.firstDifference.isEmpty())
        return;
    qsizetype at = 0;
    while (at < expected.size() && at < got.size() && expected[at] == got[at])
        ++at;
    auto byteText = [](const QByteArray &bytes, qsizetype index) {
        if (index >= bytes.size())
            return QStringLiteral("nothing");
        const char c = bytes[index];
        return c >= 0x20 && c < 0x7f ? QStringLiteral("0x%1 '%2'").arg(quint8(c), 2, 16, QLatin1Char('0')).arg(QLatin1Char(c))
                                     : QStringLiteral("0x%1").arg(quint8(c), 2, 16, QLatin1Char('0'));
    };
    const QString where = QStringLiteral("%1: expected %2 bytes, got %3; first difference at byte %4: expected %5, got %6")
                              .arg(what)
                              .arg(expected.size())
                              .arg(got.size())
                              .arg(at)
                              .arg(byteText(expected, at), byteText(got, at));
    if (player.firstDifference.isEmpty())
        player.firstDifference = where;
    if (described)
        m_result.firstDifferences << QStringLiteral("connection %1 (recorded connection %2), %3")
                                         .arg(player.index)
                                         .arg(m_recordedIds[player.conversation])
                                         .arg(where);
}

QList<ConnectionStats> CaptureReplayer::connectionStats() const
{
    QList<ConnectionStats> rows;
    rows.reserve(qsizetype(m_players.size()));
    const QString remote = QStringLiteral("%1:%2").arg(m_config.host).arg(m_config.port);
    for (const auto &player : m_players) {
        const std::vector<Step> &steps = m_conversations[player->conversation];
        ConnectionStats row;
        row.id = player->index;
        row.state = player->done ? ConnectionState::Closed : player->opened ? ConnectionState::Open : ConnectionState::Connecting;
        row.sent = player->sent;
        row.received = player->replies;
        row.errors = player->differences;
        row.inFlight = !player->done && player->opened && m_config.speed <= 0 && player->step < steps.size() ? 1 : 0;
        row.local = player->local;
        row.remote = remote;
        row.lastRoundTripNs = player->lastRoundTripNs;
        row.maxRoundTripNs = player->maxRoundTripNs;
        // Which recording it plays, how far it got, and the first thing that went wrong on it.
        row.detail = QStringLiteral("plays recorded connection %1: %2 of %3 steps done")
                         .arg(m_recordedIds[player->conversation])
                         .arg(std::min(player->step, steps.size()))
                         .arg(steps.size());
        if (!player->firstDifference.isEmpty())
            row.detail += QStringLiteral("; first difference: ") + player->firstDifference;
        if (!player->failure.isEmpty()) {
            row.detail += QStringLiteral("; ended: ") + player->failure;
            if (player->failure != QLatin1String("stopped"))
                ++row.errors;
        }
        rows.append(row);
    }
    return rows;
}

LatencyHistogram CaptureReplayer::takeIntervalLatency()
{
    LatencyHistogram taken;
    std::swap(taken, m_intervalLatency);
    return taken;
}

void CaptureReplayer::write(Player &player, const QByteArray &bytes)
{
    player.socket.write(bytes);
    ++player.sent;
    ++m_result.requests;
    ++m_counters.sent;
    m_counters.bytesOut += quint64(bytes.size());
}

void CaptureReplayer::settle(Player &player, bool opened)
{
    if (player.settled)
        return;
    player.settled = true;
    player.opened = opened;
    if (opened)
        ++m_counters.connectsSucceeded;
    else
        ++m_counters.connectFailures;
    if (--m_unsettled == 0)
        Q_EMIT connectionsSettled(int(m_counters.connectsSucceeded), int(m_counters.connectFailures));
}

void CaptureReplayer::finish(Player &player, const QString &failure, bool byStop)
{
    if (player.done)
        return;
    player.done = true;
    player.failure = failure;
    player.timeout.stop();
    player.pace.stop();
    if (!failure.isEmpty() && !byStop) {
        ++m_result.connectionsFailed;
        if (m_result.firstError.isEmpty())
            m_result.firstError = QStringLiteral("connection %1: %2").arg(player.index).arg(failure);
    }
    if (player.opened) {
        ++m_counters.closed;
        if (!failure.isEmpty() && !byStop)
            ++m_counters.disconnects;
    } else if (!byStop) {
        settle(player, false); // after the failure is noted: connectionsSettled() may be asked for it
    }
    player.socket.disconnect(this);
    // Played to its end: what was written last (a request that awaits no reply) still
    // goes, and the server sees a close, not a reset. A failure or a stop ends it now.
    if (failure.isEmpty())
        player.socket.disconnectFromHost();
    else
        player.socket.abort();
    player.received = QByteArray();
    player.expected = QByteArray();
    if (--m_running == 0) {
        m_result.elapsedNs = m_clock.nsecsElapsed();
        QMetaObject::invokeMethod(this, &CaptureReplayer::finished, Qt::QueuedConnection);
    }
}

} // namespace NetCore
