// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "codec/frame.h"

#include <QString>

namespace NetCore {

/** Where a behaviour puts its answers; given by the connection the request came on. */
class ServerReplies
{
public:
    virtual ~ServerReplies() = default;
    /**
     * Answers the current request now: with WB1 a REPLY carrying the request's
     * sequence and timestamp, otherwise a plain frame. Nothing for a NO_REPLY request.
     */
    virtual void reply(QByteArrayView payload) = 0;
    /** The same, sent `delayNs` from now (the connection's own timer does it). */
    virtual void replyAfter(qint64 delayNs, QByteArrayView payload) = 0;
};

/**
 * What a test server does with each request: one small class per behaviour. Each
 * I/O thread has its own instance (made by BehaviourSpec::instantiate), so a
 * behaviour needs no locking; it lives and runs on that thread.
 */
class ServerBehaviour
{
public:
    virtual ~ServerBehaviour() = default;

    /** One request: a WB1 DATA frame, or any frame of the other framings. */
    virtual void onRequest(const Frame &request, ServerReplies &replies) = 0;
};

} // namespace NetCore
