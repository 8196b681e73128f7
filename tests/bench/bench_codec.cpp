// SPDX-License-Identifier: GPL-3.0-or-later
// Codec throughput: encode then decode a batch of frames, against a plain memcpy of
// the same bytes measured in the same run. Rounds alternate codec and memcpy so that
// a noisy neighbour hurts both alike; the medians and their ratio are printed. Then
// the cost of fields: messages filled per send against a fixed message, alternating.
//
//   build/tests/bench/bench_codec [--seconds-per-round S] [--rounds N]

#include "codec/framecodec.h"
#include "codec/framing.h"
#include "codec/crc32c.h"
#include "fleet/messagetemplate.h"
#include "text/templatetext.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QStringList>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <vector>

using namespace NetCore;
using Clock = std::chrono::steady_clock;

namespace {

constexpr qsizetype BatchBytes = 4 * 1024 * 1024;
constexpr int MaxIterationsPerRound = 100000;

struct Options {
    double secondsPerRound = 0.3;
    int rounds = 5;
};

struct Measurement {
    double seconds = 0;
    qint64 frames = 0;
    qint64 bytes = 0;
};

double median(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
}

// Keeps the optimiser from dropping work whose result is otherwise unused.
volatile quint64 sink = 0;

class CodecRound
{
public:
    CodecRound(const FrameCodec &codec, qsizetype payloadSize)
        : m_codec(codec)
        , m_payload(payloadSize, 'a')
        , m_framesPerBatch(std::max<qsizetype>(BatchBytes / codec.encodedSize(payloadSize), 16))
    {
        // Letters only: valid for every framing, lines included.
        for (qsizetype i = 0; i < m_payload.size(); ++i)
            m_payload[i] = char('a' + i % 26);
        if (codec.framing() == Framing::Resp) {
            // RESP frames are values: a bulk string of letters, the same size in all.
            qsizetype body = payloadSize - 8;
            while (body > 0 && QByteArray::number(body).size() + body + 5 > payloadSize)
                --body;
            const QByteArray header = '$' + QByteArray::number(body) + "\r\n";
            m_payload = header + m_payload.first(body) + "\r\n";
        }
        if (codec.framing() == Framing::Http1) {
            // HTTP frames are messages: a response whose body of letters makes up the size.
            qsizetype body = payloadSize - 38;
            while (body > 0 && 36 + QByteArray::number(body).size() + body > payloadSize)
                --body;
            m_payload = "HTTP/1.1 200 OK\r\nContent-Length: " + QByteArray::number(body) + "\r\n\r\n" + m_payload.first(body);
        }
        m_wire.reserve(m_framesPerBatch * codec.encodedSize(payloadSize));
    }

    qsizetype frameBytes() const { return m_codec.encodedSize(m_payload.size()); }
    qsizetype framesPerBatch() const { return m_framesPerBatch; }

