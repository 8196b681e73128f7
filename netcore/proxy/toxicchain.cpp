// SPDX-License-Identifier: GPL-3.0-or-later
#include "proxy/toxicchain.h"

#include "io/timeunits.h"

#include <algorithm>

namespace NetCore {

namespace {

constexpr qint64 BandwidthSliceNs = 100 * NsPerMs; // a bandwidth toxic lets bytes go in pieces of 100 ms

qint64 uniform(std::mt19937_64 &random, qint64 low, qint64 high)
{
    return low >= high ? low : std::uniform_int_distribution<qint64>(low, high)(random);
}

} // namespace

void ToxicChain::update(const QList<Toxic> &toxics, Toxic::Stream stream, qint64 nowNs, std::mt19937_64 &random)
{
    std::vector<Active> kept;
    QList<std::pair<QString, double>> rolledOut;
    for (const Toxic &toxic : toxics) {
        if (toxic.stream != stream)
            continue;
        const auto before = std::find_if(m_active.begin(), m_active.end(), [&](const Active &a) { return a.toxic.name == toxic.name; });
        if (before != m_active.end() && before->toxic.toxicity == toxic.toxicity) {
            Active active = *before;
            active.toxic = toxic; // new attributes, same decision and state
            kept.push_back(active);
            continue;
        }
        const std::pair<QString, double> decided{toxic.name, toxic.toxicity};
        if (m_rolledOut.contains(decided)) {
            rolledOut << decided;
            continue;
        }
        if (std::uniform_real_distribution<double>(0.0, 1.0)(random) < toxic.toxicity)
            kept.push_back(Active{toxic, nowNs, nowNs, 0});
        else
            rolledOut << decided;
    }
    m_active = std::move(kept);
    m_rolledOut = std::move(rolledOut);
}

bool ToxicChain::holds() const
{
    return std::any_of(m_active.begin(), m_active.end(), [](const Active &a) { return a.toxic.type == Toxic::Type::Timeout; });
}

void ToxicChain::push(QByteArrayView bytes, qint64 nowNs, std::deque<ToxicPiece> &out, std::mt19937_64 &random)
{
    std::vector<ToxicPiece> pieces{ToxicPiece{nowNs, QByteArray(bytes.data(), bytes.size()), false}};
    for (Active &active : m_active) {
        const Toxic &t = active.toxic;
        std::vector<ToxicPiece> next;
        switch (t.type) {
        case Toxic::Type::Latency:
            for (ToxicPiece &piece : pieces) {
                const qint64 jitter = uniform(random, -t.jitterMs * NsPerMs, t.jitterMs * NsPerMs);
                piece.dueNs = std::max(piece.dueNs + std::max<qint64>(t.latencyMs * NsPerMs + jitter, 0), active.lastDueNs);
                active.lastDueNs = piece.dueNs;
            }
            next = std::move(pieces);
            break;
        case Toxic::Type::Bandwidth: {
            const qint64 bytesPerSecond = t.rateKBps * 1000;
            const qsizetype sliceBytes = qsizetype(std::clamp<qint64>(bytesPerSecond / (NsPerSecond / BandwidthSliceNs), 1, 1 << 20));
            for (const ToxicPiece &piece : pieces) {
                for (qsizetype at = 0; at < piece.bytes.size(); at += sliceBytes) {
                    const QByteArray slice = piece.bytes.mid(at, sliceBytes);
                    const qint64 start = std::max(piece.dueNs, active.lastDueNs);
                    active.lastDueNs = start + qint64(slice.size()) * 1'000'000'000 / bytesPerSecond;
                    next.push_back(ToxicPiece{active.lastDueNs, slice, false});
                }
                if (piece.endsConnection && !next.empty())
                    next.back().endsConnection = true;
            }
            break;
        }
        case Toxic::Type::Slicer:
            for (const ToxicPiece &piece : pieces) {
                qint64 due = std::max(piece.dueNs, active.lastDueNs);
                for (qsizetype at = 0; at < piece.bytes.size();) {
                    const qsizetype size = qsizetype(std::max<qint64>(uniform(random, t.averageSize - t.sizeVariation, t.averageSize + t.sizeVariation), 1));
                    next.push_back(ToxicPiece{due, piece.bytes.mid(at, size), false});
                    at += size;
                    due += t.delayUs * NsPerUs;
                }
                active.lastDueNs = next.empty() ? active.lastDueNs : next.back().dueNs;
                if (piece.endsConnection && !next.empty())
                    next.back().endsConnection = true;
            }
            break;
        case Toxic::Type::Timeout:
            for (ToxicPiece &piece : pieces)
                piece.dueNs = ToxicPiece::Held;
            next = std::move(pieces);
            break;
        case Toxic::Type::LimitData:
            for (ToxicPiece &piece : pieces) {
                const qint64 room = t.bytes - active.passed;
                if (room <= 0)
                    break;
                if (piece.bytes.size() >= room) {
                    piece.bytes.truncate(qsizetype(room));
                    piece.endsConnection = true;
                }
                active.passed += piece.bytes.size();
                next.push_back(std::move(piece));
                if (next.back().endsConnection)
                    break;
            }
            break;
        case Toxic::Type::SlowClose:
        case Toxic::Type::ResetPeer:
            next = std::move(pieces);
            break;
        }
        pieces = std::move(next);
    }
    for (ToxicPiece &piece : pieces)
        out.push_back(std::move(piece));
}

qint64 ToxicChain::endDueNs(qint64 nowNs) const
{
    qint64 due = nowNs;
    for (const Active &active : m_active) {
        if (active.toxic.type == Toxic::Type::SlowClose)
            due = std::max(due, nowNs + active.toxic.delayMs * NsPerMs);
    }
    return due;
}

std::optional<ToxicChain::Deadline> ToxicChain::deadline() const
{
    std::optional<Deadline> earliest;
    for (const Active &active : m_active) {
        const Toxic &t = active.toxic;
        const bool ends = (t.type == Toxic::Type::Timeout && t.timeoutMs > 0) || t.type == Toxic::Type::ResetPeer;
        if (!ends)
            continue;
        const Deadline d{active.armedNs + t.timeoutMs * NsPerMs, t.type == Toxic::Type::ResetPeer};
        if (!earliest || d.atNs < earliest->atNs)
            earliest = d;
    }
    return earliest;
}

QStringList ToxicChain::activeNames() const
{
    QStringList names;
    for (const Active &active : m_active)
        names << active.toxic.name;
    return names;
}

} // namespace NetCore
