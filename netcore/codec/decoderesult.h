// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "codec/frameerror.h"

#include <QtGlobal>

namespace NetCore {

/**
 * The outcome of one decode step.
 *
 * - Complete: a frame was decoded; `consumed` bytes belong to it.
 * - Incomplete: more bytes are needed; `needed` is the total the decoder must see
 *   before it can say more (known from a length header, else input size + 1).
 * - Failed: `error` says what was wrong. A non-fatal error (WB1 unknown-type) still
 *   consumes the whole frame; after a fatal one nothing further may be decoded.
 */
struct DecodeResult {
    enum class Status : quint8 { Complete, Incomplete, Failed };

    Status status = Status::Incomplete;
    FrameError error = FrameError::None;
    qsizetype consumed = 0;
    qsizetype needed = 0;

    bool isFatal() const { return status == Status::Failed && NetCore::isFatal(error); }

    static DecodeResult complete(qsizetype consumed) { return {Status::Complete, FrameError::None, consumed, 0}; }
    static DecodeResult incomplete(qsizetype needed) { return {Status::Incomplete, FrameError::None, 0, needed}; }
    static DecodeResult failed(FrameError error, qsizetype consumed = 0) { return {Status::Failed, error, consumed, 0}; }
};

} // namespace NetCore
