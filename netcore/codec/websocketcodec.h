// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "codec/framecodec.h"

#include <QByteArray>

#include <functional>

namespace NetCore {

/**
 * websocket: one WebSocket message (RFC 6455) is one frame, after the HTTP upgrade
 * (WebSocketHandshake). A message is a text or binary frame, or one fragmented over a
 * first frame and continuations, with control frames allowed between them; a control
 * frame (ping, pong, close) outside a message is a frame of its own.
 *
 * The payload is the message as on the wire, headers and masks included: `type` says
 * what it is (WebSocketCodec::Text, Binary, Close, Ping, Pong); content() unmasks and
 * joins its fragments, forEachFrame() walks its frames (a ping inside a message is
 * answered too). Limits checked while reading: the message's size on the wire (the
 * maximum payload), a control frame's 125 bytes, MaxFragments. Errors, all fatal:
 * bad-flags (RSV bits, no extension was agreed), bad-type (an unknown opcode),
 * bad-length (a 64-bit length with its top bit set, a length not in its shortest
 * form), bad-syntax (a continuation with no message, a message inside a message, a
 * fragmented or oversized control frame), too-large, too-many-elements.
 *
 * Encoding writes one unfragmented frame, masked with a fresh random key as a client
 * must: a Binary, Close, Ping or Pong `type` gives that opcode, any other Text. A
 * server's unmasked frames are written by appendFrame().
 */
class WebSocketCodec final : public FrameCodec
{
public:
    enum Opcode : quint8 { Continuation = 0x0, Text = 0x1, Binary = 0x2, Close = 0x8, Ping = 0x9, Pong = 0xA };
    static constexpr int MaxFragments = 1024;

    explicit WebSocketCodec(qsizetype maxPayload);
    Framing framing() const override { return Framing::WebSocket; }
    qsizetype maxPayload() const override { return m_maxPayload; }
    /** A masked frame's size: header, key and content (exact for what encode() writes). */
    qsizetype encodedSize(qsizetype payloadSize) const override;
    DecodeResult decode(QByteArrayView input, Frame &frame) const override;
    FrameError encode(const Frame &frame, QByteArray &out) const override;

    /** Appends one frame of `opcode` holding `content`, masked with `mask` when given (a client's). */
    static void appendFrame(quint8 opcode, QByteArrayView content, QByteArray &out, const quint8 *mask = nullptr);
    /** The content of a decoded message: its data fragments unmasked and joined (control frames left out). */
    static QByteArray content(QByteArrayView message);
    /** Calls `onFrame(opcode, unmasked content)` for each frame of a decoded message, in order. */
    static void forEachFrame(QByteArrayView message, const std::function<void(quint8, const QByteArray &)> &onFrame);

private:
    qsizetype m_maxPayload;
};

} // namespace NetCore
