// SPDX-License-Identifier: GPL-3.0-or-later
#include "behaviour/behaviourspec.h"
#include "io/timeunits.h"

#include "behaviour/echobehaviour.h"
#include "behaviour/fixedreplybehaviour.h"
#include "behaviour/rulesbehaviour.h"
#include "behaviour/sinkbehaviour.h"
#include "codec/frame.h"
#include "codec/framecodec.h"
#include "codec/frameerror.h"
#include "storage/relativepath.h"
#include "text/escapedtext.h"
#include "text/hexbytes.h"

#include <QFile>

#include <cmath>

namespace NetCore {

namespace {

constexpr double MaxDelayMs = 3'600'000; // one hour

std::optional<qint64> parseMilliseconds(const QString &text, const char *what, QString *error)
{
    bool ok = false;
    const double ms = text.toDouble(&ok);
    if (!ok || !std::isfinite(ms) || ms < 0 || ms > MaxDelayMs) {
        if (error)
            *error = QStringLiteral("%1 '%2' is not a number of milliseconds from 0 to %3")
                         .arg(QLatin1String(what), text)
                         .arg(MaxDelayMs, 0, 'f', 0);
        return std::nullopt;
    }
    return qint64(std::llround(ms * double(NsPerMs)));
}

} // namespace

QString BehaviourSpec::syntax()
{
    return QStringLiteral("echo | sink | fixed:TEXT | fixed-hex:HEX | delay:MS[:JITTER_MS[:uniform|exp]] | rules:FILE");
}

std::optional<BehaviourSpec> BehaviourSpec::parse(const QString &text, QString *error, const QString &baseDirectory)
{
    auto fail = [&](const QString &why) {
        if (error)
            *error = QStringLiteral("behaviour '%1': %2").arg(text, why);
        return std::nullopt;
    };
    const qsizetype colon = text.indexOf(QLatin1Char(':'));
    const QString name = (colon < 0 ? text : text.left(colon)).trimmed().toLower();
    const QString argument = colon < 0 ? QString() : text.mid(colon + 1);
    BehaviourSpec spec;
    QString why;
    if (name == QLatin1String("echo") || name == QLatin1String("sink")) {
        if (colon >= 0)
            return fail(QStringLiteral("takes no argument"));
        spec.m_kind = name == QLatin1String("echo") ? Kind::Echo : Kind::Sink;
        spec.m_text = name;
    } else if (name == QLatin1String("fixed") || name == QLatin1String("fixed-hex")) {
        if (colon < 0)
            return fail(QStringLiteral("needs the reply after ':'"));
        const auto payload = name == QLatin1String("fixed") ? EscapedText::parse(argument, &why)
                                                            : HexBytes::parse(argument, &why);
        if (!payload)
            return fail(why);
        spec.m_kind = Kind::Fixed;
        spec.m_payload = *payload;
        spec.m_text = name + QLatin1Char(':') + argument;
    } else if (name == QLatin1String("delay")) {
        const QStringList parts = argument.split(QLatin1Char(':'));
        if (colon < 0 || parts.size() > 3 || parts[0].isEmpty())
            return fail(QStringLiteral("expected delay:MS[:JITTER_MS[:uniform|exp]]"));
        const auto delay = parseMilliseconds(parts[0], "delay", &why);
        if (!delay)
            return fail(why);
        std::optional<qint64> jitter = 0;
        if (parts.size() >= 2 && !(jitter = parseMilliseconds(parts[1], "jitter", &why)))
            return fail(why);
        if (parts.size() == 3) {
            const QString distribution = parts[2].toLower();
            if (distribution == QLatin1String("uniform"))
                spec.m_jitter = DelayedReplyBehaviour::Jitter::Uniform;
            else if (distribution == QLatin1String("exp") || distribution == QLatin1String("exponential"))
                spec.m_jitter = DelayedReplyBehaviour::Jitter::Exponential;
            else
                return fail(QStringLiteral("jitter distribution '%1' is not uniform or exp").arg(parts[2]));
        }
        spec.m_kind = Kind::Delay;
        spec.m_delayNs = *delay;
        spec.m_jitterNs = *jitter;
        spec.m_text = QStringLiteral("delay:") + parts.join(QLatin1Char(':'));
    } else if (name == QLatin1String("rules")) {
        if (argument.isEmpty())
            return fail(QStringLiteral("needs a file: rules:FILE"));
        const QString path = resolveRelativePath(argument, baseDirectory);
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            return fail(QStringLiteral("cannot read %1: %2").arg(path, file.errorString()));
        constexpr qint64 MaxRulesBytes = 1 << 20;
        const QByteArray content = file.read(MaxRulesBytes + 1);
        if (content.size() > MaxRulesBytes)
            return fail(QStringLiteral("%1 is larger than 1 MiB").arg(path));
        const auto rules = ReplyRule::parseAll(QString::fromUtf8(content), path, &why);
        if (!rules)
            return fail(why);
        spec.m_kind = Kind::Rules;
        spec.m_rules = *rules;
        spec.m_text = QStringLiteral("rules:") + argument;
    } else {
        return fail(QStringLiteral("unknown (known: %1)").arg(syntax()));
    }
    return spec;
}

QString BehaviourSpec::replyProblem(const Framing &replyFraming, qsizetype maxPayload) const
{
    // HTTP and WebSocket replies are built around the payload, never refused.
    if (replyFraming == Framing::Http1 || replyFraming == Framing::WebSocket)
        return {};
    const auto codec = makeCodec(replyFraming, maxPayload);
    auto problem = [&](const QByteArray &reply, const QString &what) -> QString {
        QByteArray wire;
        const FrameError error = codec->encode(Frame{quint8(FrameType::Reply), 0, 1, 0, reply}, wire);
        if (error == FrameError::None)
            return {};
        QString why;
        switch (error) {
        case FrameError::NewlineInPayload: why = QStringLiteral("it holds a newline, and line framing adds the one that ends it"); break;
        case FrameError::SeparatorInPayload: why = QStringLiteral("it holds the framing's separator, which would end it early"); break;
        case FrameError::WrongSize: why = QStringLiteral("it is %1 bytes, not the framing's size").arg(reply.size()); break;
        case FrameError::TooLarge: why = QStringLiteral("it is %1 bytes, more than a frame carries").arg(reply.size()); break;
        default: why = QString::fromLatin1(frameErrorCode(error).toByteArray()); break;
        }
        return QStringLiteral("%1 cannot go out in %2 framing: %3").arg(what, framingName(replyFraming), why);
    };
    // Rules are not judged here: one file may serve several framings, its rules for
    // one never matching requests of another.
    return m_kind == Kind::Fixed ? problem(m_payload, QStringLiteral("the fixed reply")) : QString();
}

std::unique_ptr<ServerBehaviour> BehaviourSpec::instantiate(quint64 seed) const
{
    switch (m_kind) {
    case Kind::Echo: return std::make_unique<EchoBehaviour>();
    case Kind::Sink: return std::make_unique<SinkBehaviour>();
    case Kind::Fixed: return std::make_unique<FixedReplyBehaviour>(m_payload);
    case Kind::Delay: return std::make_unique<DelayedReplyBehaviour>(m_delayNs, m_jitterNs, m_jitter, seed);
    case Kind::Rules: return std::make_unique<RulesBehaviour>(m_rules);
    }
    return std::make_unique<EchoBehaviour>();
}

} // namespace NetCore
