// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArrayView>
#include <QtGlobal>

namespace NetCore {

/** WB1 frame types (docs/protocol.md, "Types"). Other framings decode everything as Data. */
enum class FrameType : quint8 {
    Data = 0x01,
    Reply = 0x02,
    Error = 0x03,
};

/** WB1 flag bits. */
namespace FrameFlag {
inline constexpr quint16 NoReply = 0x0001;
// Set by the decoders of other framings, never on the wire of WB1:
inline constexpr quint16 CloseAfter = 0x4000;  // http1: the message ends its connection
inline constexpr quint16 HeadRequest = 0x8000; // http1: a HEAD request (its response has no body)
}

/**
 * One frame, decoded or about to be encoded.
 *
 * `payload` is a view: after decoding it points into the reader's buffer and stays
 * valid only until that reader is used again. `type` is the raw byte so that an
 * unknown WB1 type survives decoding. Framings other than WB1 ignore every field but
 * `payload` when encoding, and decode with type Data and zero sequence/timestamp.
 */
struct Frame {
    quint8 type = quint8(FrameType::Data);
    quint16 flags = 0;
    quint64 sequence = 0;
    quint64 timestamp = 0;
    QByteArrayView payload;
    quint16 status = 0; // http1: a decoded response's status code
};

} // namespace NetCore
