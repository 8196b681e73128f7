// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target for one decoder (chosen at compile time). Input layout:
//   byte 0: read size, 1 + byte % 64 (how the stream is split across reads)
//   byte 1: the decoder's maximum payload (see maximumFor), small values reach too-large
//   byte 2: which of the target's framings (lengthprefix, lengthfield, varint,
//           delimiter and fixed have several)
//   rest:   the byte stream a peer sent
// Properties checked, besides ASan/UBSan finding nothing:
//   - decoding all at once and in pieces gives the same frames and errors;
//   - every decoded frame re-encodes and decodes back to the same frame;
//   - the reader never holds more than one frame and one read.

#include "codectestsupport.h"
#include "codec/messagesummary.h"
#include "codec/websocketcodec.h"

#include "codec/framing.h"

#include <cstdio>
#include <cstdlib>

using namespace NetCore;
using namespace CodecTestSupport;

namespace {

volatile quint64 sink = 0; // keeps the summaries from being optimised away

[[noreturn]] void fail(const char *what)
{
    std::fprintf(stderr, "fuzz property violated: %s\n", what);
    std::abort();
}

qsizetype maximumFor(quint8 selector)
{
    return selector == 255 ? 0 : qsizetype(selector) * 8 + 1;
}

Framing framingFor(quint8 selector)
{
#if defined(FUZZ_TARGET_WB1)
    Q_UNUSED(selector);
    return Framing::Wb1;
#elif defined(FUZZ_TARGET_LINE)
    Q_UNUSED(selector);
    return Framing::Line;
#elif defined(FUZZ_TARGET_LENGTHPREFIX)
    static constexpr Framing prefixes[] = {Framing::Len2Be, Framing::Len2Le, Framing::Len4Be, Framing::Len4Le};
    return prefixes[selector % 4];
#elif defined(FUZZ_TARGET_RAW)
    Q_UNUSED(selector);
    return Framing::Raw;
#elif defined(FUZZ_TARGET_LENGTHFIELD)
    static const Framing fields[] = {
        Framing::length(0, 1, Framing::ByteOrder::BigEndian), Framing::length(4, 2, Framing::ByteOrder::BigEndian),
        Framing::length(1, 4, Framing::ByteOrder::BigEndian, -4), Framing::length(0, 3, Framing::ByteOrder::LittleEndian, 1),
        Framing::length(2, 8, Framing::ByteOrder::LittleEndian, -10)};
    return fields[selector % 5];
#elif defined(FUZZ_TARGET_VARINT)
    static const Framing varints[] = {Framing::varint(0), Framing::varint(1), Framing::varint(3)};
    return varints[selector % 3];
#elif defined(FUZZ_TARGET_DELIMITER)
    static const Framing delimiters[] = {Framing::delimited("\r\n"), Framing::delimited("\x03"),
                                         Framing::delimited("END\r\n"), Framing::delimited("aa")};
    return delimiters[selector % 4];
#elif defined(FUZZ_TARGET_RESP)
    Q_UNUSED(selector);
    return Framing::Resp;
#elif defined(FUZZ_TARGET_WEBSOCKET)
    Q_UNUSED(selector);
    return Framing::WebSocket;
#elif defined(FUZZ_TARGET_HTTP1)
    Q_UNUSED(selector);
    return Framing::Http1;
#elif defined(FUZZ_TARGET_FIXED)
    static const Framing sizes[] = {Framing::fixed(1), Framing::fixed(4), Framing::fixed(100)};
    return sizes[selector % 3];
#else
#error "define one FUZZ_TARGET_*"
#endif
}

void checkRoundTrip(const FrameCodec &codec, const Outcome &outcome)
{
    if (codec.framing() == Framing::WebSocket) {
        // A message's payload is its frames as on the wire; encoding makes one frame of
        // its content, which must read back as the same message.
        const QByteArray content = WebSocketCodec::content(outcome.payload);
        QByteArray wire;
        const FrameError error = codec.encode(Frame{outcome.type, 0, 0, 0, content}, wire);
        if (error == FrameError::TooLarge && (content.size() > 125 || wire.isEmpty()))
            return; // a control frame's content over 125 bytes cannot be re-sent as one
        if (error != FrameError::None)
            fail("a decoded message does not encode");
        if (wire.size() != codec.encodedSize(content.size()))
            fail("encodedSize disagrees with encode");
        if (wire.size() > codec.maxPayload())
            return; // masked as one frame it outgrows the maximum the unmasked original fitted
        const QList<Outcome> again = decodeInChunks(codec, wire, 0);
        if (again.size() != 1 || again.front().type != outcome.type || WebSocketCodec::content(again.front().payload) != content)
            fail("re-encoded message decodes differently");
        return;
    }
    Frame frame{outcome.type, outcome.flags, outcome.sequence, outcome.timestamp, outcome.payload};
    QByteArray wire;
    if (codec.encode(frame, wire) != FrameError::None)
        fail("a decoded frame does not encode");
    // A varint size is rewritten in its shortest form: the frame may shrink.
    const bool rewritesSize = codec.framing().kind() == Framing::Varint;
    if (!rewritesSize && wire.size() != codec.encodedSize(outcome.payload.size()))
        fail("encodedSize disagrees with encode");
    const QList<Outcome> again = decodeInChunks(codec, wire, 0);
    Outcome expected = outcome;
    if (rewritesSize)
        expected.payload = wire;
    // A line ending in "\r" goes out as "...\r\n", which reads back as CRLF.
    if (codec.framing() == Framing::Line && expected.payload.endsWith('\r'))
        expected.payload.chop(1);
    if (again.size() != 1 || !(again.front() == expected))
        fail("re-encoded frame decodes differently");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 3)
        return 0;
    const qsizetype readSize = 1 + data[0] % 64;
    const auto codec = makeCodec(framingFor(data[2]), maximumFor(data[1]));
    const QByteArray stream(reinterpret_cast<const char *>(data + 3), qsizetype(size - 3));

    qsizetype leftoverWhole = 0;
    qsizetype leftoverSplit = 0;
    const QList<Outcome> whole = decodeInChunks(*codec, stream, 0, &leftoverWhole);
    // The traffic log reads what peers sent, cut at any length: never a crash.
    sink += quint64(summarizeMessage(codec->framing(), stream).size());
    for (const Outcome &outcome : whole)
        sink += quint64(summarizeMessage(codec->framing(), outcome.payload).size())
            + quint64(messageKind(codec->framing(), outcome.payload).size());
    sink += quint64(messageKind(codec->framing(), stream).size());
    const QList<Outcome> split = decodeInChunks(*codec, stream, readSize, &leftoverSplit);
    if (codec->framing() != Framing::Raw) {
        if (whole != split)
            fail("decoding in pieces differs from decoding at once");
        if (leftoverWhole != leftoverSplit)
            fail("a different amount is left buffered");
    }
    if (leftoverSplit > codec->encodedSize(codec->maxPayload()) + readSize)
        fail("the reader buffers more than one frame and one read");

    for (const Outcome &outcome : split) {
        if (outcome.status == DecodeResult::Status::Complete
            || (outcome.status == DecodeResult::Status::Failed && outcome.error == FrameError::UnknownType))
            checkRoundTrip(*codec, outcome);
        if (outcome.payload.size() > codec->maxPayload())
            fail("a payload exceeds the maximum");
    }
    return 0;
}
