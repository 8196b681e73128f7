// SPDX-License-Identifier: GPL-3.0-or-later
#include "session/namedtemplate.h"

#include "text/templatetext.h"

namespace NetCore {

bool NamedTemplate::applyTo(FleetConfig &config, QString *error) const
{
    config.messages.clear();
    config.randomPayload = false;
    switch (source) {
    case Source::Size:
        config.payloadSize = size;
        config.randomPayload = random;
        break;
    case Source::Text: {
        const auto bytes = TemplateText::parseText(text, error);
        if (!bytes)
            return false;
        config.messages = {*bytes};
        break;
    }
    case Source::Hex: {
        const auto bytes = TemplateText::parseHex(hex, error);
        if (!bytes)
            return false;
        config.messages = {*bytes};
        break;
    }
    case Source::Messages:
        for (const QString &message : messages) {
            const auto bytes = TemplateText::parseText(message, error);
            if (!bytes)
                return false;
            config.messages.append(*bytes);
        }
        break;
    }
    if (wb1Type)
        config.wb1Type = quint8(*wb1Type);
    if (wb1Flags)
        config.wb1Flags = quint16(*wb1Flags);
    return true;
}

} // namespace NetCore
