// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target for a framed proxy's reading of peer bytes (FrameStage) and its
// frame fault specs. Bytes: the first picks a framing (and whether a fault applies),
// the second a read size; the rest is what a peer sends, in reads of that size. Without
// faults, what comes out is exactly what went in, less the partial frame held, in
// order; with drop or corrupt, never more than went in; the held part never grows
// past what was read. Odd first bytes read the rest as a frame fault spec instead: what
// parses writes back and reads back the same.
#include "codec/framing.h"
#include "proxy/framestage.h"

#include <cstdint>
#include <cstdlib>
#include <iterator>

using namespace NetCore;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    const QByteArray rest(reinterpret_cast<const char *>(data + 2), qsizetype(size - 2));
    if (data[0] % 2 == 1) {
        const auto fault = FrameFault::parse(QString::fromUtf8(reinterpret_cast<const char *>(data + 1), qsizetype(size - 1)));
        if (fault && (!FrameFault::parse(fault->spec()) || FrameFault::parse(fault->spec())->spec() != fault->spec()))
            std::abort(); // written back, it reads back the same
        return 0;
    }
    const Framing framing = Framing(allFramings[(data[0] / 2) % std::size(allFramings)]);
    const int faultKind = (data[0] / 32) % 4; // none, drop, corrupt, delay
    static const QStringList faultSpecs{QString(), QStringLiteral("drop:0.5"), QStringLiteral("corrupt:1"),
                                        QStringLiteral("delay:5:2")};
    FrameStage stage(framing, makeCodec(framing));
    std::mt19937_64 random(size);
    QList<FrameFault> faults;
    if (faultKind > 0)
        faults << *FrameFault::parse(faultSpecs[faultKind] + QStringLiteral(",stream=upstream"));
    stage.update(faults, Toxic::Stream::Upstream, QHostAddress::LocalHost, 0, random);
    const qsizetype readSize = 1 + data[1];
    std::vector<StagedFrame> out;
    qint64 now = 1000;
    for (qsizetype at = 0; at < rest.size(); at += readSize) {
        stage.push(QByteArrayView(rest).sliced(at, std::min(readSize, rest.size() - at)), now, out, random);
        now += 1000;
        if (stage.bufferedBytes() > at + readSize)
            std::abort(); // it holds no more than it was given
    }
    QByteArray joined;
    qint64 due = 0;
    for (const StagedFrame &frame : out) {
        if (frame.dropped)
            continue;
        if (frame.notBeforeNs < due)
            std::abort(); // frames never overtake each other
        due = frame.notBeforeNs;
        joined += frame.bytes;
    }
    const QByteArray consumed = rest.left(rest.size() - stage.bufferedBytes());
    if (faultKind == 0 || faultKind == 3) {
        if (joined != consumed)
            std::abort(); // nothing lost, nothing added, in order
    } else if (joined.size() > consumed.size()) {
        std::abort();
    }
    return 0;
}
