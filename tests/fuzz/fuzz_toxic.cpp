// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target for proxy faults as peers send them: the JSON body of a Toxiproxy
// API request (first byte even) or a fault spec from a command line or a session file
// (odd). Whatever parses must write back and read back the same, and pieces of bytes
// pushed through its chain must come out whole, in order, never more than went in.
#include "proxy/toxic.h"
#include "proxy/toxicchain.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <cstdint>
#include <cstdlib>
#include <deque>

using namespace NetCore;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const QByteArray rest(reinterpret_cast<const char *>(data + 1), qsizetype(size - 1));
    std::optional<Toxic> toxic;
    if (data[0] % 2 == 0) {
        const QJsonDocument document = QJsonDocument::fromJson(rest);
        if (!document.isObject())
            return 0;
        toxic = Toxic::fromJson(document.object());
    } else {
        toxic = Toxic::parse(QString::fromUtf8(rest));
    }
    if (!toxic)
        return 0;
    if (Toxic::fromJson(toxic->toJson()) != toxic || Toxic::parse(toxic->spec()) != toxic)
        std::abort(); // written back, it reads back the same
    // Bytes through the chain: whatever it delays or slices, what comes out is a prefix of
    // what went in (limit_data cuts), in order. Large sizes are bounded by the attributes'
    // own cap; a few bytes keep slicing cheap.
    std::mt19937_64 random(size);
    ToxicChain chain;
    Toxic applied = *toxic;
    applied.toxicity = 1.0;
    if (applied.type == Toxic::Type::Slicer && applied.averageSize - applied.sizeVariation < 1)
        return 0;
    chain.update({applied}, applied.stream, 0, random);
    std::deque<ToxicPiece> out;
    const QByteArray input = rest.left(512);
    chain.push(input, 1000, out, random);
    QByteArray joined;
    qint64 due = 0;
    for (const ToxicPiece &piece : out) {
        if (piece.dueNs < due)
            std::abort(); // out of order
        due = piece.dueNs;
        joined += piece.bytes;
    }
    if (!input.startsWith(joined))
        std::abort();
    return 0;
}
