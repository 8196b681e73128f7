// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "capture/capturewriter.h"
#include "capture/pcapngwriter.h"

#include <QList>
#include <QString>

#include <optional>

namespace NetCore {

struct ProxyConfig;

/**
 * What a proxy records (--record, --record-pcap), on its owner's thread: the events
 * its I/O threads handed over each interval, as capture lines and as made-up TCP
 * packets. Either file ending (its limit, a failed write) is said once; the other
 * goes on; recording stops when neither is open.
 */
class ProxyRecorder
{
public:
    /** Opens the files `config` names (none: nothing to do); false with the reason. */
    bool open(const ProxyConfig &config, QString *error);
    /** Writes `events`; each file that ended just now, in words. */
    QStringList append(const QList<CaptureEvent> &events, qint64 nowNs);
    void close();

    bool isRecording() const { return m_capture.isOpen() || m_pcap.isOpen(); }
    const CaptureWriter &capture() const { return m_capture; }
    const PcapngWriter &pcap() const { return m_pcap; }

private:
    CaptureWriter m_capture;
    PcapngWriter m_pcap;
    QString m_pcapPath;
    qint64 m_limit = 0;
};

} // namespace NetCore
