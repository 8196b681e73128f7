// SPDX-License-Identifier: GPL-3.0-or-later
#include "session/exchangemessage.h"

#include "session/session.h"
#include "text/escapedtext.h"
#include "text/hexbytes.h"
#include "text/templatetext.h"

namespace NetCore {

std::optional<HelloMessage> ExchangeMessage::resolve(const Session &session, QString *error) const
{
    QString text = this->text;
    QString hex = this->hex;
    if (!templateName.isEmpty()) {
        const NamedTemplate *t = session.messageTemplate(templateName);
        if (!t || (t->source != NamedTemplate::Source::Text && t->source != NamedTemplate::Source::Hex)) {
            if (error)
                *error = t ? QStringLiteral("template %1 is not one message of text or hex").arg(templateName)
                           : QStringLiteral("no template is named '%1'").arg(templateName);
            return std::nullopt;
        }
        text = t->source == NamedTemplate::Source::Text ? t->text : QString();
        hex = t->source == NamedTemplate::Source::Hex ? t->hex : QString();
    }
    HelloMessage message;
    const auto stored = hex.isEmpty() ? TemplateText::parseText(text, error) : TemplateText::parseHex(hex, error);
    if (!stored)
        return std::nullopt;
    message.message = *stored;
    if (!expect.isEmpty() || !expectHex.isEmpty()) {
        const auto prefix = expectHex.isEmpty() ? EscapedText::parse(expect, error) : HexBytes::parse(expectHex, error);
        if (!prefix)
            return std::nullopt;
        message.expect = *prefix;
    }
    return message;
}

} // namespace NetCore
