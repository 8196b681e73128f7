// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "proxy/framematch.h"
#include "proxy/toxic.h"

#include <QHostAddress>
#include <QString>

#include <optional>
#include <utility>

namespace NetCore {

/**
 * A fault a proxy with a framing applies to whole frames of one direction, as the
 * test servers have them: drop:P, corrupt:P, delay:MS[:JITTER], stall:MS[@EVERY].
 * Like a toxic it has a stream and a toxicity (decided once per connection); it may
 * be aimed at connections from a source address (from=ADDRESS[/PREFIX]) and at
 * frames matching a rule (match=exact:TEXT|prefix:TEXT|regex:EXPRESSION, last, as it
 * may hold commas).
 */
struct FrameFault {
    enum class Kind { Drop, Corrupt, Delay, Stall };

    Kind kind = Kind::Drop;
    Toxic::Stream stream = Toxic::Stream::Downstream;
    double toxicity = 1.0;
    double probability = 0;   // drop, corrupt: of each frame
    qint64 delayNs = 0;       // delay: each frame this much later (never reordered)
    qint64 jitterNs = 0;      // delay: ± uniformly
    qint64 stallNs = 0;       // stall: frames held this long...
    qint64 everyNs = 0;       // ...once from when it is set, or in every period of this
    QString from;             // source subnet as written; empty: every client
    std::optional<FrameMatch> match;

    /** True when `spec` names a frame fault (drop, corrupt, delay, stall) rather than a toxic. */
    static bool isFrameFaultSpec(const QString &spec);
    static std::optional<FrameFault> parse(const QString &spec, QString *error = nullptr);
    static QString syntax();
    QString spec() const;
    /** Whether it applies to a client at `address` (from=). */
    bool appliesTo(const QHostAddress &address) const;
    bool operator==(const FrameFault &other) const { return spec() == other.spec(); }
};

} // namespace NetCore
