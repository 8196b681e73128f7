// SPDX-License-Identifier: GPL-3.0-or-later
// Writes a seed corpus of valid frames for each fuzz target: DIR/<target>/seed-N.
// The first three bytes of each seed are the fuzz target's control bytes.

#include "capture/capturefile.h"
#include "codec/framecodec.h"
#include "codec/framing.h"
#include "codec/websocketcodec.h"
#include "metrics/hdrhistogramencoding.h"
#include "metrics/intervallogwriter.h"
#include "metrics/latencyhistogram.h"
#include "tls/tlschannel.h"
#include "tls/tlscontext.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFile>

#include <cstdio>

using namespace NetCore;

namespace {

bool writeSeed(const QString &dir, int index, const QByteArray &bytes)
{
    QFile file(QStringLiteral("%1/seed-%2").arg(dir).arg(index));
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

QByteArray stream(Framing framing, quint8 readSelector)
{
    const auto codec = makeCodec(framing);
    QByteArray out;
    // Some fit only some framings (a fixed size, a header's length); the rest are left out.
    const QList<QByteArray> payloads = framing == Framing::Resp
        // RESP values are sent as written: each seed a value of another type.
        ? QList<QByteArray>{"+OK\r\n", "-ERR no\r\n", ":42\r\n", "$5\r\nhe\r\nl\r\n", "$-1\r\n",
                            "*2\r\n$3\r\nGET\r\n*1\r\n:1\r\n", "%1\r\n+k\r\n#t\r\n", "|1\r\n+a\r\n_\r\n,1.5\r\n",
                            ">2\r\n=5\r\ntxt:x\r\n(123\r\n", "~1\r\n!2\r\nno\r\n"}
        : framing == Framing::Http1
        // HTTP messages: requests and responses, each framed another way.
        ? QList<QByteArray>{"GET / HTTP/1.1\r\nHost: h\r\n\r\n", "POST /p HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc",
                            "PUT /c HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n2;x=1\r\nab\r\n0\r\nT: 1\r\n\r\n",
                            "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello", "HTTP/1.1 204 No Content\r\n\r\n",
                            "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.0 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n",
                            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n10\r\n0123456789abcdef\r\n0\r\n\r\n",
                            "HEAD / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"}
        : QList<QByteArray>{QByteArray("hello"), QByteArray(), QByteArray(300, 'x'), QByteArray("a\r"),
                            QByteArray(12, '\0'), QByteArray(4, 'z'), QByteArray(100, 'y')};
    if (framing == Framing::WebSocket) {
        // WebSocket messages: text, binary (16-bit length), a ping, a fragmented message
        // with a pong inside, a close; masked and not.
        const quint8 mask[4] = {1, 2, 3, 4};
        WebSocketCodec::appendFrame(WebSocketCodec::Text, "hello", out);
        WebSocketCodec::appendFrame(WebSocketCodec::Binary, QByteArray(300, 'b'), out, mask);
        WebSocketCodec::appendFrame(WebSocketCodec::Ping, "p", out, mask);
        QByteArray fragment;
        WebSocketCodec::appendFrame(WebSocketCodec::Text, "frag", fragment);
        fragment[0] = char(fragment[0] & 0x7f);
        out += fragment;
        WebSocketCodec::appendFrame(WebSocketCodec::Pong, "", out);
        WebSocketCodec::appendFrame(WebSocketCodec::Continuation, "mented", out, mask);
        WebSocketCodec::appendFrame(WebSocketCodec::Close, "\x03\xe8", out);
        return QByteArray(1, char(readSelector)) + out;
    }
    quint64 sequence = 1;
    for (const QByteArray &payload : payloads) {
        Frame frame{quint8(sequence % 3 + 1), quint16(sequence % 2), sequence, sequence * 1000, payload};
        codec->encode(frame, out);
        ++sequence;
    }
    return QByteArray(1, char(readSelector)) + out;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (argc != 2) {
        std::fprintf(stderr, "usage: make_fuzz_seeds DIR\n");
        return 2;
    }
    const QString root = QString::fromLocal8Bit(argv[1]);
    struct Target {
        const char *name;
        QList<Framing> framings;
    };
    const Target targets[] = {
        {"wb1", {Framing::Wb1}},
        {"line", {Framing::Line}},
        {"lengthprefix", {Framing::Len2Be, Framing::Len2Le, Framing::Len4Be, Framing::Len4Le}},
        {"raw", {Framing::Raw}},
        // In the order of fuzz_decoder.cpp's framingFor() lists, which byte 2 indexes.
        {"lengthfield",
         {Framing::length(0, 1, Framing::ByteOrder::BigEndian), Framing::length(4, 2, Framing::ByteOrder::BigEndian),
          Framing::length(1, 4, Framing::ByteOrder::BigEndian, -4),
          Framing::length(0, 3, Framing::ByteOrder::LittleEndian, 1),
          Framing::length(2, 8, Framing::ByteOrder::LittleEndian, -10)}},
        {"varint", {Framing::varint(0), Framing::varint(1), Framing::varint(3)}},
        {"delimiter",
         {Framing::delimited("\r\n"), Framing::delimited("\x03"), Framing::delimited("END\r\n"),
          Framing::delimited("aa")}},
        {"fixed", {Framing::fixed(1), Framing::fixed(4), Framing::fixed(100)}},
        {"resp", {Framing::Resp}},
        {"http1", {Framing::Http1}},
        {"websocket", {Framing::WebSocket}},
    };
    for (const Target &target : targets) {
        const QString dir = root + u'/' + QLatin1String(target.name);
        if (!QDir().mkpath(dir)) {
            std::fprintf(stderr, "make_fuzz_seeds: cannot create %s\n", qPrintable(dir));
            return 1;
        }
        int index = 0;
        for (qsizetype i = 0; i < target.framings.size(); ++i) {
            // Default maximum (255) with whole and split reads, and a small maximum.
            for (const auto &[readSelector, maxSelector] : {std::pair<quint8, quint8>{63, 255}, {4, 255}, {0, 20}}) {
                QByteArray seed = stream(target.framings[i], readSelector);
                seed.insert(1, char(maxSelector));
                seed.insert(2, char(i));
                if (!writeSeed(dir, index++, seed)) {
                    std::fprintf(stderr, "make_fuzz_seeds: cannot write in %s\n", qPrintable(dir));
                    return 1;
                }
            }
        }
    }
    // Templates: a style byte (0 plain, 1 escaped, 2 hex), then the template.
    const QString templateDir = root + QStringLiteral("/template");
    const QList<QByteArray> templates{
        QByteArray(1, '\1') + "GET key:{rand:1-1000} id={seq:dec}\\r",
        QByteArray(1, '\1') + "{{\"id\":{conn:dec},\"t\":{time:dec}}",
        QByteArray(1, '\0') + "PING {seq:u8}{seq:u16le}{seq:u32be}{seq:u64le}",
        QByteArray(1, '\2') + "{seq:u16be} 00 00 00 06 01 03 00 00 00 01",
        QByteArray(1, '\2') + "32 00 00 03 74 2f 61 {seq:u16be} {bytes:8} 7b",
        QByteArray(1, '\1') + "\\x00{rand:u64be}\\xff{",
    };
    if (!QDir().mkpath(templateDir))
        return 1;
    for (qsizetype i = 0; i < templates.size(); ++i) {
        if (!writeSeed(templateDir, int(i), templates[i]))
            return 1;
    }
    // Proxy faults: a byte (even: a Toxiproxy API body, odd: a spec), then the fault.
    const QString toxicDir = root + QStringLiteral("/toxic");
    const QList<QByteArray> toxics{
        QByteArray(1, '\0') + R"({"name":"slow","type":"latency","stream":"downstream","toxicity":1,"attributes":{"latency":300,"jitter":5}})",
        QByteArray(1, '\0') + R"({"type":"bandwidth","stream":"upstream","attributes":{"rate":100}})",
        QByteArray(1, '\2') + R"({"type":"slicer","attributes":{"average_size":10,"size_variation":5,"delay":100}})",
        QByteArray(1, '\1') + "limit_data:bytes=100,stream=upstream,toxicity=0.5",
        QByteArray(1, '\1') + "timeout:timeout=0",
        QByteArray(1, '\1') + "reset_peer:timeout=20,name=cut",
        QByteArray(1, '\1') + "slow_close:delay=10",
    };
    if (!QDir().mkpath(toxicDir))
        return 1;
    for (qsizetype i = 0; i < toxics.size(); ++i) {
        if (!writeSeed(toxicDir, int(i), toxics[i]))
            return 1;
    }
    // A framed proxy's input: a framing byte (odd: a frame fault spec), a read size, then bytes.
    const QString stageDir = root + QStringLiteral("/framestage");
    const QList<QByteArray> stages{
        QByteArray("\x02\x03", 2) + "GET /a\nGET /b\nhalf", // the second framing, line, in reads of 4
        QByteArray("\x22\x00", 2) + "PING\nPING\n",          // line with drop
        QByteArray("\x00\x10", 2) + QByteArray::fromHex("5742010100000000000000000000000000000000000000000003616263"),
        QByteArray("\x01", 1) + "delay:20:5,stream=upstream,from=127.0.0.0/8,match=regex:^GET",
        QByteArray("\x01", 1) + "stall:100@1000,toxicity=0.5",
    };
    if (!QDir().mkpath(stageDir))
        return 1;
    for (qsizetype i = 0; i < stages.size(); ++i) {
        if (!writeSeed(stageDir, int(i), stages[i]))
            return 1;
    }
    // Capture files: a header and events, as a proxy writes them.
    const QString captureDir = root + QStringLiteral("/capture");
    Capture header;
    header.framing = Framing::Resp;
    header.upstream = QStringLiteral("127.0.0.1:6379");
    const QList<QByteArray> captures{
        CaptureFile::headerLine(header) + CaptureFile::eventLine({CaptureEvent::Kind::Open, 1, 5, {}, QStringLiteral("127.0.0.1:5000")})
            + CaptureFile::eventLine({CaptureEvent::Kind::Up, 1, 10, "*1\r\n$4\r\nPING\r\n", {}})
            + CaptureFile::eventLine({CaptureEvent::Kind::Down, 1, 20, "+PONG\r\n", {}})
            + CaptureFile::eventLine({CaptureEvent::Kind::Close, 1, 30, {}, {}}) + CaptureFile::limitLine(40),
        CaptureFile::headerLine(Capture{}) + CaptureFile::eventLine({CaptureEvent::Kind::Down, 9, 1, "hello", {}}),
    };
    if (!QDir().mkpath(captureDir))
        return 1;
    for (qsizetype i = 0; i < captures.size(); ++i) {
        if (!writeSeed(captureDir, int(i), captures[i]))
            return 1;
    }
    // A TLS server's input: a piece-size byte, then a real client hello (whole, cut
    // short, in small pieces), a plaintext request, and an alert.
    TlsClientSettings clientSettings;
    clientSettings.enabled = true;
    clientSettings.insecure = true;
    clientSettings.alpn = "h2,http/1.1";
    QString why;
    const auto clientContext = TlsContext::forClient(clientSettings, QStringLiteral("localhost"), &why);
    if (!clientContext)
        return 1;
    TlsChannel client(*clientContext);
    QByteArray hello;
    client.start(hello);
    const QString tlsDir = root + QStringLiteral("/tls_server");
    const QList<QByteArray> tlsSeeds{
        QByteArray(1, char(255)) + hello,
        QByteArray(1, char(4)) + hello,
        QByteArray(1, char(255)) + hello.left(hello.size() / 2),
        QByteArray(1, char(255)) + "GET / HTTP/1.1\r\nHost: x\r\n\r\n",
        QByteArray(1, char(255)) + TlsChannel::plaintextFatalAlert(),
    };
    if (!QDir().mkpath(tlsDir))
        return 1;
    for (qsizetype i = 0; i < tlsSeeds.size(); ++i) {
        if (!writeSeed(tlsDir, int(i), tlsSeeds[i]))
            return 1;
    }
    // Interval logs (a mode byte 0, then the text; 2: two agents' logs) and encoded histograms (1, then the bytes).
    LatencyHistogram histogram;
    for (qint64 value : {1LL, 2047LL, 2048LL, 70'000LL, 5'000'000LL, 123'456'789LL})
        histogram.record(value, quint64(value % 7 + 1));
    const QByteArray log = IntervalLogWriter::header(QDateTime::fromMSecsSinceEpoch(1'700'000'000'000LL, Qt::UTC),
                                                     QStringLiteral("seed"))
        + IntervalLogWriter::intervalLine(QStringLiteral("web/steady/corrected"), 0.0, 1.0, histogram)
        + IntervalLogWriter::commentLine(QStringLiteral("[Wirebench-Interval: {}]"))
        + IntervalLogWriter::intervalLine(QString(), 1.0, 1.0, LatencyHistogram());
    // An agent's log as --hlog writes it: each interval's histograms, then its counters line.
    auto agentLog = [&histogram](double offsetSec) {
        QByteArray text = IntervalLogWriter::header(QDateTime::fromMSecsSinceEpoch(1'700'000'000'000LL, Qt::UTC), QString());
        for (int i = 0; i < 4; ++i) {
            const double start = offsetSec + 0.1 * i;
            text += IntervalLogWriter::intervalLine(QStringLiteral("web/steady/corrected"), start, 0.1, histogram);
            text += IntervalLogWriter::intervalLine(QStringLiteral("web/steady/uncorrected"), start, 0.1, histogram);
            text += IntervalLogWriter::commentLine(
                QStringLiteral("[Wirebench-Interval: Tag=web/steady,%1,0.100,{\"reported\":true,\"open\":2,"
                               "\"counters\":{\"sent\":%2,\"received\":%2}}]")
                    .arg(QString::number(start, 'f', 3))
                    .arg(10 + i));
        }
        return text;
    };
    const QByteArray first = agentLog(0.0);
    const QString hlogDir = root + QStringLiteral("/intervallog");
    const QList<QByteArray> hlogSeeds{
        QByteArray(1, '\0') + log,
        QByteArray(1, '\0') + first,
        // Two agents' logs, 40 ms apart (byte 1 is 0: the second begins at its StartTime line).
        QByteArray(1, '\2') + QByteArray(1, '\0') + first + agentLog(0.04),
        QByteArray(1, '\1') + HdrHistogramEncoding::encode(histogram),
        QByteArray(1, '\1') + HdrHistogramEncoding::encodeCompressed(histogram),
    };
    if (!QDir().mkpath(hlogDir))
        return 1;
    for (qsizetype i = 0; i < hlogSeeds.size(); ++i) {
        if (!writeSeed(hlogDir, int(i), hlogSeeds[i]))
            return 1;
    }
    return 0;
}
