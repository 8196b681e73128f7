// SPDX-License-Identifier: GPL-3.0-or-later
// TlsChannel on its own: a client and a server channel joined in memory, bytes handed
// across in pieces of every size, as a connection's reads would hand them.
#include "tls/selfsignedcertificate.h"
#include "tls/tlschannel.h"
#include "tls/tlscontext.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace NetCore;

namespace {

TlsClientSettings settings(const QString &caFile, bool resume = false, const QByteArray &alpn = {})
{
    TlsClientSettings tls;
    tls.enabled = true;
    tls.caFile = caFile;
    tls.resume = resume;
    tls.alpn = alpn;
    return tls;
}

TlsServerSettings serverFiles(const QString &cert, const QString &key)
{
    TlsServerSettings tls;
    tls.enabled = true;
    tls.certFile = cert;
    tls.keyFile = key;
    return tls;
}

/** Two channels and what each has to send the other. */
struct Pair {
    TlsChannel client;
    TlsChannel server;
    QByteArray toServer;
    QByteArray toClient;
    QByteArray clientPlain;
    QByteArray serverPlain;
    TlsChannel::Result lastClient = TlsChannel::Result::Ok;
    TlsChannel::Result lastServer = TlsChannel::Result::Ok;

    Pair(const TlsContext &clientContext, const TlsContext &serverContext)
        : client(clientContext)
        , server(serverContext)
    {
        QByteArray none;
        server.start(none);
        client.start(toServer);
    }

    /** Delivers what is pending both ways, `piece` bytes per receive(), until quiet. */
    void shuttle(qsizetype piece = 1 << 20)
    {
        for (int round = 0; round < 20 && (!toServer.isEmpty() || !toClient.isEmpty()); ++round) {
            const QByteArray forServer = std::exchange(toServer, {});
            for (qsizetype at = 0; at < forServer.size(); at += piece) {
                const auto result = server.receive(QByteArrayView(forServer).sliced(at, std::min(piece, forServer.size() - at)),
                                                   serverPlain, toClient);
                if (result != TlsChannel::Result::Ok)
                    lastServer = result;
            }
            const QByteArray forClient = std::exchange(toClient, {});
            for (qsizetype at = 0; at < forClient.size(); at += piece) {
                const auto result = client.receive(QByteArrayView(forClient).sliced(at, std::min(piece, forClient.size() - at)),
                                                   clientPlain, toServer);
                if (result != TlsChannel::Result::Ok)
                    lastClient = result;
            }
        }
    }
};

} // namespace

class tst_TlsChannel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void handshakeAndData_data();
    void handshakeAndData();
    void resumesTheLastSession();
    void verificationFailures_data();
    void verificationFailures();
    void plaintextPeerIsNotTls();
    void alertIsNamed();
    void agreesOnAlpn();
    void closeNotifyEndsTheStream();
    void selfSignedCertificateNamesItsHost();

private:
    std::shared_ptr<TlsContext> client(TlsClientSettings tls, const QString &host = QStringLiteral("127.0.0.1"));
    QTemporaryDir m_dir;
    std::shared_ptr<TlsContext> m_server;
    QString m_caFile; // the self-signed server certificate, trusted as its own CA
};

void tst_TlsChannel::initTestCase()
{
    QString why;
    TlsServerSettings selfSigned = serverFiles({}, {});
    selfSigned.alpn = "http/1.1,wb1";
    m_server = TlsContext::forServer(selfSigned, QStringLiteral("127.0.0.1"), &why);
    QVERIFY2(m_server, qPrintable(why));
    m_caFile = m_dir.filePath(QStringLiteral("server.pem"));
    QFile file(m_caFile);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(m_server->certificatePem());
}

std::shared_ptr<TlsContext> tst_TlsChannel::client(TlsClientSettings tls, const QString &host)
{
    QString why;
    auto context = TlsContext::forClient(tls, host, &why);
    if (!context)
        qWarning("%s", qPrintable(why));
    return context;
}

