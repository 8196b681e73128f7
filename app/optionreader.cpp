// SPDX-License-Identifier: GPL-3.0-or-later
#include "optionreader.h"

#include "io/hostaddress.h"

#include <QStringList>

#include <cmath>

OptionReader::OptionReader(const QCommandLineParser &parser)
    : m_parser(parser)
{
}

void OptionReader::fail(const QString &reason)
{
    if (m_error.isEmpty())
        m_error = reason;
}

qint64 OptionReader::integer(const QString &name, qint64 minimum, qint64 maximum, qint64 fallback)
{
    if (!m_parser.isSet(name))
        return fallback;
    const QString text = m_parser.value(name);
    bool parsed = false;
    // 0x... for flags and types, written as the protocol writes them.
    const bool hex = text.startsWith(QLatin1String("0x"), Qt::CaseInsensitive);
    const qint64 value = hex ? text.mid(2).toLongLong(&parsed, 16) : text.toLongLong(&parsed);
    if (!parsed || value < minimum || value > maximum) {
        fail(QStringLiteral("--%1 takes a whole number from %2 to %3, not '%4'").arg(name).arg(minimum).arg(maximum).arg(text));
        return fallback;
    }
    return value;
}

double OptionReader::number(const QString &name, double minimum, double maximum, double fallback)
{
    if (!m_parser.isSet(name))
        return fallback;
    const QString text = m_parser.value(name);
    bool parsed = false;
    const double value = text.toDouble(&parsed);
    if (!parsed || !std::isfinite(value) || value < minimum || value > maximum) {
        fail(QStringLiteral("--%1 takes a number from %2 to %3, not '%4'").arg(name).arg(minimum).arg(maximum).arg(text));
        return fallback;
    }
    return value;
}

NetCore::Framing OptionReader::framing(const QString &name, NetCore::Framing fallback)
{
    if (!m_parser.isSet(name))
        return fallback;
    const QString text = m_parser.value(name);
    QString why;
    if (const auto parsed = NetCore::parseFraming(text, &why))
        return *parsed;
    fail(QStringLiteral("--%1: %2").arg(name, why));
    return fallback;
}

bool OptionReader::target(const QString &name, QString *host, quint16 *port, bool portZeroAllowed)
{
    const QString text = m_parser.value(name);
    const auto split = NetCore::splitHostPort(text, portZeroAllowed);
    if (!split) {
        fail(QStringLiteral("--%1 takes HOST:PORT (for example 127.0.0.1:9000), not '%2'").arg(name, text));
        return false;
    }
    *host = split->host;
    *port = split->port;
    return true;
}

QStringList withoutOption(const QStringList &arguments, const QString &name)
{
    QStringList kept;
    for (qsizetype i = 0; i < arguments.size(); ++i) {
        const QString &argument = arguments[i];
        if (argument == QLatin1String("--") + name || argument == QLatin1Char('-') + name)
            ++i; // and its value
        else if (!argument.startsWith(QLatin1String("--") + name + QLatin1Char('=')))
            kept << argument;
    }
    return kept;
}
