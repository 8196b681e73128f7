// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace NetCore {

/** How a capture is played back (`wirebench load --replay`, a fleet's "replay"). */
struct ReplayConfig {
    QString host = QStringLiteral("127.0.0.1");
    quint16 port = 0;
    int connections = 1;       // each plays one recorded conversation's client side, in turn
    /**
     * 0: each request once the previous reply arrived; above 0: at the recorded times
     * divided by this (2: twice as fast), the replies compared as one stream at the end.
     */
    double speed = 0;
    int replyTimeoutMs = 5000; // a reply (or the rest of one) not here by then is a difference
    int keepDifferences = 10;  // described one by one; the rest only counted
    quint64 seed = 1;          // for random fields of marked templates
};

} // namespace NetCore
