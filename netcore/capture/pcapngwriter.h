// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "capture/capture.h"

#include <QFile>
#include <QString>

#include <map>
#include <memory>

namespace NetCore {

/**
 * A proxy's recording as pcapng (`--record-pcap`), so Wireshark and tshark open it:
 * each connection as a TCP conversation between 127.0.0.1:CLIENT_PORT and
 * 127.0.0.1:UPSTREAM_PORT, with IPv4 and TCP headers made up (handshake, segments with
 * running sequence numbers, FINs) around the bytes each side sent. Raw IP link type.
 * Bounded like the capture: at the limit it stops (whole packets only).
 */
class PcapngWriter
{
public:
    /** Creates `path` with the section and interface blocks; false with the reason. */
    bool open(const QString &path, qint64 limit, quint16 upstreamPort, qint64 startedUtcUs, QString *error);
    enum class Result { Written, LimitReached, Failed, Closed };
    Result append(const QList<CaptureEvent> &events, QString *error);
    void close();
    bool isOpen() const { return m_file != nullptr; }
    qint64 bytesWritten() const { return m_written; }

private:
    struct Flow {
        quint16 clientPort = 0;
        quint32 clientSeq = 1000;   // next sequence number each way
        quint32 serverSeq = 500000;
    };
    /** One made-up IPv4+TCP packet around `payload` as an enhanced packet block. */
    QByteArray packet(const Flow &flow, bool fromClient, quint8 flags, QByteArrayView payload, qint64 timeNs) const;
    QByteArray segments(Flow &flow, const CaptureEvent &event);

    std::unique_ptr<QFile> m_file;
    QString m_path;
    qint64 m_limit = 0;
    qint64 m_written = 0;
    quint16 m_upstreamPort = 0;
    qint64 m_startedUtcUs = 0;
    std::map<quint64, Flow> m_flows;
};

} // namespace NetCore
