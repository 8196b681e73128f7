// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "proxy/toxic.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QStringList>
#include <QList>

#include <deque>
#include <limits>
#include <optional>
#include <random>
#include <vector>

namespace NetCore {

/** Bytes of one direction on their way through the toxics, and when they may go on. */
struct ToxicPiece {
    static constexpr qint64 Held = std::numeric_limits<qint64>::max(); // until a timeout toxic goes
    qint64 dueNs = 0;
    QByteArray bytes;
    bool endsConnection = false; // limit_data: the connection closes once these are delivered
};

/**
 * The toxics on one direction of one connection, in the order they were added, each
 * stage turning the pieces before it into pieces with later due times (as a
 * Toxiproxy link chains its toxics). Which toxics apply is decided once per
 * connection by their toxicity; a toxic added later is decided when it comes.
 */
class ToxicChain
{
public:
    /**
     * Takes the proxy's toxics of `stream`: ones already decided keep their decision
     * (and state) while their toxicity stays the same, new ones (or a new toxicity)
     * are rolled with `random`, removed ones go.
     */
    void update(const QList<Toxic> &toxics, Toxic::Stream stream, qint64 nowNs, std::mt19937_64 &random);
    bool isEmpty() const { return m_active.empty(); }
    /** The names of the toxics that apply to this connection (their toxicity said yes). */
    QStringList activeNames() const;
    /** True while a timeout toxic holds everything back. */
    bool holds() const;
    /** `bytes` came at `nowNs`: appends the pieces to deliver, in order, to `out`. */
    void push(QByteArrayView bytes, qint64 nowNs, std::deque<ToxicPiece> &out, std::mt19937_64 &random);
    /** When an end of stream that came at `nowNs` may be passed on (slow_close delays it). */
    qint64 endDueNs(qint64 nowNs) const;
    struct Deadline {
        qint64 atNs = 0;
        bool reset = false; // reset_peer resets; timeout closes
    };
    /** The earliest time a timeout or reset_peer toxic ends the connection. */
    std::optional<Deadline> deadline() const;

private:
    struct Active {
        Toxic toxic;
        qint64 armedNs = 0;  // when it began to apply to this connection
        qint64 lastDueNs = 0; // stages keep their pieces in order
        qint64 passed = 0;    // limit_data: bytes let through
    };
    std::vector<Active> m_active;
    QList<std::pair<QString, double>> m_rolledOut; // name and toxicity of those whose roll said no
};

} // namespace NetCore
