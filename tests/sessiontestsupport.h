// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "session/sessionfile.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

/**
 * A session made of a test's JSON pieces: its servers, fleets and scenario steps (each
 * the inside of its array). A session that does not parse is the test's own mistake: it
 * stops the test with the reasons. Relative paths resolve against `baseDirectory`.
 */
inline NetCore::Session testSession(const QByteArray &servers, const QByteArray &fleets, const QByteArray &scenario,
                                    const QString &baseDirectory = {})
{
    const QByteArray json = R"({"format": "wirebench-session", "version": 1, "servers": [)" + servers + R"(], "fleets": [)" + fleets
        + R"(], "scenario": [)" + scenario + "]}";
    QStringList errors;
    const auto session = NetCore::SessionFile::parse(json, QStringLiteral("test.json"), &errors, baseDirectory);
    if (!session)
        qFatal("test session does not parse: %s", qPrintable(errors.join(QLatin1Char('\n'))));
    return *session;
}
