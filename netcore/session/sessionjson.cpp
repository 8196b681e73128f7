// SPDX-License-Identifier: GPL-3.0-or-later
#include "session/sessionjson.h"

namespace NetCore::SessionJson {

std::optional<Framing> readFraming(JsonReader &reader, const QJsonObject &object, const QString &path, const char *key)
{
    if (!reader.has(object, key))
        return std::nullopt;
    QString why;
    const auto framing = parseFraming(reader.string(object, path, key), &why);
    if (!framing)
        reader.error(JsonReader::join(path, key), why);
    return framing;
}

void putFramings(QJsonObject &object, const Framing &framing, const std::optional<Framing> &replyFraming)
{
    if (framing != Framing::Wb1)
        object.insert(QStringLiteral("framing"), framingName(framing));
    if (replyFraming)
        object.insert(QStringLiteral("reply_framing"), framingName(*replyFraming));
}

} // namespace NetCore::SessionJson
