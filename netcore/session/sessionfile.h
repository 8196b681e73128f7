// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "session/session.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <optional>

namespace NetCore {

/**
 * The session file format (docs/session-format.md): JSON, UTF-8,
 * `"format": "wirebench-session"`, `"version": 1`.
 *
 * Reading reports every problem at once, each as "FILE: PATH: what was expected";
 * unknown keys are errors. Writing gives one canonical text (keys sorted, four-space
 * indentation, defaults left out), so a file Wirebench wrote loads and saves back to
 * the same bytes and diffs well.
 */
class SessionFile
{
public:
    static constexpr int Version = 1;

    /**
     * Parses `json`; on failure returns nullopt and fills `errors` (each prefixed with
     * `fileName`). Relative paths the session reads resolve against `baseDirectory`
     * (empty: the working folder).
     */
    static std::optional<Session> parse(const QByteArray &json, const QString &fileName, QStringList *errors,
                                        const QString &baseDirectory = {});
    /** Reads and parses the file at `path`; what it reads resolves against the file's folder. */
    static std::optional<Session> load(const QString &path, QStringList *errors);

    static QByteArray serialize(const Session &session);
    /** Atomic (writeFileAtomically): the old file stays whole if anything fails, a full disk included. */
    static bool save(const Session &session, const QString &path, QString *error);
};

} // namespace NetCore
