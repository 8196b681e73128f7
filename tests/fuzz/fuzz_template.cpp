// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target for message templates as they come in session files and messages
// files from elsewhere: the first byte picks the style (plain, escaped text, hex), the
// rest is the template. Whatever parses is compiled, filled and written back, and must
// read back the same; nothing may crash or grow without bound.
#include "fleet/messagetemplate.h"
#include "text/fieldtemplate.h"
#include "text/templatetext.h"

#include <QString>

#include <cstdint>
#include <cstdlib>

using namespace NetCore;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const auto style = TemplateText::Style(data[0] % 3);
    const QString text = QString::fromUtf8(reinterpret_cast<const char *>(data + 1), qsizetype(size - 1));
    const auto stored = TemplateText::parse(text, style);
    if (!stored)
        return 0;
    const FieldTemplate compiled = FieldTemplate::compile(*stored);
    FieldRandom random{size};
    QByteArray filled;
    compiled.render(FieldValues{~quint64(0), 7, 1'700'000'000'000'000, &random}, filled);
    if (filled.size() > compiled.maxSize())
        std::abort(); // maxSize() bounds every message: the engine sizes frames by it
    const MessageTemplate message = MessageTemplate::fixed(*stored);
    (void)message.problemWith(Framing::Line, 1 << 16);
    // Written back in the same style, it reads back to the same stored form (plain text
    // only where the literal bytes are UTF-8, which the round trip checks itself).
    const QString again = TemplateText::format(*stored, style);
    const auto reparsed = TemplateText::parse(again, style);
    if (style != TemplateText::Style::Plain && (!reparsed || *reparsed != *stored))
        std::abort();
    return 0;
}
