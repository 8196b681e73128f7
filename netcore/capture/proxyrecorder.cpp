// SPDX-License-Identifier: GPL-3.0-or-later
#include "capture/proxyrecorder.h"

#include "capture/capturefile.h"
#include "proxy/proxyconfig.h"

#include <QDateTime>

namespace NetCore {

bool ProxyRecorder::open(const ProxyConfig &config, QString *error)
{
    close();
    m_limit = config.recordLimit;
    m_pcapPath = config.recordPcapPath;
    if (!config.recordPath.isEmpty()) {
        Capture header;
        header.framing = config.framing;
        header.listen = QStringLiteral("%1:%2").arg(config.host).arg(config.port);
        header.upstream = QStringLiteral("%1:%2").arg(config.upstreamHost).arg(config.upstreamPort);
        header.startedUtc = QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
        if (!m_capture.open(config.recordPath, config.recordLimit, header, error))
            return false;
    }
    if (!config.recordPcapPath.isEmpty()
        && !m_pcap.open(config.recordPcapPath, config.recordLimit, config.upstreamPort,
                        QDateTime::currentMSecsSinceEpoch() * 1000, error)) {
        m_capture.close();
        return false;
    }
    return true;
}

QStringList ProxyRecorder::append(const QList<CaptureEvent> &events, qint64 nowNs)
{
    QStringList ended;
    if (events.isEmpty())
        return ended;
    QString why;
    if (m_capture.isOpen()) {
        QByteArray lines;
        for (const CaptureEvent &event : events)
            lines += CaptureFile::eventLine(event);
        switch (m_capture.append(lines, nowNs, &why)) {
        case CaptureWriter::Result::LimitReached:
            ended << QStringLiteral("the capture %1 reached its limit of %2 bytes and ends there").arg(m_capture.path()).arg(m_limit);
            break;
        case CaptureWriter::Result::Failed: ended << why; break;
        case CaptureWriter::Result::Written:
        case CaptureWriter::Result::Closed: break;
        }
    }
    if (m_pcap.isOpen()) {
        switch (m_pcap.append(events, &why)) {
        case PcapngWriter::Result::LimitReached:
            ended << QStringLiteral("the pcapng capture %1 reached its limit of %2 bytes and ends there").arg(m_pcapPath).arg(m_limit);
            break;
        case PcapngWriter::Result::Failed: ended << why; break;
        case PcapngWriter::Result::Written:
        case PcapngWriter::Result::Closed: break;
        }
    }
    return ended;
}

void ProxyRecorder::close()
{
    m_capture.close();
    m_pcap.close();
}

} // namespace NetCore
