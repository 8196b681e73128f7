// SPDX-License-Identifier: GPL-3.0-or-later
// Test support: a raw TCP peer on the test's thread, to talk to servers byte by byte
// and see exactly what comes back.
#pragma once

#include "codec/framereader.h"
#include "codec/framing.h"
#include "codec/framecodec.h"

#include <QByteArray>
#include <QHostAddress>
#include <QList>
#include <QTcpSocket>

#include <memory>

class LoopbackPeer
{
public:
    explicit LoopbackPeer(NetCore::Framing framing = NetCore::Framing::Wb1)
        : m_codec(NetCore::makeCodec(framing))
    {
        QObject::connect(&m_socket, &QTcpSocket::readyRead, &m_socket, [this] { m_received += m_socket.readAll(); });
        QObject::connect(&m_socket, &QTcpSocket::disconnected, &m_socket, [this] { m_disconnected = true; });
    }

    void connectTo(quint16 port) { m_socket.connectToHost(QHostAddress::LocalHost, port); }
    bool isConnected() const { return m_socket.state() == QAbstractSocket::ConnectedState; }
    bool wasDisconnected() const { return m_disconnected; }

    void sendRaw(const QByteArray &bytes) { m_socket.write(bytes); }
    void send(const NetCore::Frame &frame)
    {
        QByteArray bytes;
        m_codec->encode(frame, bytes);
        m_socket.write(bytes);
    }
    void sendData(quint64 sequence, const QByteArray &payload, quint16 flags = 0)
    {
        send(NetCore::Frame{quint8(NetCore::FrameType::Data), flags, sequence, sequence * 10, payload});
    }

    QByteArray received() const { return m_received; }

    /** Every whole frame received so far (payloads copied), in order. */
    QList<NetCore::Frame> frames()
    {
        m_frameStorage.clear();
        QList<NetCore::Frame> frames;
        NetCore::FrameReader reader(*m_codec);
        reader.append(m_received);
        for (;;) {
            NetCore::Frame frame;
            const auto result = reader.next(frame);
            if (result.status != NetCore::DecodeResult::Status::Complete)
                break;
            m_frameStorage.append(frame.payload.toByteArray());
            frame.payload = m_frameStorage.last();
            frames.append(frame);
        }
        return frames;
    }

    int frameCount() { return int(frames().size()); }

    QTcpSocket &socket() { return m_socket; }

private:
    std::shared_ptr<const NetCore::FrameCodec> m_codec;
    QTcpSocket m_socket;
    QByteArray m_received;
    QList<QByteArray> m_frameStorage;
    bool m_disconnected = false;
};
