// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "codec/decoderesult.h"
#include "codec/frame.h"
#include "codec/framing.h"

#include <QByteArray>
#include <QByteArrayView>

namespace NetCore {

/**
 * One framing's encoder and decoder. A codec is immutable after construction and
 * keeps no per-connection state, so one instance serves every connection on every
 * thread. Per-connection buffering lives in FrameReader.
 *
 * decode() is pure and total: it reads at most one frame from the front of `input`,
 * never throws, never asserts on the bytes, and never needs more than a frame's
 * header to refuse an oversized frame.
 */
class FrameCodec
{
public:
    virtual ~FrameCodec() = default;

    virtual Framing framing() const = 0;

    /** Largest payload this codec accepts, decoding and encoding. */
    virtual qsizetype maxPayload() const = 0;

    /** Bytes a frame with this payload size occupies on the wire. */
    virtual qsizetype encodedSize(qsizetype payloadSize) const = 0;

    /**
     * Decodes the first frame of `input` into `frame` (whose payload then views
     * `input`). For a fatal WB1 error whose header was readable, frame.sequence is
     * set so the answer can name it.
     */
    virtual DecodeResult decode(QByteArrayView input, Frame &frame) const = 0;

    /**
     * Appends the encoding of `frame` to `out`. Returns None, or the reason nothing
     * was appended (TooLarge, NewlineInPayload, SeparatorInPayload, WrongSize, BadLength).
     */
    virtual FrameError encode(const Frame &frame, QByteArray &out) const = 0;

    /** True when replies name their request (WB1 sequence); else they come in order. */
    virtual bool matchesBySequence() const { return false; }
};

} // namespace NetCore
