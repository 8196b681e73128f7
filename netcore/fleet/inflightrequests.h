// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "codec/frame.h"
#include "io/ringqueue.h"

namespace NetCore {

/**
 * A fleet connection's requests awaiting replies, in send order, and which of them
 * a reply answers: the oldest (in order), WB1's sequence number, or a key read from
 * both (ReplyMatch's field). Inline: it runs for every message.
 */
class InFlightRequests
{
public:
    struct Request {
        quint64 sequence; // WB1's sequence number, or the key (ByKey)
        qint64 dueNs;
        qint64 sentNs;
        quint32 ordinal; // the request's number on its connection (1, 2, ...), for the traffic log
        bool traced;     // its reply goes to the traffic log
    };
    enum class Matching { InOrder, BySequence, ByKey };

    explicit InFlightRequests(Matching matching)
        : m_matching(matching)
    {
    }

    Matching matching() const { return m_matching; }
    qsizetype size() const { return m_requests.size(); }
    bool isEmpty() const { return m_requests.isEmpty(); }
    const Request &operator[](qsizetype index) const { return m_requests[index]; }

    void append(const Request &request) { m_requests.append(request); }

    /** The index of the request `reply` answers, or -1. */
    qsizetype find(const Frame &reply) const
    {
        if (m_matching == Matching::InOrder)
            return m_requests.isEmpty() ? -1 : 0;
        // Replies usually come in order: the first entry is almost always it.
        for (qsizetype i = 0; i < m_requests.size(); ++i) {
            if (m_requests[i].sequence == reply.sequence)
                return i;
        }
        return -1;
    }

    /** The index of the request with `key` (ByKey), or -1. */
    qsizetype findKey(quint64 key) const
    {
        for (qsizetype i = 0; i < m_requests.size(); ++i) {
            if (m_requests[i].sequence == key)
                return i;
        }
        return -1;
    }

    /** Removes and returns the request at `index`. */
    Request take(qsizetype index)
    {
        const Request request = m_requests[index];
        m_requests.removeAt(index);
        return request;
    }

    /** Drops the requests sent at or before `cutoffNs` (the oldest ones); how many. */
    qsizetype expireSentBy(qint64 cutoffNs)
    {
        qsizetype expired = 0;
        while (expired < m_requests.size() && m_requests[expired].sentNs <= cutoffNs)
            ++expired;
        m_requests.removeFirst(expired);
        return expired;
    }

    /** Empties the queue and gives its memory back. */
    void clear() { m_requests.clear(); }

private:
    RingQueue<Request> m_requests;
    Matching m_matching;
};

} // namespace NetCore
