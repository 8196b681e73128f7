// SPDX-License-Identifier: GPL-3.0-or-later
#include "codec/framereader.h"

#include "codec/framecodec.h"

#include <algorithm>

namespace NetCore {

namespace {
// Past this many consumed bytes the front of the buffer is reclaimed even while a
// partial frame sits behind it.
constexpr qsizetype CompactThreshold = 64 * 1024;
// An emptied buffer larger than this is given back.
constexpr qsizetype RetainedCapacity = 64 * 1024;
} // namespace

FrameReader::FrameReader(const FrameCodec &codec)
    : m_codec(&codec)
{
}

void FrameReader::compact()
{
    if (m_start == 0)
        return;
    if (m_start == m_buffer.size()) {
        // Empty: keep a small buffer for the next read, but not the room a large
        // frame needed, or every connection that once saw one would hold it.
        if (m_buffer.capacity() > RetainedCapacity)
            m_buffer = QByteArray();
        else
            m_buffer.truncate(0);
        m_start = 0;
    } else if (m_start >= CompactThreshold || m_start * 2 >= m_buffer.size()) {
        m_buffer.remove(0, m_start);
        m_start = 0;
    }
}

void FrameReader::append(QByteArrayView bytes)
{
    settle();
    if (failed() || bytes.isEmpty())
        return;
    compact();
    m_buffer.append(bytes);
}

void FrameReader::feed(QByteArrayView bytes)
{
    settle(); // a feed not settled yet keeps its rest first
    if (failed() || bytes.isEmpty())
        return;
    compact();
    if (m_start == 0 && m_buffer.isEmpty()) {
        m_fed = bytes;
        return;
    }
    m_buffer.append(bytes);
}

void FrameReader::settle()
{
    if (!m_fed.data())
        return;
    const QByteArrayView rest = m_fed.sliced(m_start);
    m_fed = {};
    m_start = 0;
    if (!failed() && !rest.isEmpty())
        m_buffer.append(rest);
}

DecodeResult FrameReader::next(Frame &frame)
{
    if (failed())
        return DecodeResult::failed(m_fatalError);
    const QByteArrayView available = unread();
    if (available.size() < m_needed)
        return DecodeResult::incomplete(m_needed);

    const DecodeResult result = m_codec->decode(available, frame);
    switch (result.status) {
    case DecodeResult::Status::Complete:
        m_start += result.consumed;
        m_needed = 0;
        break;
    case DecodeResult::Status::Incomplete:
        m_needed = result.needed;
        break;
    case DecodeResult::Status::Failed:
        if (result.isFatal()) {
            // Sticky: nothing after the bad frame is ever decoded, so nothing is kept.
            // A fatal result never carries a payload view, so freeing is safe.
            m_fatalError = result.error;
            m_buffer = QByteArray();
            m_fed = {};
            m_start = 0;
        } else {
            m_start += result.consumed;
            m_needed = 0;
        }
        break;
    }
    return result;
}

void FrameReader::releaseMemory()
{
    if (m_fed.data())
        return; // only between feeds
    if (failed() || bufferedBytes() == 0) {
        m_buffer = QByteArray();
        m_start = 0;
        m_needed = 0;
    }
}

} // namespace NetCore
