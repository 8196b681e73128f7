// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "codec/framing.h"

#include <QCommandLineParser>
#include <QString>

/**
 * Reads typed, bounded option values from a parsed command line. The first bad
 * value is remembered as a one-line reason naming the option and what it takes;
 * later reads still return their fallbacks, so a command reads everything, then
 * checks ok() once.
 */
class OptionReader
{
public:
    explicit OptionReader(const QCommandLineParser &parser);

    qint64 integer(const QString &name, qint64 minimum, qint64 maximum, qint64 fallback);
    double number(const QString &name, double minimum, double maximum, double fallback);
    NetCore::Framing framing(const QString &name, NetCore::Framing fallback);
    /** "HOST:PORT" or "[IPv6]:PORT"; the port must be 1 to 65535 (0 too with `portZeroAllowed`: a listen address). */
    bool target(const QString &name, QString *host, quint16 *port, bool portZeroAllowed = false);

    void fail(const QString &reason);
    bool ok() const { return m_error.isEmpty(); }
    QString error() const { return m_error; }

private:
    const QCommandLineParser &m_parser;
    QString m_error;
};

/** `arguments` without every `--NAME VALUE` and `--NAME=VALUE` (what agents of --processes are given). */
QStringList withoutOption(const QStringList &arguments, const QString &name);
