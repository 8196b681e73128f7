// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "codec/frame.h"
#include "codec/framing.h"
#include "proxy/framefault.h"

#include <QByteArray>
#include <QHostAddress>
#include <QList>

#include <memory>
#include <random>
#include <vector>

namespace NetCore {

class FrameCodec;

/** One frame out of a FrameStage (or the raw rest once framing gave up), and what its faults did. */
struct StagedFrame {
    QByteArray bytes;         // as forwarded (corrupted, perhaps); empty when dropped
    QByteArray asSent;        // as its peer sent it, when a fault dropped or corrupted it (empty: as `bytes`)
    QByteArray payload;       // the frame's payload, for matching replies (WB1) and the traffic log
    qint64 notBeforeNs = 0;   // delay and stall: not forwarded before this
    quint64 sequence = 0;     // WB1's; 0 for other framings
    quint8 type = 0;          // WB1's frame type
    quint16 flags = 0;        // WB1's (NoReply: nothing to time)
    bool isFrame = true;      // false: bytes past a framing error, passed on as they came
    bool dropped = false;
    bool corrupted = false;
};

/**
 * One direction of a proxied connection cut into frames by the proxy's framing, with
 * the frame faults that apply to this connection (each decided once by its toxicity,
 * its source address and, per frame, its match rule). Frames keep their order: a
 * delayed or stalled frame holds back those after it. Bytes that do not decode (a
 * fatal framing error, or a partial frame larger than the direction may hold) end
 * the framing of this direction: from there on they pass as they come, counted.
 */
class FrameStage
{
public:
    FrameStage(const Framing &framing, std::shared_ptr<const FrameCodec> codec);

    /** The proxy's frame faults of `stream` for a client at `client`; kept ones keep their decision. */
    void update(const QList<FrameFault> &faults, Toxic::Stream stream, const QHostAddress &client, qint64 nowNs,
                std::mt19937_64 &random);
    /** Bytes read at `nowNs`: appends each complete frame (and raw bytes, if framing ended) to `out`. */
    void push(QByteArrayView bytes, qint64 nowNs, std::vector<StagedFrame> &out, std::mt19937_64 &random);
    /** Gives up framing (a partial frame as large as the direction may hold): what is held goes out raw. */
    void giveUp(std::vector<StagedFrame> &out);

    qsizetype bufferedBytes() const { return m_buffer.size() - m_start; }
    bool gaveUp() const { return m_gaveUp; }
    bool hasFaults() const { return !m_active.empty(); }
    /** The specs of the faults that apply to this connection's direction. */
    QStringList activeSpecs() const;

private:
    void stage(const Frame &frame, QByteArrayView wire, qint64 nowNs, std::vector<StagedFrame> &out, std::mt19937_64 &random);

    struct Active {
        FrameFault fault;
        qint64 setNs = 0; // stall windows are timed from here
    };
    Framing m_framing;
    std::shared_ptr<const FrameCodec> m_codec;
    QByteArray m_buffer;     // a partial frame, from m_start on
    qsizetype m_start = 0;
    std::vector<Active> m_active;
    QStringList m_rolledOut; // specs whose toxicity said no for this connection
    qint64 m_lastDueNs = 0;  // frames never overtake each other
    bool m_gaveUp = false;
};

} // namespace NetCore
