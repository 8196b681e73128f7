// SPDX-License-Identifier: GPL-3.0-or-later
#include "fleet/replywarnings.h"

#include "fleet/fleetcounters.h"

#include <algorithm>
#include <numeric>

namespace NetCore {

namespace {

// Below this share of replies (or requests) gone wrong a run is worth its figures; a
// fault injected at a few percent, for one, is the point of the run.
constexpr double WarningShare = 0.10;

QString percent(quint64 part, quint64 whole)
{
    const double share = whole > 0 ? 100.0 * double(part) / double(whole) : 0.0;
    return QString::number(share >= 10 ? qRound(share) : share, 'g', share >= 10 ? 3 : 2) + QLatin1Char('%');
}

QString describe(FrameError error, Framing framing)
{
    if (error == FrameError::TooLarge && framing == Framing::Line)
        return QStringLiteral("line too long");
    return QString::fromLatin1(frameErrorCode(error).toByteArray()).replace(QLatin1Char('-'), QLatin1Char(' '));
}

} // namespace

QStringList replyWarnings(const FleetCounters &counters, Framing framing)
{
    QStringList warnings;
    const QString name = framingName(framing);
    const quint64 undecoded = std::accumulate(counters.decodeErrors.begin(), counters.decodeErrors.end(), quint64(0));
    const quint64 replies = counters.received + undecoded + counters.unmatched + counters.errorFrames;
    auto isMany = [](quint64 part, quint64 whole) { return part > 0 && double(part) >= WarningShare * double(whole); };

    const bool decodeFailed = isMany(undecoded, replies);
    if (decodeFailed) {
        const auto worst = std::max_element(counters.decodeErrors.begin(), counters.decodeErrors.end());
        const auto error = FrameError(worst - counters.decodeErrors.begin());
        warnings << QStringLiteral("%1 of replies failed to decode (%2): does the server speak %3? Try another --framing.")
                        .arg(percent(undecoded, replies), describe(error, framing), name);
    }
    if (isMany(counters.unmatched, replies)) {
        warnings << QStringLiteral("%1 of replies matched no request: the server sends more %2 frames than it gets "
                                   "requests (a reply of several lines or parts?). A framing that holds a whole reply "
                                   "would pair them.")
                        .arg(percent(counters.unmatched, replies), name);
    }
    if (isMany(counters.errorFrames, replies))
        warnings << QStringLiteral("%1 of replies were WB1 ERROR frames from the server.").arg(percent(counters.errorFrames, replies));
    if (counters.sent > 0 && counters.received == 0 && !decodeFailed) {
        // Nothing answered at all: said first, unless replies came and failed to decode
        // (that warning names the cause).
        warnings.prepend(QStringLiteral("No request got a reply (%1 timed out, %2 lost with their connection): does the "
                                        "server answer, and does it speak %3?")
                             .arg(counters.timeouts)
                             .arg(counters.lost)
                             .arg(name));
    } else if (isMany(counters.timeouts + counters.lost, counters.sent)) {
        warnings << QStringLiteral("%1 of requests got no reply (%2 timed out, %3 lost with their connection).")
                        .arg(percent(counters.timeouts + counters.lost, counters.sent))
                        .arg(counters.timeouts)
                        .arg(counters.lost);
    }
    return warnings;
}

} // namespace NetCore
