// SPDX-License-Identifier: GPL-3.0-or-later
// Test support: a WB1 echo server on a thread of its own (so that it answers at
// once, whatever the test's thread is doing) that can stop reading and answering
// for a while (a stall), or never answer at all.
#pragma once

#include "codec/framereader.h"
#include "codec/wb1codec.h"
#include "io/epolleventdispatcher.h"

#include <QHostAddress>
#include <QList>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>
#include <QTimer>

#include <memory>

class StallingEchoServer
{
public:
    StallingEchoServer()
    {
        m_thread.setEventDispatcher(new NetCore::EpollEventDispatcher);
        m_thread.start();
        m_core = new Core;
        m_core->moveToThread(&m_thread);
        QMetaObject::invokeMethod(m_core, [this] { m_port = m_core->listen(); }, Qt::BlockingQueuedConnection);
    }

    ~StallingEchoServer()
    {
        QMetaObject::invokeMethod(m_core, [this] { delete m_core; }, Qt::BlockingQueuedConnection);
        m_thread.quit();
        m_thread.wait();
    }

    quint16 port() const { return m_port; }

    void setSilent(bool silent)
    {
        QMetaObject::invokeMethod(m_core, [this, silent] { m_core->silent = silent; }, Qt::BlockingQueuedConnection);
    }

    /** Stops reading and answering for `milliseconds`, then catches up. */
    void stallFor(int milliseconds)
    {
        QMetaObject::invokeMethod(m_core, [this, milliseconds] { m_core->stallFor(milliseconds); },
                                  Qt::BlockingQueuedConnection);
    }

private:
    struct Peer {
        explicit Peer(QTcpSocket *socket)
            : socket(socket)
            , reader(codec)
        {
        }
        QPointer<QTcpSocket> socket;
        NetCore::Wb1Codec codec;
        NetCore::FrameReader reader;
    };

    class Core : public QObject
    {
    public:
        quint16 listen()
        {
            m_server.setListenBacklogSize(1024);
            m_server.listen(QHostAddress::LocalHost, 0);
            connect(&m_server, &QTcpServer::newConnection, this, [this] {
                while (QTcpSocket *socket = m_server.nextPendingConnection()) {
                    socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
                    auto peer = std::make_shared<Peer>(socket);
                    m_peers.append(peer);
                    connect(socket, &QTcpSocket::readyRead, this, [this, peer] { serve(*peer); });
                }
            });
            return m_server.serverPort();
        }

        void stallFor(int milliseconds)
        {
            stalled = true;
            QTimer::singleShot(milliseconds, Qt::PreciseTimer, this, [this] {
                stalled = false;
                for (const auto &peer : std::as_const(m_peers))
                    serve(*peer);
            });
        }

        bool stalled = false;
        bool silent = false;

    private:
        void serve(Peer &peer)
        {
            if (stalled || silent || !peer.socket)
                return;
            peer.reader.append(peer.socket->readAll());
            QByteArray out;
            NetCore::Frame frame;
            while (peer.reader.next(frame).status == NetCore::DecodeResult::Status::Complete) {
                frame.type = quint8(NetCore::FrameType::Reply);
                peer.codec.encode(frame, out);
            }
            if (!out.isEmpty()) {
                peer.socket->write(out);
                peer.socket->flush();
            }
        }

        // A child, so that it moves to the server's thread with its parent.
        QTcpServer m_server{this};
        QList<std::shared_ptr<Peer>> m_peers;
    };

    QThread m_thread;
    Core *m_core = nullptr;
    quint16 m_port = 0;
};
