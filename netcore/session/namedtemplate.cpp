// SPDX-License-Identifier: GPL-3.0-or-later
#include "session/namedtemplate.h"

#include "text/httprequesttext.h"
#include "text/rediscommandtext.h"
#include "text/templatetext.h"

namespace NetCore {

std::optional<QList<QByteArray>> NamedTemplate::storedMessages(QString *error) const
{
    QList<QByteArray> stored;
    auto add = [&](const std::optional<QByteArray> &message) {
        if (message)
            stored.append(*message);
        return message.has_value();
    };
    switch (source) {
    case Source::Size: break;
    case Source::Text:
        if (!add(TemplateText::parseText(text, error)))
            return std::nullopt;
        break;
    case Source::Hex:
        if (!add(TemplateText::parseHex(hex, error)))
            return std::nullopt;
        break;
    case Source::Messages:
    case Source::Http:
    case Source::Redis:
        for (const QString &message : messages) {
            const auto built = source == Source::Http ? HttpRequestText::build(message, headers, error)
                : source == Source::Redis             ? RedisCommandText::build(message, error)
                                                      : TemplateText::parseText(message, error);
            if (!add(built))
                return std::nullopt;
        }
        break;
    }
    return stored;
}

bool NamedTemplate::applyTo(FleetConfig &config, QString *error) const
{
    const auto stored = storedMessages(error);
    if (!stored)
        return false;
    config.messages = *stored;
    config.randomPayload = false;
    if (source == Source::Size) {
        config.payloadSize = size;
        config.randomPayload = random;
    }
    if (wb1Type)
        config.wb1Type = quint8(*wb1Type);
    if (wb1Flags)
        config.wb1Flags = quint16(*wb1Flags);
    return true;
}

std::optional<Framing> NamedTemplate::impliedFraming() const
{
    if (source == Source::Http)
        return Framing(Framing::Http1);
    if (source == Source::Redis)
        return Framing(Framing::Resp);
    return std::nullopt;
}

} // namespace NetCore
