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
     * Space for up to `size` more bytes, to be filled by the caller (for example
     * straight from a socket) and then committed with commitWrite(). Invalidates the
     * payload of the last frame returned.
     */
    char *prepareWrite(qsizetype size);
    void commitWrite(qsizetype written);

    /**
     * Decodes the next frame. On Complete (and on the non-fatal UnknownType) the
     * frame's payload views the reader's buffer until the next call to any non-const
     * member.
     */
    DecodeResult next(Frame &frame);

    /** Bytes received but not yet returned as frames. */
    qsizetype bufferedBytes() const { return m_buffer.size() - m_start; }

    /** Forgets everything buffered and any fatal error: for a new connection. */
    void reset()
    {
        m_buffer = QByteArray();
        m_start = 0;
        m_needed = 0;
        m_reserved = 0;
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

    const FrameCodec *m_codec;
    QByteArray m_buffer;
    qsizetype m_start = 0;
    // Bytes (from m_start) the codec said it needs before it can say more.
    qsizetype m_needed = 0;
    // Bytes handed out by prepareWrite() and not yet committed.
    qsizetype m_reserved = 0;
    FrameError m_fatalError = FrameError::None;
};

} // namespace NetCore
