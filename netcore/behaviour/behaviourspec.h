// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "behaviour/delayedreplybehaviour.h"
#include "behaviour/replyrule.h"
#include "codec/framing.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <memory>
#include <optional>

namespace NetCore {

class ServerBehaviour;

/**
 * A server behaviour as written on the command line and in session files, checked
 * once on the owner's thread; each I/O thread then gets its own instance.
 *
 *     echo | sink | fixed:TEXT | fixed-hex:HEX | delay:MS[:JITTER_MS[:uniform|exp]] | rules:FILE
 *
 * TEXT takes escapes (\n, \xHH, ...); MS may be fractional (0.25). A rules file is
 * read here, so a later change to it needs the behaviour set again.
 */
class BehaviourSpec
{
public:
    enum class Kind { Echo, Sink, Fixed, Delay, Rules };

    /** Echo. */
    BehaviourSpec() = default;

    /**
     * A relative rules FILE is read from `baseDirectory` (a session file's folder), or
     * from the working folder when that is empty; text() keeps the path as written.
     */
    static std::optional<BehaviourSpec> parse(const QString &text, QString *error = nullptr,
                                              const QString &baseDirectory = {});

    /**
     * Why the reply it always gives (fixed) cannot go out in
     * `replyFraming` with `maxPayload` (0: the framing's own; a newline in a line, a
     * separator in a delimited frame, a size a fixed framing has not), or empty. Such a reply would never be sent: a server
     * refuses to start with it rather than answer nothing.
     */
    QString replyProblem(const Framing &replyFraming, qsizetype maxPayload = 0) const;

    /** A fresh behaviour for one I/O thread; `seed` drives its randomness (jitter). */
    std::unique_ptr<ServerBehaviour> instantiate(quint64 seed) const;

    /** The text it was parsed from, tidied (what session files store). */
    QString text() const { return m_text; }
    Kind kind() const { return m_kind; }

    /** The spec syntax, for --help and error messages. */
    static QString syntax();

private:
    Kind m_kind = Kind::Echo;
    QString m_text = QStringLiteral("echo");
    QByteArray m_payload;          // fixed
    qint64 m_delayNs = 0;          // delay
    qint64 m_jitterNs = 0;
    DelayedReplyBehaviour::Jitter m_jitter = DelayedReplyBehaviour::Jitter::Uniform;
    QList<ReplyRule> m_rules;      // rules
};

} // namespace NetCore
