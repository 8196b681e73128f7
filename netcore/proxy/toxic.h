// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHostAddress>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <optional>

namespace NetCore {

/**
 * A fault a proxy injects on one direction of its connections, as Toxiproxy's toxics
 * are: the same types, parameters (its attribute names and units) and meaning.
 * `toxicity` is the share of connections it applies to, decided once per connection.
 */
struct Toxic {
    enum class Type {
        Latency,   // latency ms, jitter ms: each chunk delayed by latency ± jitter
        Bandwidth, // rate KB/s: no faster than this
        SlowClose, // delay ms: the end of the stream passed on this late
        Timeout,   // timeout ms: nothing goes through; closed after timeout (0: held for ever)
        ResetPeer, // timeout ms: the connection is reset after timeout
        Slicer,    // average_size, size_variation bytes, delay µs: chunks cut in slices, delay between
        LimitData, // bytes: the connection is closed once this many went through
    };
    enum class Stream { Upstream, Downstream }; // client → server, server → client

    QString name; // unique within the proxy; default TYPE_STREAM as Toxiproxy names them
    Type type = Type::Latency;
    Stream stream = Stream::Downstream;
    double toxicity = 1.0;
    qint64 latencyMs = 0;
    qint64 jitterMs = 0;
    qint64 rateKBps = 0;
    qint64 delayMs = 0;     // slow_close
    qint64 timeoutMs = 0;   // timeout, reset_peer
    qint64 averageSize = 0; // slicer
    qint64 sizeVariation = 0;
    qint64 delayUs = 0;     // slicer
    qint64 bytes = 0;       // limit_data
    QString from;           // aimed at clients from this address or ADDRESS/PREFIX; empty: all (not Toxiproxy's)

    /**
     * "TYPE[:KEY=VALUE,...]" with Toxiproxy's attribute names, plus stream=upstream|
     * downstream (default downstream), toxicity=0..1 (default 1), name=NAME and
     * from=ADDRESS[/PREFIX] (aimed at those clients: Wirebench's own); e.g.
     * "latency:latency=200,jitter=20" or "limit_data:bytes=1000,stream=upstream".
     */
    static std::optional<Toxic> parse(const QString &spec, QString *error = nullptr);
    /** Toxiproxy's JSON: {"name", "type", "stream", "toxicity", "attributes": {...}}. */
    static std::optional<Toxic> fromJson(const QJsonObject &object, QString *error = nullptr);
    static QString syntax();
    static QStringList typeNames();
    static QString typeName(Type type);
    static QString streamName(Stream stream) { return stream == Stream::Upstream ? QStringLiteral("upstream") : QStringLiteral("downstream"); }

    QString spec() const;
    QJsonObject toJson() const;
    /** The attributes Toxiproxy's JSON has for this type, as they are set. */
    QJsonObject attributes() const;
    /** Whether it applies to a client at `address` (from=). */
    bool appliesTo(const QHostAddress &address) const;
    bool operator==(const Toxic &other) const = default;
};

} // namespace NetCore
