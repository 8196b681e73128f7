// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target for capture files from elsewhere (`wirebench load --replay`): what
// parses writes back, event by event, and reads back as the same conversations; a
// replay's cutting of them into steps is what the replayer does on start.
#include "capture/capturefile.h"

#include <cstdint>
#include <cstdlib>

using namespace NetCore;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray text(reinterpret_cast<const char *>(data), qsizetype(size));
    const auto capture = CaptureFile::parse(text, nullptr);
    if (!capture)
        return 0;
    QByteArray again = CaptureFile::headerLine(*capture);
    for (const Conversation &conversation : capture->conversations) {
        // Each conversation opens (an open alone makes one too, with no events).
        again += CaptureFile::eventLine({CaptureEvent::Kind::Open, conversation.connection, 0, {}, conversation.peer});
        for (const CaptureEvent &event : conversation.events)
            again += CaptureFile::eventLine(event);
    }
    const auto reread = CaptureFile::parse(again, nullptr);
    if (!reread || reread->conversations.size() != capture->conversations.size() || reread->framing != capture->framing)
        std::abort();
    for (qsizetype i = 0; i < capture->conversations.size(); ++i) {
        const QList<CaptureEvent> &a = capture->conversations[i].events;
        const QList<CaptureEvent> &b = reread->conversations[i].events;
        if (a.size() != b.size())
            std::abort();
        for (qsizetype j = 0; j < a.size(); ++j) {
            if (a[j].bytes != b[j].bytes || a[j].kind != b[j].kind || a[j].timeNs != b[j].timeNs)
                std::abort(); // written back, it reads back the same
        }
    }
    return 0;
}
