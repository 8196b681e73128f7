// SPDX-License-Identifier: GPL-3.0-or-later
#include "capture/capturetraffic.h"

#include "codec/messagesummary.h"

#include <algorithm>

namespace NetCore {

QList<TrafficEntry> captureTraffic(const Capture &capture)
{
    QList<TrafficEntry> entries;
    for (const Conversation &conversation : capture.conversations) {
        quint64 sent = 0, received = 0;
        qint64 lastRequestNs = -1;
        for (const CaptureEvent &event : conversation.events) {
            TrafficEntry entry;
            entry.timeNs = event.timeNs;
            entry.connection = int(conversation.connection);
            entry.outgoing = event.kind == CaptureEvent::Kind::Up; // as the client saw it
            entry.sequence = entry.outgoing ? ++sent : ++received;
            entry.payload = event.bytes.first(std::min(event.bytes.size(), TrafficEntry::MaxBytes));
            entry.payloadSize = event.bytes.size();
            entry.kind = entry.outgoing ? QStringLiteral("to server") : QStringLiteral("to client");
            if (entry.outgoing) {
                lastRequestNs = event.timeNs;
            } else if (lastRequestNs >= 0) {
                entry.roundTripNs = event.timeNs - lastRequestNs; // the first piece of the answer
                lastRequestNs = -1;
            }
            if (capture.framing)
                entry.summary = summarizeMessage(*capture.framing, event.bytes);
            entries.append(std::move(entry));
        }
    }
    std::stable_sort(entries.begin(), entries.end(), [](const TrafficEntry &a, const TrafficEntry &b) { return a.timeNs < b.timeNs; });
    return entries;
}

} // namespace NetCore
