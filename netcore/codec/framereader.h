// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "codec/decoderesult.h"
#include "codec/frame.h"

#include <QByteArray>
#include <QByteArrayView>

namespace NetCore {

class FrameCodec;

/**
 * Incremental decoding for one byte stream: bytes go in as they arrive, in pieces of
 * any size, and whole frames come out. Consumed bytes are skipped by an offset and
 * compacted in bulk, so many small frames in one read cost no copying each.
 *
 * After a fatal error the reader stays failed: it keeps returning that error and
 * never decodes anything after the bad frame. Not thread-safe; one per connection.
 */
class FrameReader
{
public:
    /** `codec` must outlive the reader. */
    explicit FrameReader(const FrameCodec &codec);

    /** Adds received bytes. Invalidates the payload of the last frame returned. */
    void append(QByteArrayView bytes);

    /**
     * Like append(), but when nothing is buffered the reader decodes from `bytes`
     * itself, without copying them: frames' payloads then view `bytes`, which must
     * stay valid and unchanged until settle(). Most reads hold whole frames, so most
     * never touch the reader's own buffer (nor keep one allocated).
     */
    void feed(QByteArrayView bytes);
    /** Ends a feed(): copies what next() has not consumed (a partial frame) into the reader. */
    void settle();

    /**
     * Decodes the next frame. On Complete (and on the non-fatal UnknownType) the
     * frame's payload views the reader's buffer until the next call to any non-const
     * member.
     */
    DecodeResult next(Frame &frame);

    /** Bytes received but not yet returned as frames. */
    qsizetype bufferedBytes() const { return (m_fed.data() ? m_fed.size() : m_buffer.size()) - m_start; }

    /** Forgets everything buffered and any fatal error: for a new connection. */
    void reset()
    {
        m_buffer = QByteArray();
        m_fed = {};
        m_start = 0;
        m_needed = 0;
        m_fatalError = FrameError::None;
    }

    /** True when part of a frame has arrived and the rest has not (for deadlines). */
    bool hasPartialFrame() const { return bufferedBytes() > 0 && !failed(); }

    /** Bytes the buffer holds room for (for tests of memory bounds). */
    qsizetype bufferCapacity() const { return m_buffer.capacity(); }

    bool failed() const { return m_fatalError != FrameError::None; }
    FrameError fatalError() const { return m_fatalError; }

    /** Frees the buffer's memory when nothing is buffered (for idle connections). */
    void releaseMemory();

private:
    void compact();
    QByteArrayView unread() const { return (m_fed.data() ? m_fed : QByteArrayView(m_buffer)).sliced(m_start); }

    const FrameCodec *m_codec;
    QByteArray m_buffer;
    QByteArrayView m_fed;     // bytes decoded in place between feed() and settle()
    qsizetype m_start = 0;    // consumed bytes of m_fed while feeding, else of m_buffer
    // Bytes (from m_start) the codec said it needs before it can say more.
    qsizetype m_needed = 0;
    FrameError m_fatalError = FrameError::None;
};

} // namespace NetCore
