// SPDX-License-Identifier: GPL-3.0-or-later
#include "proxy/toxic.h"

#include "io/hostaddress.h"

#include <QJsonValue>
#include <QRegularExpression>

#include <array>
#include <limits>
#include <utility>

namespace NetCore {

namespace {

// About 49 days in ms, 4 TB/s in KB/s: far past any use, and in nanoseconds still far from overflowing.
constexpr qint64 AttributeMax = qint64(1) << 32;

constexpr std::array<std::pair<Toxic::Type, const char *>, 7> typeTable{{
    {Toxic::Type::Latency, "latency"},
    {Toxic::Type::Bandwidth, "bandwidth"},
    {Toxic::Type::SlowClose, "slow_close"},
    {Toxic::Type::Timeout, "timeout"},
    {Toxic::Type::ResetPeer, "reset_peer"},
    {Toxic::Type::Slicer, "slicer"},
    {Toxic::Type::LimitData, "limit_data"},
}};

/** The attributes of each type, by Toxiproxy's names, and where each is kept. */
QList<std::pair<const char *, qint64 Toxic::*>> attributesOf(Toxic::Type type)
{
    switch (type) {
    case Toxic::Type::Latency: return {{"latency", &Toxic::latencyMs}, {"jitter", &Toxic::jitterMs}};
    case Toxic::Type::Bandwidth: return {{"rate", &Toxic::rateKBps}};
    case Toxic::Type::SlowClose: return {{"delay", &Toxic::delayMs}};
    case Toxic::Type::Timeout:
    case Toxic::Type::ResetPeer: return {{"timeout", &Toxic::timeoutMs}};
    case Toxic::Type::Slicer:
        return {{"average_size", &Toxic::averageSize}, {"size_variation", &Toxic::sizeVariation}, {"delay", &Toxic::delayUs}};
    case Toxic::Type::LimitData: return {{"bytes", &Toxic::bytes}};
    }
    return {};
}

std::optional<Toxic> invalid(QString *error, const QString &why)
{
    if (error)
        *error = why;
    return std::nullopt;
}

/** What a type's attributes must hold together; empty when they do. */
QString checkAttributes(const Toxic &toxic)
{
    switch (toxic.type) {
    case Toxic::Type::Bandwidth:
        return toxic.rateKBps > 0 ? QString() : QStringLiteral("bandwidth needs rate above 0 (KB/s)");
    case Toxic::Type::Slicer:
        if (toxic.averageSize <= 0)
            return QStringLiteral("slicer needs average_size above 0 (bytes)");
        return toxic.sizeVariation < toxic.averageSize ? QString()
                                                       : QStringLiteral("slicer's size_variation must be below its average_size");
    case Toxic::Type::LimitData:
        return toxic.bytes > 0 ? QString() : QStringLiteral("limit_data needs bytes above 0");
    default:
        return {};
    }
}

} // namespace

QString Toxic::typeName(Type type)
{
    for (const auto &[t, name] : typeTable) {
        if (t == type)
            return QLatin1String(name);
    }
    return {};
}

QStringList Toxic::typeNames()
{
    QStringList names;
    for (const auto &[t, name] : typeTable)
        names << QLatin1String(name);
    return names;
}

QString Toxic::syntax()
{
    return QStringLiteral("TYPE[:KEY=VALUE,...], Toxiproxy's toxics: latency:latency=MS,jitter=MS | bandwidth:rate=KB/s | "
                          "slow_close:delay=MS | timeout:timeout=MS | reset_peer:timeout=MS | "
                          "slicer:average_size=B,size_variation=B,delay=US | limit_data:bytes=N; each also takes "
                          "stream=upstream|downstream (default downstream), toxicity=0..1 (default 1), name=NAME and "
                          "from=ADDRESS[/PREFIX] (only clients from there)");
}

std::optional<Toxic> Toxic::parse(const QString &spec, QString *error)
{
    const qsizetype colon = spec.indexOf(QLatin1Char(':'));
    const QString typeText = spec.left(colon).trimmed();
    QJsonObject object{{QStringLiteral("type"), typeText}};
    QJsonObject attributes;
    const QStringList pairs = colon < 0 ? QStringList{} : spec.mid(colon + 1).split(QLatin1Char(','), Qt::SkipEmptyParts);
    for (const QString &pair : pairs) {
        const qsizetype equals = pair.indexOf(QLatin1Char('='));
        if (equals <= 0)
            return invalid(error, QStringLiteral("toxic '%1': expected KEY=VALUE, found '%2'").arg(spec, pair));
        const QString key = pair.left(equals).trimmed();
        const QString value = pair.mid(equals + 1).trimmed();
        if (key == QLatin1String("stream") || key == QLatin1String("name") || key == QLatin1String("from")) {
            object.insert(key, value);
        } else {
            bool ok = false;
            const double number = value.toDouble(&ok);
            if (!ok)
                return invalid(error, QStringLiteral("toxic '%1': %2 is not a number: '%3'").arg(spec, key, value));
            (key == QLatin1String("toxicity") ? object : attributes).insert(key, number);
        }
    }
    object.insert(QStringLiteral("attributes"), attributes);
    QString why;
    const auto toxic = fromJson(object, &why);
    if (!toxic)
        return invalid(error, QStringLiteral("toxic '%1': %2").arg(spec, why));
    return toxic;
}

std::optional<Toxic> Toxic::fromJson(const QJsonObject &object, QString *error)
{
    Toxic toxic;
    const QString typeText = object.value(QStringLiteral("type")).toString();
    bool known = false;
    for (const auto &[t, name] : typeTable) {
        if (typeText == QLatin1String(name)) {
            toxic.type = t;
            known = true;
        }
    }
    if (!known)
        return invalid(error, QStringLiteral("unknown toxic type '%1' (expected one of %2)").arg(typeText, typeNames().join(QStringLiteral(", "))));
    const QString stream = object.value(QStringLiteral("stream")).toString(QStringLiteral("downstream"));
    if (stream != QLatin1String("upstream") && stream != QLatin1String("downstream"))
        return invalid(error, QStringLiteral("stream must be upstream or downstream, not '%1'").arg(stream));
    toxic.stream = stream == QLatin1String("upstream") ? Stream::Upstream : Stream::Downstream;
    toxic.toxicity = object.value(QStringLiteral("toxicity")).toDouble(1.0);
    if (!(toxic.toxicity >= 0.0 && toxic.toxicity <= 1.0))
        return invalid(error, QStringLiteral("toxicity must be from 0 to 1"));
    toxic.name = object.value(QStringLiteral("name")).toString();
    if (toxic.name.isEmpty())
        toxic.name = typeText + QLatin1Char('_') + stream;
    // A name is a path segment of the API and a value in a spec: nothing that would split either.
    static const QRegularExpression nameSyntax(QStringLiteral("^[A-Za-z0-9_.-]{1,100}$"));
    if (!nameSyntax.match(toxic.name).hasMatch())
        return invalid(error, QStringLiteral("name '%1': use up to 100 letters, digits, '_', '-' and '.'").arg(toxic.name));
    toxic.from = object.value(QStringLiteral("from")).toString();
    if (!toxic.from.isEmpty() && !parseSubnet(toxic.from))
        return invalid(error, QStringLiteral("from= takes an address or ADDRESS/PREFIX, not '%1'").arg(toxic.from));
    const QJsonObject attributes = object.value(QStringLiteral("attributes")).toObject();
    const auto known_ = attributesOf(toxic.type);
    for (auto it = attributes.begin(); it != attributes.end(); ++it) {
        bool found = false;
        for (const auto &[name, field] : known_) {
            if (it.key() != QLatin1String(name))
                continue;
            found = true;
            const double value = it.value().toDouble(-1);
            if (!it.value().isDouble() || value < 0 || value > double(AttributeMax) || value != double(qint64(value)))
                return invalid(error, QStringLiteral("%1 must be a whole number from 0").arg(it.key()));
            toxic.*field = qint64(value);
        }
        if (!found) {
            QStringList names;
            for (const auto &[name, field] : known_)
                names << QLatin1String(name);
            return invalid(error, QStringLiteral("%1 has no attribute '%2' (it has %3)").arg(typeText, it.key(), names.join(QStringLiteral(", "))));
        }
    }
    if (const QString why = checkAttributes(toxic); !why.isEmpty())
        return invalid(error, why);
    return toxic;
}

QJsonObject Toxic::attributes() const
{
    QJsonObject object;
    for (const auto &[name, field] : attributesOf(type))
        object.insert(QLatin1String(name), double(this->*field));
    return object;
}

QJsonObject Toxic::toJson() const
{
    QJsonObject object{{QStringLiteral("name"), name},
                       {QStringLiteral("type"), typeName(type)},
                       {QStringLiteral("stream"), streamName(stream)},
                       {QStringLiteral("toxicity"), toxicity},
                       {QStringLiteral("attributes"), attributes()}};
    if (!from.isEmpty())
        object.insert(QStringLiteral("from"), from); // Wirebench's own: Toxiproxy's clients pass it by
    return object;
}

bool Toxic::appliesTo(const QHostAddress &address) const
{
    if (from.isEmpty())
        return true;
    const auto subnet = parseSubnet(from);
    return subnet && address.isInSubnet(subnet->first, subnet->second);
}

QString Toxic::spec() const
{
    QStringList pairs;
    for (const auto &[key, field] : attributesOf(type))
        pairs << QStringLiteral("%1=%2").arg(QLatin1String(key)).arg(this->*field);
    if (stream != Stream::Downstream)
        pairs << QStringLiteral("stream=upstream");
    if (toxicity != 1.0)
        pairs << QStringLiteral("toxicity=%1").arg(toxicity);
    if (name != typeName(type) + QLatin1Char('_') + streamName(stream))
        pairs << QStringLiteral("name=%1").arg(name);
    if (!from.isEmpty())
        pairs << QStringLiteral("from=%1").arg(from);
    return typeName(type) + QLatin1Char(':') + pairs.join(QLatin1Char(','));
}

} // namespace NetCore
