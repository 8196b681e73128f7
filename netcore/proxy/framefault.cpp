// SPDX-License-Identifier: GPL-3.0-or-later
#include "proxy/framefault.h"

#include "behaviour/faultplan.h"
#include "io/hostaddress.h"

namespace NetCore {

namespace {

constexpr qint64 NsPerMs = 1'000'000;

QString kindName(FrameFault::Kind kind)
{
    switch (kind) {
    case FrameFault::Kind::Drop: return QStringLiteral("drop");
    case FrameFault::Kind::Corrupt: return QStringLiteral("corrupt");
    case FrameFault::Kind::Delay: return QStringLiteral("delay");
    case FrameFault::Kind::Stall: return QStringLiteral("stall");
    }
    return {};
}

QString msText(qint64 ns)
{
    return QString::number(double(ns) / double(NsPerMs), 'g', 12);
}

} // namespace

bool FrameFault::isFrameFaultSpec(const QString &spec)
{
    const QString name = spec.section(QLatin1Char(':'), 0, 0).section(QLatin1Char(','), 0, 0).trimmed();
    return name == QLatin1String("drop") || name == QLatin1String("corrupt") || name == QLatin1String("delay")
        || name == QLatin1String("stall");
}

QString FrameFault::syntax()
{
    return QStringLiteral("drop:P | corrupt:P | delay:MS[:JITTER_MS] | stall:MS[@EVERY_MS], then [,stream=upstream|downstream]"
                          "[,toxicity=0..1][,from=ADDRESS[/PREFIX]][,match=exact:TEXT|prefix:TEXT|regex:EXPRESSION]");
}

std::optional<FrameFault> FrameFault::parse(const QString &spec, QString *error)
{
    auto fail = [&](const QString &why) -> std::optional<FrameFault> {
        if (error)
            *error = QStringLiteral("frame fault '%1': %2").arg(spec, why);
        return std::nullopt;
    };
    FrameFault fault;
    // match= takes the rest: a rule may hold commas.
    QString head = spec;
    if (const qsizetype at = spec.indexOf(QLatin1String(",match=")); at >= 0) {
        QString why;
        fault.match = FrameMatch::parse(spec.mid(at + 7), &why);
        if (!fault.match)
            return fail(why);
        head = spec.left(at);
    }
    const QStringList parts = head.split(QLatin1Char(','));
    const QString core = parts.first().trimmed();
    for (qsizetype i = 1; i < parts.size(); ++i) {
        const QString key = parts[i].section(QLatin1Char('='), 0, 0).trimmed();
        const QString value = parts[i].section(QLatin1Char('='), 1).trimmed();
        if (key == QLatin1String("stream")) {
            if (value != QLatin1String("upstream") && value != QLatin1String("downstream"))
                return fail(QStringLiteral("stream must be upstream or downstream, not '%1'").arg(value));
            fault.stream = value == QLatin1String("upstream") ? Toxic::Stream::Upstream : Toxic::Stream::Downstream;
        } else if (key == QLatin1String("toxicity")) {
            bool ok = false;
            fault.toxicity = value.toDouble(&ok);
            if (!ok || !(fault.toxicity >= 0 && fault.toxicity <= 1))
                return fail(QStringLiteral("toxicity must be from 0 to 1, not '%1'").arg(value));
        } else if (key == QLatin1String("from")) {
            if (!parseSubnet(value))
                return fail(QStringLiteral("from= takes an address or ADDRESS/PREFIX, not '%1'").arg(value));
            fault.from = value;
        } else {
            return fail(QStringLiteral("unknown option '%1' (known: stream, toxicity, from, match)").arg(parts[i]));
        }
    }
    const QString name = core.section(QLatin1Char(':'), 0, 0);
    const QString value = core.section(QLatin1Char(':'), 1);
    if (name == QLatin1String("delay")) {
        fault.kind = Kind::Delay;
        const QStringList numbers = value.split(QLatin1Char(':'));
        bool delayOk = false, jitterOk = numbers.size() == 1;
        const double delay = numbers[0].toDouble(&delayOk);
        const double jitter = numbers.size() == 2 ? numbers[1].toDouble(&jitterOk) : 0.0;
        if (numbers.size() > 2 || !delayOk || !jitterOk || !(delay >= 0 && delay <= 3.6e6) || !(jitter >= 0 && jitter <= delay))
            return fail(QStringLiteral("expected delay:MS[:JITTER_MS], up to an hour, the jitter no more than the delay"));
        fault.delayNs = qint64(delay * double(NsPerMs));
        fault.jitterNs = qint64(jitter * double(NsPerMs));
        return fault;
    }
    // drop, corrupt and stall read as the test servers' faults do.
    if (name != QLatin1String("drop") && name != QLatin1String("corrupt") && name != QLatin1String("stall"))
        return fail(QStringLiteral("unknown (known: %1)").arg(syntax()));
    QString why;
    const auto plan = FaultPlan::parse({core}, &why);
    if (!plan)
        return fail(why);
    fault.kind = name == QLatin1String("drop") ? Kind::Drop : name == QLatin1String("corrupt") ? Kind::Corrupt : Kind::Stall;
    fault.probability = fault.kind == Kind::Drop ? plan->dropProbability : plan->corruptProbability;
    fault.stallNs = plan->stall.durationNs;
    fault.everyNs = plan->stall.everyNs;
    return fault;
}

QString FrameFault::spec() const
{
    QString text = kindName(kind) + QLatin1Char(':');
    switch (kind) {
    case Kind::Drop:
    case Kind::Corrupt: text += QString::number(probability, 'g', 12); break;
    case Kind::Delay:
        text += msText(delayNs);
        if (jitterNs > 0)
            text += QLatin1Char(':') + msText(jitterNs);
        break;
    case Kind::Stall:
        text += msText(stallNs);
        if (everyNs > 0)
            text += QLatin1Char('@') + msText(everyNs);
        break;
    }
    if (stream == Toxic::Stream::Upstream)
        text += QStringLiteral(",stream=upstream");
    if (toxicity < 1.0)
        text += QStringLiteral(",toxicity=") + QString::number(toxicity, 'g', 12);
    if (!from.isEmpty())
        text += QStringLiteral(",from=") + from;
    if (match)
        text += QStringLiteral(",match=") + match->text();
    return text;
}

bool FrameFault::appliesTo(const QHostAddress &address) const
{
    if (from.isEmpty())
        return true;
    const auto subnet = parseSubnet(from);
    return subnet && address.isInSubnet(subnet->first, subnet->second);
}

} // namespace NetCore
