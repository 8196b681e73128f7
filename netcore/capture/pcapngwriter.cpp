// SPDX-License-Identifier: GPL-3.0-or-later
#include "capture/pcapngwriter.h"

#include <QtEndian>

namespace NetCore {

namespace {

constexpr quint32 SectionHeaderBlock = 0x0A0D0D0A;
constexpr quint32 InterfaceDescriptionBlock = 1;
constexpr quint32 EnhancedPacketBlock = 6;
constexpr quint16 LinkTypeRaw = 101;     // LINKTYPE_RAW: packets begin with an IP header
constexpr qsizetype MaxSegment = 65'000; // payload per made-up segment (an IPv4 packet holds 65,535)
constexpr quint8 Fin = 0x01, Syn = 0x02, Psh = 0x08, Ack = 0x10;

void put16(QByteArray &out, quint16 value) { out.append(char(value & 0xff)).append(char(value >> 8)); }
void put32(QByteArray &out, quint32 value)
{
    for (int i = 0; i < 4; ++i)
        out.append(char((value >> (8 * i)) & 0xff));
}
void putBe16(QByteArray &out, quint16 value) { out.append(char(value >> 8)).append(char(value & 0xff)); }
void putBe32(QByteArray &out, quint32 value)
{
    for (int i = 3; i >= 0; --i)
        out.append(char((value >> (8 * i)) & 0xff));
}

/** A pcapng block: type, total length, body padded to 32 bits, total length again (little-endian). */
QByteArray block(quint32 type, QByteArray body)
{
    while (body.size() % 4 != 0)
        body.append('\0');
    QByteArray out;
    put32(out, type);
    put32(out, quint32(body.size() + 12));
    out += body;
    put32(out, quint32(body.size() + 12));
    return out;
}

/** The Internet checksum (RFC 1071) of `bytes`, starting from `sum`. */
quint16 checksum(QByteArrayView bytes, quint32 sum = 0)
{
    for (qsizetype i = 0; i + 1 < bytes.size(); i += 2)
        sum += (quint32(quint8(bytes[i])) << 8) | quint8(bytes[i + 1]);
    if (bytes.size() % 2)
        sum += quint32(quint8(bytes.back())) << 8;
    while (sum >> 16)
        sum = (sum & 0xffff) + (sum >> 16);
    return quint16(~sum);
}

quint16 portOf(const QString &peer)
{
    return quint16(peer.section(QLatin1Char(':'), -1).toUInt());
}

} // namespace

bool PcapngWriter::open(const QString &path, qint64 limit, quint16 upstreamPort, qint64 startedUtcUs, QString *error)
{
    close();
    m_path = path;
    m_limit = limit;
    m_upstreamPort = upstreamPort;
    m_startedUtcUs = startedUtcUs;
    m_written = 0;
    m_flows.clear();
    m_file = std::make_unique<QFile>(path);
    if (!m_file->open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        if (error)
            *error = QStringLiteral("cannot record to %1: %2").arg(path, m_file->errorString());
        m_file.reset();
        return false;
    }
    QByteArray header;
    put32(header, 0x1A2B3C4D); // byte-order magic
    put16(header, 1);          // version 1.0
    put16(header, 0);
    put32(header, 0xffffffff); // section length: not given
    put32(header, 0xffffffff);
    QByteArray interface;
    put16(interface, LinkTypeRaw);
    put16(interface, 0);
    put32(interface, 0);       // no snap length
    const QByteArray start = block(SectionHeaderBlock, header) + block(InterfaceDescriptionBlock, interface);
    if (m_file->write(start) != start.size() || !m_file->flush()) {
        if (error)
            *error = QStringLiteral("cannot write %1: %2").arg(path, m_file->errorString());
        close();
        return false;
    }
    m_written = start.size();
    return true;
}

QByteArray PcapngWriter::packet(const Flow &flow, bool fromClient, quint8 flags, QByteArrayView payload, qint64 timeNs) const
{
    const quint16 sourcePort = fromClient ? flow.clientPort : m_upstreamPort;
    const quint16 destinationPort = fromClient ? m_upstreamPort : flow.clientPort;
    const quint32 seq = fromClient ? flow.clientSeq : flow.serverSeq;
    const quint32 ack = fromClient ? flow.serverSeq : flow.clientSeq;
    QByteArray tcp;
    putBe16(tcp, sourcePort);
    putBe16(tcp, destinationPort);
    putBe32(tcp, seq);
    putBe32(tcp, (flags & Ack) ? ack : 0);
    tcp.append(char(5 << 4)).append(char(flags));
    putBe16(tcp, 65535); // window
    putBe16(tcp, 0);     // checksum, below
    putBe16(tcp, 0);
    tcp.append(payload.data(), payload.size());
    // The TCP checksum over the pseudo-header (loopback both ways, protocol 6, length).
    const quint32 pseudo = 0x7f00 + 0x0001 + 0x7f00 + 0x0001 + 6 + quint32(tcp.size());
    qToBigEndian(checksum(tcp, pseudo), tcp.data() + 16);
    QByteArray ip;
    ip.append(char(0x45)).append('\0');
    putBe16(ip, quint16(20 + tcp.size()));
    putBe16(ip, 0);       // identification
    putBe16(ip, 0x4000);  // don't fragment
    ip.append(char(64)).append(char(6));
    putBe16(ip, 0);       // checksum, below
    putBe32(ip, 0x7f000001);
    putBe32(ip, 0x7f000001);
    qToBigEndian(checksum(ip), ip.data() + 10);
    const QByteArray data = ip + tcp;
    const quint64 us = quint64(m_startedUtcUs + timeNs / 1000);
    QByteArray body;
    put32(body, 0); // interface 0
    put32(body, quint32(us >> 32));
    put32(body, quint32(us & 0xffffffff));
    put32(body, quint32(data.size()));
    put32(body, quint32(data.size()));
    body += data;
    return block(EnhancedPacketBlock, body);
}

QByteArray PcapngWriter::segments(Flow &flow, const CaptureEvent &event)
{
    QByteArray out;
    switch (event.kind) {
    case CaptureEvent::Kind::Open:
        flow.clientPort = portOf(event.peer);
        out += packet(flow, true, Syn, {}, event.timeNs);
        flow.clientSeq += 1;
        out += packet(flow, false, Syn | Ack, {}, event.timeNs);
        flow.serverSeq += 1;
        out += packet(flow, true, Ack, {}, event.timeNs);
        break;
    case CaptureEvent::Kind::Up:
    case CaptureEvent::Kind::Down: {
        const bool fromClient = event.kind == CaptureEvent::Kind::Up;
        for (qsizetype at = 0; at < event.bytes.size(); at += MaxSegment) {
            const QByteArrayView piece = QByteArrayView(event.bytes).sliced(at, std::min(MaxSegment, event.bytes.size() - at));
            out += packet(flow, fromClient, Psh | Ack, piece, event.timeNs);
            (fromClient ? flow.clientSeq : flow.serverSeq) += quint32(piece.size());
        }
        break;
    }
    case CaptureEvent::Kind::Close:
        out += packet(flow, true, Fin | Ack, {}, event.timeNs);
        flow.clientSeq += 1;
        out += packet(flow, false, Fin | Ack, {}, event.timeNs);
        flow.serverSeq += 1;
        out += packet(flow, true, Ack, {}, event.timeNs);
        break;
    }
    return out;
}

PcapngWriter::Result PcapngWriter::append(const QList<CaptureEvent> &events, QString *error)
{
    if (!m_file)
        return Result::Closed;
    QByteArray out;
    for (const CaptureEvent &event : events) {
        auto [flow, isNew] = m_flows.try_emplace(event.connection);
        const QByteArray packets = segments(flow->second, event);
        if (event.kind == CaptureEvent::Kind::Close)
            m_flows.erase(flow);
        if (m_written + out.size() + packets.size() > m_limit) {
            const bool ok = m_file->write(out) == out.size() && m_file->flush();
            if (!ok && error)
                *error = QStringLiteral("cannot write %1: %2; the pcapng capture ends here").arg(m_path, m_file->errorString());
            m_written += ok ? out.size() : 0;
            close();
            return ok ? Result::LimitReached : Result::Failed;
        }
        out += packets;
    }
    if (m_file->write(out) != out.size() || !m_file->flush()) {
        if (error)
            *error = QStringLiteral("cannot write %1: %2; the pcapng capture ends here").arg(m_path, m_file->errorString());
        close();
        return Result::Failed;
    }
    m_written += out.size();
    return Result::Written;
}

void PcapngWriter::close()
{
    if (m_file)
        m_file->close();
    m_file.reset();
}

} // namespace NetCore
