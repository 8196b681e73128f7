// SPDX-License-Identifier: GPL-3.0-or-later
// Sockets bound to a source address leave their port to connect()
// (IP_BIND_ADDRESS_NO_PORT), and a bad source is refused with the reason.
#include "io/sourcebind.h"

#include <QTcpServer>
#include <QTest>

#include <cerrno>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#ifndef IP_BIND_ADDRESS_NO_PORT
#define IP_BIND_ADDRESS_NO_PORT 24
#endif

using namespace NetCore;

namespace {
quint16 localPort(int fd)
{
    sockaddr_storage address{};
    socklen_t length = sizeof address;
    if (getsockname(fd, reinterpret_cast<sockaddr *>(&address), &length) != 0)
        return 0;
    if (address.ss_family == AF_INET6)
        return ntohs(reinterpret_cast<sockaddr_in6 *>(&address)->sin6_port);
    return ntohs(reinterpret_cast<sockaddr_in *>(&address)->sin_port);
}
} // namespace

class tst_SourceBind : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void portIsChosenAtConnect_data();
    void portIsChosenAtConnect();
    void unusableSourceIsRefusedWithTheReason();
};

void tst_SourceBind::portIsChosenAtConnect_data()
{
    QTest::addColumn<QString>("source");
    QTest::addColumn<QString>("target");
    QTest::newRow("127.0.0.2 to 127.0.0.1") << QStringLiteral("127.0.0.2") << QStringLiteral("127.0.0.1");
    QTest::newRow("::1 to ::1") << QStringLiteral("::1") << QStringLiteral("::1");
}

void tst_SourceBind::portIsChosenAtConnect()
{
    QFETCH(QString, source);
    QFETCH(QString, target);
    QTcpServer server;
    QVERIFY2(server.listen(QHostAddress(target), 0), qPrintable(target + QLatin1String(": ") + server.errorString()));

    QString error;
    const int fd = SourceBind::openBoundSocket(QHostAddress(source), &error);
    QVERIFY2(fd >= 0, qPrintable(error));
    QVERIFY(SourceBind::portDeferred());
    int on = 0;
    socklen_t length = sizeof on;
    QCOMPARE(getsockopt(fd, IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &on, &length), 0);
    QCOMPARE(on, 1);
    // Bound to the address, no port yet: a plain bind(address, 0) would have taken one.
    QCOMPARE(localPort(fd), quint16(0));

    sockaddr_storage address{};
    socklen_t addressLength = 0;
    const QHostAddress host(target);
    if (host.protocol() == QAbstractSocket::IPv6Protocol) {
        auto *in6 = reinterpret_cast<sockaddr_in6 *>(&address);
        in6->sin6_family = AF_INET6;
        in6->sin6_port = htons(server.serverPort());
        const Q_IPV6ADDR bytes = host.toIPv6Address();
        memcpy(&in6->sin6_addr, bytes.c, sizeof bytes.c);
        addressLength = sizeof(sockaddr_in6);
    } else {
        auto *in4 = reinterpret_cast<sockaddr_in *>(&address);
        in4->sin_family = AF_INET;
        in4->sin_port = htons(server.serverPort());
        in4->sin_addr.s_addr = htonl(host.toIPv4Address());
        addressLength = sizeof(sockaddr_in);
    }
    const int connected = ::connect(fd, reinterpret_cast<sockaddr *>(&address), addressLength);
    QVERIFY(connected == 0 || errno == EINPROGRESS);
    QVERIFY(localPort(fd) != 0);
    QVERIFY(server.waitForNewConnection(5000));
    QTcpSocket *accepted = server.nextPendingConnection();
    QVERIFY(accepted);
    QCOMPARE(accepted->peerAddress(), QHostAddress(source));
    QCOMPARE(accepted->peerPort(), localPort(fd));
    ::close(fd);
}

void tst_SourceBind::unusableSourceIsRefusedWithTheReason()
{
    // TEST-NET-3: no interface here has it.
    QString error;
    QCOMPARE(SourceBind::openBoundSocket(QHostAddress(QStringLiteral("203.0.113.7")), &error), -1);
    QVERIFY2(error.contains(QLatin1String("cannot connect from 203.0.113.7")), qPrintable(error));
    QVERIFY2(error.contains(QLatin1String("bind()")), qPrintable(error));
}

QTEST_GUILESS_MAIN(tst_SourceBind)
#include "tst_sourcebind.moc"
