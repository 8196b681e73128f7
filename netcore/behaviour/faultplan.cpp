// SPDX-License-Identifier: GPL-3.0-or-later
#include "behaviour/faultplan.h"
#include "io/timeunits.h"

#include <cmath>

namespace NetCore {

namespace {

QString formatMs(qint64 ns)
{
    return QString::number(double(ns) / double(NsPerMs), 'g', 12);
}

std::optional<double> parseProbability(const QString &text)
{
    bool ok = false;
    const double p = text.toDouble(&ok);
    if (!ok || !(p >= 0 && p <= 1))
        return std::nullopt;
    return p;
}

std::optional<qint64> parsePositiveMs(const QString &text)
{
    bool ok = false;
    const double ms = text.toDouble(&ok);
    if (!ok || !std::isfinite(ms) || ms <= 0 || ms > 86'400'000)
        return std::nullopt;
    return qint64(std::llround(ms * double(NsPerMs)));
}

} // namespace

bool FaultPlan::Window::activeAt(qint64 sinceSetNs) const
{
    if (!enabled() || sinceSetNs < 0)
        return false;
    if (everyNs <= 0)
        return sinceSetNs < durationNs;
    return sinceSetNs % everyNs >= everyNs - durationNs;
}

qint64 FaultPlan::Window::nextChangeAt(qint64 sinceSetNs) const
{
    if (!enabled())
        return -1;
    if (everyNs <= 0)
        return sinceSetNs < durationNs ? durationNs : -1;
    const qint64 periodStart = sinceSetNs - sinceSetNs % everyNs;
    const qint64 troubleStart = periodStart + everyNs - durationNs;
    return sinceSetNs < troubleStart ? troubleStart : periodStart + everyNs;
}

bool FaultPlan::isEmpty() const
{
    return specs().isEmpty();
}

QStringList FaultPlan::specs() const
{
    QStringList out;
    auto window = [](const char *name, const Window &w) {
        QString text = QLatin1String(name) + QLatin1Char(':') + formatMs(w.durationNs);
        if (w.everyNs > 0)
            text += QLatin1Char('@') + formatMs(w.everyNs);
        return text;
    };
    if (dropProbability > 0)
        out << QStringLiteral("drop:%1").arg(dropProbability);
    if (closeAfterFrames > 0)
        out << QStringLiteral("close-after:%1").arg(closeAfterFrames);
    if (closeProbability > 0)
        out << QStringLiteral("close:%1").arg(closeProbability);
    if (corruptProbability > 0)
        out << QStringLiteral("corrupt:%1").arg(corruptProbability);
    if (tlsAbortProbability > 0)
        out << QStringLiteral("tls-abort:%1").arg(tlsAbortProbability);
    if (stall.enabled())
        out << window("stall", stall);
    if (refuse.enabled())
        out << window("refuse", refuse);
    return out;
}

QString FaultPlan::syntax()
{
    return QStringLiteral("drop:P | close-after:N | close:P | corrupt:P | tls-abort:P | stall:MS[@EVERY_MS] | refuse:MS[@EVERY_MS]");
}

std::optional<FaultPlan> FaultPlan::parse(const QStringList &specs, QString *error)
{
    FaultPlan plan;
    QStringList seen;
    for (const QString &spec : specs) {
        auto fail = [&](const QString &why) {
            if (error)
                *error = QStringLiteral("fault '%1': %2").arg(spec, why);
            return std::nullopt;
        };
        const qsizetype colon = spec.indexOf(QLatin1Char(':'));
        const QString name = (colon < 0 ? spec : spec.left(colon)).trimmed().toLower();
        const QString value = colon < 0 ? QString() : spec.mid(colon + 1).trimmed();
        if (seen.contains(name))
            return fail(QStringLiteral("given twice"));
        seen << name;
        if (name == QLatin1String("drop") || name == QLatin1String("close") || name == QLatin1String("corrupt")
            || name == QLatin1String("tls-abort")) {
            const auto p = parseProbability(value);
            if (!p)
                return fail(QStringLiteral("'%1' is not a probability from 0 to 1").arg(value));
            (name == QLatin1String("drop")    ? plan.dropProbability
             : name == QLatin1String("close") ? plan.closeProbability
             : name == QLatin1String("corrupt") ? plan.corruptProbability
                                                : plan.tlsAbortProbability) = *p;
        } else if (name == QLatin1String("close-after")) {
            bool ok = false;
            const qulonglong n = value.toULongLong(&ok);
            if (!ok || n == 0)
                return fail(QStringLiteral("'%1' is not a whole number of frames above 0").arg(value));
            plan.closeAfterFrames = n;
        } else if (name == QLatin1String("stall") || name == QLatin1String("refuse")) {
            const QStringList parts = value.split(QLatin1Char('@'));
            const auto duration = parsePositiveMs(parts[0]);
            if (parts.size() > 2 || !duration)
                return fail(QStringLiteral("expected %1:MS[@EVERY_MS] with MS above 0").arg(name));
            Window window{*duration, 0};
            if (parts.size() == 2) {
                const auto every = parsePositiveMs(parts[1]);
                if (!every)
                    return fail(QStringLiteral("the period '%1' is not a number of milliseconds above 0").arg(parts[1]));
                if (*every <= *duration)
                    return fail(QStringLiteral("the period '%1' must be longer than the %2 itself").arg(parts[1], name));
                window.everyNs = *every;
            }
            (name == QLatin1String("stall") ? plan.stall : plan.refuse) = window;
        } else {
            return fail(QStringLiteral("unknown (known: %1)").arg(syntax()));
        }
    }
    return plan;
}

} // namespace NetCore
