// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "codec/framing.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>

namespace NetCore {

/** One thing a proxy saw on one connection (docs/capture-format.md). */
struct CaptureEvent {
    enum class Kind { Open, Up, Down, Close };
    Kind kind = Kind::Up;
    quint64 connection = 0;
    qint64 timeNs = 0;     // since the capture started
    QByteArray bytes;      // Up (client → server), Down (server → client): a chunk, or a frame with a framing
    QString peer;          // Open: the client's address
    /**
     * Up, Down: where the user marked fields (a "template" in place of "b"), the stored
     * template (FieldTemplate); a replay fills it per connection and message.
     */
    QByteArray fieldTemplate = {};
};

/** One connection's exchange, in order: what its client sent and what it got back. */
struct Conversation {
    quint64 connection = 0;
    QString peer;
    QList<CaptureEvent> events; // Up and Down only
};

/** A capture file read whole. */
struct Capture {
    std::optional<Framing> framing; // events are whole frames of it; none: chunks as read
    QString listen;
    QString upstream;
    QString startedUtc;
    bool truncated = false;         // the size limit ended it
    QList<Conversation> conversations;
};

} // namespace NetCore
