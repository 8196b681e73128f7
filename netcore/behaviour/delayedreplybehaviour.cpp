// SPDX-License-Identifier: GPL-3.0-or-later
#include "behaviour/delayedreplybehaviour.h"

#include <cmath>

namespace NetCore {

DelayedReplyBehaviour::DelayedReplyBehaviour(qint64 delayNs, qint64 jitterNs, Jitter jitter, quint64 seed)
    : m_delayNs(delayNs)
    , m_jitterNs(jitterNs)
    , m_jitter(jitter)
    , m_random(seed)
{
}

qint64 DelayedReplyBehaviour::nextDelayNs()
{
    if (m_jitterNs <= 0)
        return m_delayNs;
    if (m_jitter == Jitter::Uniform)
        return m_delayNs + qint64(std::uniform_int_distribution<qint64>(0, m_jitterNs)(m_random));
    // Capped at 50 means so one unlucky draw cannot hold a reply for hours.
    const double drawn = std::exponential_distribution<double>(1.0 / double(m_jitterNs))(m_random);
    return m_delayNs + qint64(std::min(drawn, 50.0 * double(m_jitterNs)));
}

void DelayedReplyBehaviour::onRequest(const Frame &request, ServerReplies &replies)
{
    replies.replyAfter(nextDelayNs(), request.payload);
}

} // namespace NetCore
