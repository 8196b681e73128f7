// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "codec/frame.h"

#include <QString>

#include <memory>

namespace NetCore {

/** Where a behaviour puts its answers; given by the connection the request came on. */
class ServerReplies
{
public:
    virtual ~ServerReplies() = default;
    /**
     * Answers the current request: with WB1 a REPLY carrying the request's sequence
     * and timestamp, otherwise a plain frame. Does nothing for a NO_REPLY request.
     */
    virtual void reply(QByteArrayView payload) = 0;
};

/**
 * What a test server does with each request: one small class per behaviour (echo,
 * and the fixed, sink, delayed and scripted ones to come). Each I/O thread has its
 * own instance, so a behaviour needs no locking; it lives and runs on that thread.
 */
class ServerBehaviour
{
public:
    virtual ~ServerBehaviour() = default;

    /** The behaviour as written on the command line and in session files ("echo"). */
    virtual QString spec() const = 0;

    /** One request: a WB1 DATA frame, or any frame of the other framings. */
    virtual void onRequest(const Frame &request, ServerReplies &replies) = 0;

    /**
     * A new instance for `spec`, or nullptr with `error` saying what was wrong.
     * Known today: "echo".
     */
    static std::unique_ptr<ServerBehaviour> create(const QString &spec, QString *error = nullptr);
};

} // namespace NetCore