void tst_TlsChannel::handshakeAndData_data()
{
    QTest::addColumn<qsizetype>("piece");
    QTest::addColumn<qsizetype>("size");
    QTest::newRow("whole flights, 64 bytes") << qsizetype(1 << 20) << qsizetype(64);
    QTest::newRow("one byte at a time, 64 bytes") << qsizetype(1) << qsizetype(64);
    QTest::newRow("7-byte pieces, 100 kB (several records)") << qsizetype(7) << qsizetype(100'000);
    QTest::newRow("record-sized pieces, 1 MB") << qsizetype(16 * 1024 + 5) << qsizetype(1 << 20);
}

void tst_TlsChannel::handshakeAndData()
{
    QFETCH(qsizetype, piece);
    QFETCH(qsizetype, size);
    const auto context = client(settings(m_caFile));
    QVERIFY(context);
    Pair pair(*context, *m_server);
    pair.shuttle(piece);
    QVERIFY(pair.client.isEstablished());
    QVERIFY(pair.server.isEstablished());
    QCOMPARE(pair.client.error(), TlsError::None);
    QCOMPARE(pair.client.protocolVersion(), QStringLiteral("TLSv1.3"));
    QVERIFY(!pair.client.wasResumed());

    QByteArray message(size, Qt::Uninitialized);
    for (qsizetype i = 0; i < size; ++i)
        message[i] = char(i * 7 + 3);
    QVERIFY(pair.client.encrypt(message, pair.toServer));
    QVERIFY(pair.toServer.size() > size); // records, not the plaintext
    pair.shuttle(piece);
    QCOMPARE(pair.serverPlain, message);
    QVERIFY(pair.server.encrypt(message, pair.toClient));
    pair.shuttle(piece);
    QCOMPARE(pair.clientPlain, message);
}

void tst_TlsChannel::resumesTheLastSession()
{
    const auto context = client(settings(m_caFile, true));
    QVERIFY(context);
    TlsChannel clientChannel(*context);
    for (int attempt = 0; attempt < 3; ++attempt) {
        TlsChannel serverChannel(*m_server);
        QByteArray toServer, toClient, plain, none;
        serverChannel.start(none);
        clientChannel.start(toServer);
        for (int round = 0; round < 10; ++round) {
            serverChannel.receive(std::exchange(toServer, {}), plain, toClient);
            clientChannel.receive(std::exchange(toClient, {}), plain, toServer);
        }
        QVERIFY(clientChannel.isEstablished());
        // The first is full; each later one resumes the ticket the last one got.
        QCOMPARE(clientChannel.wasResumed(), attempt > 0);
        QCOMPARE(serverChannel.wasResumed(), attempt > 0);
    }
}

void tst_TlsChannel::verificationFailures_data()
{
    QTest::addColumn<QString>("host");
    QTest::addColumn<bool>("trustServer");
    QTest::addColumn<QString>("reason");
    QTest::newRow("untrusted self-signed") << QStringLiteral("127.0.0.1") << false << QStringLiteral("self-signed certificate");
    QTest::newRow("wrong name") << QStringLiteral("example.org") << true << QStringLiteral("hostname mismatch");
    QTest::newRow("wrong address") << QStringLiteral("127.0.0.9") << true << QStringLiteral("IP address mismatch");
}

void tst_TlsChannel::verificationFailures()
{
    QFETCH(QString, host);
    QFETCH(bool, trustServer);
    QFETCH(QString, reason);
    // Another self-signed certificate as the only trusted one: the server's is unknown.
    const QString other = m_dir.filePath(QStringLiteral("other.pem"));
    if (!QFile::exists(other)) {
        QString why;
        QFile file(other);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(SelfSignedCertificate::make(QStringLiteral("127.0.0.1"), &why).certificatePem);
    }
    const auto context = client(settings(trustServer ? m_caFile : other), host);
    QVERIFY(context);
    Pair pair(*context, *m_server);
    pair.shuttle();
    QCOMPARE(pair.lastClient, TlsChannel::Result::Failed);
    QCOMPARE(pair.client.error(), TlsError::Verification);
    QVERIFY2(pair.client.errorReason().contains(reason), qPrintable(pair.client.errorReason()));
    // The server hears why: the client's alert.
    QCOMPARE(pair.server.error(), TlsError::Alert);
}

void tst_TlsChannel::plaintextPeerIsNotTls()
{
    TlsChannel server(*m_server);
    QByteArray none, plain, out;
    server.start(none);
    QCOMPARE(server.receive("GET / HTTP/1.1\r\nHost: x\r\n\r\n", plain, out), TlsChannel::Result::Failed);
    QCOMPARE(server.error(), TlsError::NotTls);
    QVERIFY(plain.isEmpty());
    QVERIFY(TlsChannel::looksLikeTls(TlsChannel::plaintextFatalAlert()));
    QVERIFY(!TlsChannel::looksLikeTls("+PONG\r\n"));
}

void tst_TlsChannel::alertIsNamed()
{
    const auto context = client(settings(m_caFile));
    TlsChannel channel(*context);
    QByteArray hello, plain, out;
    channel.start(hello);
    QCOMPARE(channel.receive(TlsChannel::plaintextFatalAlert(), plain, out), TlsChannel::Result::Failed);
    QCOMPARE(channel.error(), TlsError::Alert);
    QVERIFY2(channel.errorReason().contains(QLatin1String("handshake failure")), qPrintable(channel.errorReason()));
}

void tst_TlsChannel::agreesOnAlpn()
{
    const auto context = client(settings(m_caFile, false, "h2,wb1"));
    Pair pair(*context, *m_server);
    pair.shuttle();
    QVERIFY(pair.client.isEstablished());
    QCOMPARE(pair.client.alpn(), QByteArray("wb1"));
}

void tst_TlsChannel::closeNotifyEndsTheStream()
{
    const auto context = client(settings(m_caFile));
    Pair pair(*context, *m_server);
    pair.shuttle();
    QVERIFY(pair.server.encrypt("last words", pair.toClient));
    pair.server.shutdown(pair.toClient);
    pair.shuttle();
    QCOMPARE(pair.clientPlain, QByteArray("last words"));
    QCOMPARE(pair.lastClient, TlsChannel::Result::PeerClosed);
}

void tst_TlsChannel::selfSignedCertificateNamesItsHost()
{
    QString why;
    const auto context = TlsContext::forServer(serverFiles({}, {}), QStringLiteral("0.0.0.0"), &why);
    QVERIFY2(context, qPrintable(why));
    QCOMPARE(context->fingerprint().size(), 32 * 3 - 1); // "AB:CD:..." over SHA-256
    // Missing files are refused before anything starts, naming the file.
    QVERIFY(!TlsContext::forServer(serverFiles("/nonexistent/cert.pem", "/nonexistent/key.pem"), QStringLiteral("127.0.0.1"), &why));
    QVERIFY2(why.contains(QLatin1String("/nonexistent/cert.pem")), qPrintable(why));
    TlsClientSettings tooOld = settings({});
    tooOld.minVersion = QStringLiteral("1.1");
    QVERIFY(!TlsContext::forClient(tooOld, QStringLiteral("127.0.0.1"), &why));
    QVERIFY2(why.contains(QLatin1String("1.1")), qPrintable(why));
}

QTEST_GUILESS_MAIN(tst_TlsChannel)
#include "tst_tlschannel.moc"
