// SPDX-License-Identifier: GPL-3.0-or-later
#include "codec/websocketcodec.h"

#include <QRandomGenerator>
#include <QtEndian>

#include <cstring>

namespace NetCore {

namespace {

// XORs `size` bytes at `data` with the 4-byte `key`, eight at a time: a byte-wise loop
// held large messages to 1 GB/s.
void applyMask(char *data, qsizetype size, const char *key)
{
    quint32 key32;
    std::memcpy(&key32, key, 4);
    const quint64 key64 = (quint64(key32) << 32) | key32;
    qsizetype i = 0;
    for (; i + 8 <= size; i += 8) {
        quint64 word;
        std::memcpy(&word, data + i, 8);
        word ^= key64;
        std::memcpy(data + i, &word, 8);
    }
    for (; i < size; ++i)
        data[i] = char(data[i] ^ key[i % 4]);
}

bool isControl(quint8 opcode)
{
    return opcode >= 0x8;
}

bool isKnown(quint8 opcode)
{
    return opcode <= 0x2 || (opcode >= 0x8 && opcode <= 0xA);
}

// One frame's header at `at`: Complete with `consumed` the whole frame's end, or
// Incomplete, or Failed.
struct FrameHeader {
    bool fin = false;
    quint8 opcode = 0;
    bool masked = false;
    qsizetype headerSize = 0;
    quint64 length = 0;
};

// `messageOpcode`: the opcode of the message under way (0: none), for the checks of
// order, which like every other check are made as soon as the bytes they need are in.
DecodeResult readHeader(QByteArrayView input, qsizetype at, qsizetype limit, FrameHeader &header, quint8 messageOpcode = 0xFF)
{
    if (input.size() < at + 1)
        return DecodeResult::incomplete(at + 1);
    const auto b0 = quint8(input[at]);
    if (b0 & 0x70)
        return DecodeResult::failed(FrameError::BadFlags);
    header.fin = b0 & 0x80;
    header.opcode = b0 & 0x0F;
    if (!isKnown(header.opcode))
        return DecodeResult::failed(FrameError::BadType);
    if (isControl(header.opcode) && !header.fin)
        return DecodeResult::failed(FrameError::BadSyntax); // a fragmented control frame
    if (messageOpcode == 0 && header.opcode == WebSocketCodec::Continuation)
        return DecodeResult::failed(FrameError::BadSyntax); // no message to continue
    if (messageOpcode != 0 && messageOpcode != 0xFF && !isControl(header.opcode)
        && header.opcode != WebSocketCodec::Continuation)
        return DecodeResult::failed(FrameError::BadSyntax); // a message inside a message
    if (input.size() < at + 2)
        return DecodeResult::incomplete(at + 2);
    const auto b1 = quint8(input[at + 1]);
    header.masked = b1 & 0x80;
    const quint8 short7 = b1 & 0x7F;
    qsizetype size = 2;
    if (short7 == 126)
        size += 2;
    else if (short7 == 127)
        size += 8;
    if (header.masked)
        size += 4;
    if (isControl(header.opcode) && short7 > 125)
        return DecodeResult::failed(FrameError::BadSyntax); // a control frame's content is at most 125 bytes
    if (at + size > limit)
        return DecodeResult::failed(FrameError::TooLarge);
    if (input.size() < at + size)
        return DecodeResult::incomplete(at + size);
    if (short7 == 126) {
        header.length = qFromBigEndian<quint16>(input.data() + at + 2);
        if (header.length < 126)
            return DecodeResult::failed(FrameError::BadLength);
    } else if (short7 == 127) {
        header.length = qFromBigEndian<quint64>(input.data() + at + 2);
        if (header.length >> 63 || header.length <= 0xFFFF)
            return DecodeResult::failed(FrameError::BadLength);
    } else {
        header.length = short7;
    }
    header.headerSize = size;
    // Refused from the length alone, before the content is buffered.
    if (header.length > quint64(limit) || at + size + qsizetype(header.length) > limit)
        return DecodeResult::failed(FrameError::TooLarge);
    const qsizetype end = at + size + qsizetype(header.length);
    if (input.size() < end)
        return DecodeResult::incomplete(end);
    return DecodeResult::complete(end);
}

// The unmasked content of the frame at `at` with `header`.
QByteArray unmasked(QByteArrayView input, qsizetype at, const FrameHeader &header)
{
    QByteArray content = input.sliced(at + header.headerSize, qsizetype(header.length)).toByteArray();
    if (header.masked)
        applyMask(content.data(), content.size(), input.data() + at + header.headerSize - 4);
    return content;
}

} // namespace

WebSocketCodec::WebSocketCodec(qsizetype maxPayload)
    : m_maxPayload(maxPayload)
{
}

qsizetype WebSocketCodec::encodedSize(qsizetype payloadSize) const
{
    return (payloadSize < 126 ? 2 : payloadSize <= 0xFFFF ? 4 : 10) + 4 + payloadSize;
}

DecodeResult WebSocketCodec::decode(QByteArrayView input, Frame &frame) const
{
    qsizetype at = 0;
    quint8 messageOpcode = 0; // the first frame's: a message is under way when a data opcode
    for (int fragments = 0;; ++fragments) {
        if (fragments > MaxFragments)
            return DecodeResult::failed(FrameError::TooManyElements);
        FrameHeader header;
        const DecodeResult read = readHeader(input, at, m_maxPayload, header, messageOpcode);
        if (read.status != DecodeResult::Status::Complete)
            return read;
        at = read.consumed;
        if (isControl(header.opcode)) {
            if (messageOpcode == 0) {
                messageOpcode = header.opcode; // a control frame on its own
                break;
            }
            continue; // between a message's fragments: part of it
        }
        if (messageOpcode == 0)
            messageOpcode = header.opcode;
        if (header.fin)
            break;
    }
    frame = Frame{};
    frame.type = messageOpcode;
    frame.payload = input.first(at);
    return DecodeResult::complete(at);
}

void WebSocketCodec::appendFrame(quint8 opcode, QByteArrayView content, QByteArray &out, const quint8 *mask)
{
    const qsizetype size = content.size();
    char header[14];
    qsizetype headerSize = 2;
    header[0] = char(0x80 | (opcode & 0x0F));
    const char maskBit = mask ? char(0x80) : char(0);
    if (size < 126) {
        header[1] = char(maskBit | char(size));
    } else if (size <= 0xFFFF) {
        header[1] = char(maskBit | 126);
        qToBigEndian(quint16(size), header + 2);
        headerSize = 4;
    } else {
        header[1] = char(maskBit | 127);
        qToBigEndian(quint64(size), header + 2);
        headerSize = 10;
    }
    if (mask) {
        std::memcpy(header + headerSize, mask, 4);
        headerSize += 4;
    }
    const qsizetype start = out.size();
    out.append(header, headerSize);
    out.append(content);
    if (mask)
        applyMask(out.data() + start + headerSize, size, reinterpret_cast<const char *>(mask));
}

FrameError WebSocketCodec::encode(const Frame &frame, QByteArray &out) const
{
    if (frame.payload.size() > m_maxPayload)
        return FrameError::TooLarge;
    const quint8 opcode = (frame.type == Binary || frame.type == Close || frame.type == Ping || frame.type == Pong)
        ? frame.type
        : quint8(Text);
    if (isControl(opcode) && frame.payload.size() > 125)
        return FrameError::TooLarge;
    // A client's frames are masked with a key a proxy cannot foresee (RFC 6455 10.3).
    // (From a per-thread generator seeded by the system's: a system call per frame costs more than the frame.)
    thread_local QRandomGenerator keys(QRandomGenerator::system()->generate());
    const quint32 key = keys.generate();
    quint8 mask[4];
    std::memcpy(mask, &key, 4);
    appendFrame(opcode, frame.payload, out, mask);
    return FrameError::None;
}

void WebSocketCodec::forEachFrame(QByteArrayView message, const std::function<void(quint8, const QByteArray &)> &onFrame)
{
    for (qsizetype at = 0; at < message.size();) {
        FrameHeader header;
        const DecodeResult read = readHeader(message, at, message.size(), header);
        if (read.status != DecodeResult::Status::Complete)
            return;
        onFrame(header.opcode, unmasked(message, at, header));
        at = read.consumed;
    }
}

QByteArray WebSocketCodec::content(QByteArrayView message)
{
    QByteArray joined;
    int frames = 0;
    bool alone = false; // a control frame on its own: its content is the message's
    forEachFrame(message, [&](quint8 opcode, const QByteArray &content) {
        if (frames++ == 0)
            alone = isControl(opcode);
        if (alone || !isControl(opcode))
            joined += content;
    });
    return joined;
}

} // namespace NetCore
