// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QList>
#include <QMetaType>

namespace NetCore {

/** One frame that went out or came in on a traced connection (the window's traffic log). */
struct TrafficEntry {
    static constexpr qsizetype MaxBytes = 4096; // of the payload kept; the size says how much there was

    qint64 timeNs = 0;        // CLOCK_MONOTONIC
    int connection = 0;       // the fleet's connection id
    bool outgoing = true;
    quint8 type = 0;          // WB1 type (DATA, REPLY, ERROR); 0 for other framings
    quint16 flags = 0;
    quint64 sequence = 0;     // WB1 sequence; other framings: the connection's message count
    QByteArray payload;       // at most MaxBytes
    qsizetype payloadSize = 0;
    qint64 roundTripNs = -1;  // for a reply: since its request was sent
    quint32 answers = 0;      // for a reply: the number of the request it was paired with (1, 2, ...); 0: none
    QString summary;          // a protocol framing's reading of the message (summarizeMessage()); empty for others
    QString kind;             // the same framings' kind of message in a word (messageKind())
};

} // namespace NetCore

Q_DECLARE_METATYPE(NetCore::TrafficEntry)
Q_DECLARE_METATYPE(QList<NetCore::TrafficEntry>)