    Measurement run(double seconds)
    {
        Measurement result;
        quint64 check = 0;
        const auto start = Clock::now();
        const auto deadline = start + std::chrono::duration<double>(seconds);
        for (int iteration = 0; iteration < MaxIterationsPerRound && Clock::now() < deadline; ++iteration) {
            m_wire.resize(0);
            Frame frame;
            frame.payload = m_payload;
            for (qsizetype i = 0; i < m_framesPerBatch; ++i) {
                frame.sequence = quint64(i);
                m_codec.encode(frame, m_wire);
            }
            QByteArrayView rest(m_wire);
            Frame decoded;
            while (!rest.isEmpty()) {
                const DecodeResult decodedResult = m_codec.decode(rest, decoded);
                if (decodedResult.status != DecodeResult::Status::Complete)
                    qFatal("benchmark frames failed to decode");
                check += quint64(decoded.payload.size()) + decoded.sequence;
                rest = rest.sliced(decodedResult.consumed);
            }
            result.frames += m_framesPerBatch;
            result.bytes += m_wire.size();
        }
        result.seconds = std::chrono::duration<double>(Clock::now() - start).count();
        sink = sink + check;
        return result;
    }

private:
    const FrameCodec &m_codec;
    QByteArray m_payload;
    qsizetype m_framesPerBatch;
    QByteArray m_wire;
};

// The same bytes as the codec writes, copied frame by frame from a hot source into
// the same sequential batch buffer: what the codec costs beyond moving the bytes.
Measurement runMemcpy(qsizetype frameBytes, qsizetype framesPerBatch, double seconds)
{
    const QByteArray source(frameBytes, 'x');
    QByteArray target(frameBytes * framesPerBatch, Qt::Uninitialized);
    Measurement result;
    const auto start = Clock::now();
    const auto deadline = start + std::chrono::duration<double>(seconds);
    for (int iteration = 0; iteration < MaxIterationsPerRound && Clock::now() < deadline; ++iteration) {
        char *out = target.data();
        for (qsizetype i = 0; i < framesPerBatch; ++i, out += frameBytes)
            std::memcpy(out, source.constData(), size_t(frameBytes));
        sink = sink + quint64(target[iteration % target.size()]);
        result.frames += framesPerBatch;
        result.bytes += target.size();
    }
    result.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    return result;
}

// Encoding one message per send, as a fleet connection does: with fields filled
// (render, then encode) or without (the fixed bytes, then encode).
Measurement runMessages(const MessageTemplate &message, const FrameCodec &codec, double seconds)
{
    constexpr qsizetype MessagesPerBatch = 4096;
    QByteArray wire;
    QByteArray scratch;
    FieldRandom random{7};
    Measurement result;
    quint64 sequence = 0;
    const auto start = Clock::now();
    const auto deadline = start + std::chrono::duration<double>(seconds);
    for (int iteration = 0; iteration < MaxIterationsPerRound && Clock::now() < deadline; ++iteration) {
        wire.resize(0);
        for (qsizetype i = 0; i < MessagesPerBatch; ++i) {
            Frame frame;
            frame.payload = message.hasFields()
                ? message.render(quint64(i), FieldValues{++sequence, 3, quint64(i), &random}, scratch)
                : message.payloadFor(quint64(i));
            codec.encode(frame, wire);
        }
        sink = sink + quint64(wire[iteration % wire.size()]);
        result.frames += MessagesPerBatch;
        result.bytes += wire.size();
    }
    result.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    return result;
}

void printFieldCosts(const Options &options)
{
    struct Case {
        const char *name;
        Framing framing;
        TemplateText::Style style;
        const char *withFields;
        const char *without; // the same size, no fields
    };
    const Case cases[] = {
        {"modbus {seq:u16be}", Framing::length(4, 2, Framing::ByteOrder::BigEndian), TemplateText::Style::Hex,
         "{seq:u16be} 00 00 00 06 01 03 00 00 00 01", "00 01 00 00 00 06 01 03 00 00 00 01"},
        {"line {seq:dec} {rand}", Framing::Line, TemplateText::Style::Escaped, "GET key:{rand:1-1000} id={seq:dec}",
         "GET key:0500 id=1234567"},
        {"{bytes:64}", Framing::Len4Be, TemplateText::Style::Hex, "{bytes:64}",
         "00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"},
    };
    std::printf("\nfields: one message encoded per send, with its fields filled vs the same size without\n\n");
    std::printf("%-24s %16s %16s %8s %12s\n", "message", "fixed msg/s", "fields msg/s", "ratio", "ns/field msg");
    for (const Case &c : cases) {
        const auto codec = makeCodec(c.framing, 1 << 20);
        const MessageTemplate withFields = MessageTemplate::fixed(*TemplateText::parse(QString::fromLatin1(c.withFields), c.style));
        const MessageTemplate without = MessageTemplate::fixed(*TemplateText::parse(QString::fromLatin1(c.without), c.style));
        std::vector<double> fixedRate, fieldRate;
        for (int r = 0; r < options.rounds; ++r) {
            const Measurement plain = runMessages(without, *codec, options.secondsPerRound);
            const Measurement filled = runMessages(withFields, *codec, options.secondsPerRound);
            fixedRate.push_back(double(plain.frames) / plain.seconds);
            fieldRate.push_back(double(filled.frames) / filled.seconds);
        }
        const double fixedPerSecond = median(fixedRate);
        const double fieldPerSecond = median(fieldRate);
        std::printf("%-24s %16.0f %16.0f %8.3f %12.1f\n", c.name, fixedPerSecond, fieldPerSecond,
                    fieldPerSecond / fixedPerSecond, 1e9 / fieldPerSecond);
        std::fflush(stdout);
    }
}

Options parseOptions(const QStringList &arguments)
{
    Options options;
    for (qsizetype i = 1; i + 1 < arguments.size(); i += 2) {
        if (arguments[i] == QLatin1String("--seconds-per-round"))
            options.secondsPerRound = std::clamp(arguments[i + 1].toDouble(), 0.01, 10.0);
        else if (arguments[i] == QLatin1String("--rounds"))
            options.rounds = std::clamp(arguments[i + 1].toInt(), 1, 51);
    }
    return options;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const Options options = parseOptions(app.arguments());
    std::printf("codec benchmark: encode + decode, %d alternating rounds of %.2f s, medians; CRC-32C: %s\n\n",
                options.rounds, options.secondsPerRound,
                Crc32c::hardwareAvailable() ? "SSE4.2 instruction" : "table (no CRC instruction)");
    std::printf("%-14s %9s %14s %11s %13s %8s\n", "framing", "payload", "frames/s", "codec GB/s", "memcpy GB/s",
                "ratio");

    const QList<Framing> framings{Framing::Wb1, Framing::Len4Be, Framing::Line, Framing::length(4, 2, Framing::ByteOrder::BigEndian),
                                  Framing::varint(1), Framing::delimited("\r\n"), Framing::fixed(64), Framing::Resp,
                                  Framing::Http1, Framing::WebSocket};
    for (const Framing &chosen : framings) {
        for (qsizetype payload : {qsizetype(64), qsizetype(1024), qsizetype(65536)}) {
            // fixed:N frames are N bytes: one framing per payload size.
            const Framing framing = chosen.kind() == Framing::Fixed ? Framing::fixed(payload) : chosen;
            const auto codec = makeCodec(framing, 1 << 20);
            CodecRound round(*codec, payload);
            std::vector<double> framesPerSecond;
            std::vector<double> codecRate;
            std::vector<double> copyRate;
            for (int r = 0; r < options.rounds; ++r) {
                const Measurement coded = round.run(options.secondsPerRound);
                const Measurement copied = runMemcpy(round.frameBytes(), round.framesPerBatch(), options.secondsPerRound);
                framesPerSecond.push_back(double(coded.frames) / coded.seconds);
                codecRate.push_back(double(coded.bytes) / coded.seconds / 1e9);
                copyRate.push_back(double(copied.bytes) / copied.seconds / 1e9);
            }
            const double codecGbs = median(codecRate);
            const double copyGbs = median(copyRate);
            std::printf("%-14s %7lld B %14.0f %11.2f %13.2f %8.3f\n", qPrintable(framingName(framing)),
                        qlonglong(payload), median(framesPerSecond), codecGbs, copyGbs, codecGbs / copyGbs);
            std::fflush(stdout);
        }
    }
    std::printf("\nGB/s counts wire bytes (header, payload, trailer) once per encode+decode pass.\n"
                "memcpy copies the same frames' bytes into the same batch buffer, frame by frame;\n"
                "ratio = codec GB/s / memcpy GB/s, both from the same run.\n");
    printFieldCosts(options);
    std::printf("\nratio = messages/s with fields / messages/s of a fixed message of the same size, same run.\n"
                "A fleet whose message has no fields sends pre-encoded bytes and pays none of this.\n");
    return 0;
}
