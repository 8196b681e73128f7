// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "behaviour/serverbehaviour.h"

#include <random>

namespace NetCore {

/**
 * Echoes each request after a fixed delay plus a random jitter: uniform in
 * [0, jitter], or exponential with mean `jitter` (a long tail, as real services
 * have). With WB1 replies may overtake each other; other framings keep their order.
 */
class DelayedReplyBehaviour final : public ServerBehaviour
{
public:
    enum class Jitter { Uniform, Exponential };

    DelayedReplyBehaviour(qint64 delayNs, qint64 jitterNs, Jitter jitter, quint64 seed);
    void onRequest(const Frame &request, ServerReplies &replies) override;

    /** The delay for the next request; public so its distribution can be tested alone. */
    qint64 nextDelayNs();

private:
    qint64 m_delayNs;
    qint64 m_jitterNs;
    Jitter m_jitter;
    std::mt19937_64 m_random;
};

} // namespace NetCore
