// SPDX-License-Identifier: GPL-3.0-or-later
#include "session/exchangemessage.h"

#include "session/session.h"
#include "text/escapedtext.h"
#include "text/hexbytes.h"
#include "text/templatetext.h"

namespace NetCore {

std::optional<HelloMessage> ExchangeMessage::resolve(const Session &session, QString *error) const
{
    HelloMessage message;
    if (!templateName.isEmpty()) {
        const NamedTemplate *t = session.messageTemplate(templateName);
        const auto stored = t ? t->storedMessages(error) : std::nullopt;
        if (t && !stored)
            return std::nullopt;
        if (!stored || stored->size() != 1) {
            if (error)
                *error = t ? QStringLiteral("template %1 is not one message").arg(templateName)
                           : QStringLiteral("no template is named '%1'").arg(templateName);
            return std::nullopt;
        }
        message.message = stored->constFirst();
    } else {
        const auto stored = hex.isEmpty() ? TemplateText::parseText(text, error) : TemplateText::parseHex(hex, error);
        if (!stored)
            return std::nullopt;
        message.message = *stored;
    }
    if (!expect.isEmpty() || !expectHex.isEmpty()) {
        const auto prefix = expectHex.isEmpty() ? EscapedText::parse(expect, error) : HexBytes::parse(expectHex, error);
        if (!prefix)
            return std::nullopt;
        message.expect = *prefix;
    }
    message.startTls = startTls;
    return message;
}

} // namespace NetCore
