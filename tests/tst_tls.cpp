// SPDX-License-Identifier: GPL-3.0-or-later
// TLS against peers no one here wrote: a fleet against socat's OpenSSL echo, openssl
// s_client and curl against `wirebench serve`, client certificates, resumption, bad
// certificates (made by the test with Debian's openssl), and plaintext/TLS mismatches.
#include "serveprocess.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

namespace {

struct LoadResult {
    int exitCode = -1;
    QJsonObject json;
    QByteArray errors;
};

LoadResult runLoad(const QStringList &arguments)
{
    QProcess load;
    load.start(QStringLiteral(WIREBENCH_EXECUTABLE), QStringList{"load", "--json"} + arguments);
    LoadResult result;
    if (!load.waitForFinished(60000)) {
        load.kill();
        load.waitForFinished();
        return result;
    }
    result.exitCode = load.exitCode();
    result.json = QJsonDocument::fromJson(load.readAllStandardOutput()).object();
    result.errors = load.readAllStandardError();
    if (load.exitStatus() == QProcess::CrashExit)
        result.errors.prepend(QByteArray("wirebench load crashed (signal ") + QByteArray::number(load.exitCode()) + ")\n");
    return result;
}

QString describe(const LoadResult &result)
{
    return QString::fromUtf8(QJsonDocument(result.json).toJson(QJsonDocument::Compact) + "\n" + result.errors);
}

/** A port nobody listens on now (socat is given one; it cannot report what it bound). */
quint16 freePort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort();
}

} // namespace

class tst_Tls : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void fleetAgainstSocat();
    void startTlsAfterAPlaintextHello();
    void opensslClientAgainstServe();
    void curlAgainstHttpsServe();
    void clientCertificates_data();
    void clientCertificates();
    void resumption();
    void runReportsItsServersFingerprints();
    void badServerCertificates_data();
    void badServerCertificates();
    void plaintextAndTlsMismatch();
    void tlsAbortFault();

private:
    QString pki(const char *name) const { return m_dir.filePath(QStringLiteral("pki/") + QLatin1String(name)); }
    QString target(quint16 port) const { return QStringLiteral("127.0.0.1:%1").arg(port); }

    QTemporaryDir m_dir;
};

void tst_Tls::initTestCase()
{
    for (const char *peer : {"openssl", "socat", "curl", "python3"}) {
        if (QStandardPaths::findExecutable(QLatin1String(peer)).isEmpty())
            QFAIL(qPrintable(QStringLiteral("%1 is not installed: packaging/dev.sh test installs it from Debian's packages").arg(peer)));
    }
    QProcess make;
    make.start(QStringLiteral("/bin/sh"), {QStringLiteral(WIREBENCH_PEERS_DIR "/make_test_pki.sh"), m_dir.filePath(QStringLiteral("pki"))});
    QVERIFY(make.waitForFinished(60000));
    QVERIFY2(make.exitCode() == 0, make.readAllStandardError().constData());
}

void tst_Tls::fleetAgainstSocat()
{
    const quint16 port = freePort();
    QProcess socat;
    socat.start(QStandardPaths::findExecutable(QStringLiteral("socat")),
                {QStringLiteral("OPENSSL-LISTEN:%1,bind=127.0.0.1,reuseaddr,fork,cert=%2,key=%3,verify=0").arg(port).arg(pki("server.pem"), pki("server.key")),
                 QStringLiteral("EXEC:cat")});
    QVERIFY(socat.waitForStarted());
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            QTcpSocket probe;
            probe.connectToHost(QHostAddress::LocalHost, port);
            return probe.waitForConnected(200);
        }(),
        10000);
    const LoadResult result = runLoad({"--target", target(port), "--framing", "line", "--tls", "--tls-ca", pki("ca.pem"),
                                       "--connections", "4", "--window", "4", "--count", "4000"});
    socat.terminate();
    socat.waitForFinished(5000);
    QVERIFY2(result.exitCode == 0, qPrintable(describe(result)));
    QCOMPARE(result.json.value("received").toInt(), 4000);
    QCOMPARE(result.json.value("errors").toInt(), 0);
    QCOMPARE(result.json.value("timeouts").toInt(), 0);
    const QJsonObject handshake = result.json.value("handshake_us").toObject();
    QVERIFY2(handshake.value("p50").toDouble() > 0 && handshake.value("max").toDouble() >= handshake.value("p50").toDouble(),
             qPrintable(describe(result)));
    QVERIFY(result.json.value("connect_us").toObject().value("p50").toDouble() > 0);
    const QJsonObject tls = result.json.value("tls").toObject();
    QCOMPARE(tls.value("full_handshakes").toInt(), 4);
    QVERIFY(tls.value("version").toString().startsWith(QLatin1String("TLSv1.")));
}

void tst_Tls::startTlsAfterAPlaintextHello()
{
    // SMTP's and IMAP's way: a plaintext command, its answer, then TLS on the same
    // connection (a server on Python's ssl module, tests/peers/starttls_echo_server.py).
    QProcess server;
    server.start(QStringLiteral("python3"), {QStringLiteral(WIREBENCH_PEERS_DIR "/starttls_echo_server.py"), pki("server.pem"),
                                             pki("server.key")});
    QVERIFY2(server.waitForReadyRead(10000), server.readAllStandardError().constData());
    const QByteArray banner = server.readLine();
    QVERIFY2(banner.startsWith("listening on 127.0.0.1:"), banner.constData());
    const quint16 port = banner.trimmed().split(':').last().toUShort();
    const LoadResult result = runLoad({"--target", target(port), "--framing", "line", "--hello", "STARTTLS", "--hello-expect",
                                       "220", "--hello-starttls", "--tls-ca", pki("ca.pem"), "--connections", "2",
                                       "--count", "200"});
    server.kill();
    server.waitForFinished(5000);
    QVERIFY2(result.exitCode == 0, qPrintable(describe(result)));
    QCOMPARE(result.json.value("received").toInt(), 200);
    QCOMPARE(result.json.value("errors").toInt(), 0);
    QCOMPARE(result.json.value("tls").toObject().value("full_handshakes").toInt(), 2);
    QVERIFY(result.json.value("hello_us").toObject().value("p50").toDouble() > 0);
    QVERIFY(result.json.value("handshake_us").toObject().value("p50").toDouble() > 0);

    // The same fleet without TLS options is refused before it starts: the hello says TLS.
    const LoadResult refused = runLoad({"--target", target(port), "--framing", "line", "--hello", "STARTTLS",
                                        "--hello-starttls", "--count", "1"});
    QCOMPARE(refused.exitCode, 2);
}

void tst_Tls::opensslClientAgainstServe()
{
    ServeProcess serve({"--port", "0", "--framing", "line", "--tls-cert", pki("server.pem"), "--tls-key", pki("server.key")});
    const quint16 port = serve.waitForPort();
    QVERIFY(port != 0);
    QProcess client;
    client.start(QStandardPaths::findExecutable(QStringLiteral("openssl")),
                 {"s_client", "-connect", target(port), "-CAfile", pki("ca.pem"), "-verify_return_error", "-quiet"});
    QVERIFY(client.waitForStarted());
    client.write("hello over tls\n");
    QByteArray seen;
    QTRY_VERIFY2_WITH_TIMEOUT((seen += client.readAllStandardOutput()).contains("hello over tls\n"),
                              (seen + client.readAllStandardError()).constData(), 10000);
    client.kill();
    client.waitForFinished();
    QVERIFY(serve.output().contains("SHA-256 "));
}

void tst_Tls::curlAgainstHttpsServe()
{
    // Self-signed: the certificate the server made is written for curl to trust.
    const QString saved = m_dir.filePath(QStringLiteral("self-signed.pem"));
    ServeProcess serve({"--port", "0", "--framing", "http1", "--tls", "--tls-save-cert", saved, "--tls-alpn", "http/1.1"});
    const quint16 port = serve.waitForPort();
    QVERIFY(port != 0);
    QTRY_VERIFY(QFile::exists(saved));
    QProcess curl;
    curl.start(QStandardPaths::findExecutable(QStringLiteral("curl")),
               {"-s", "-S", "--max-time", "10", "--cacert", saved, "-w", " %{http_code}", "-d", "over https",
                QStringLiteral("https://127.0.0.1:%1/echo").arg(port)});
    QVERIFY(curl.waitForFinished(15000));
    QVERIFY2(curl.exitCode() == 0, curl.readAllStandardError().constData());
    QCOMPARE(curl.readAllStandardOutput(), QByteArray("over https 200"));
}

void tst_Tls::clientCertificates_data()
{
    QTest::addColumn<QString>("cert"); // empty: none
    QTest::addColumn<bool>("accepted");
    QTest::addColumn<QString>("clientSays");
    QTest::addColumn<QByteArray>("serverSays");
    QTest::newRow("issued by the required CA") << QStringLiteral("client") << true << QString() << QByteArray();
    QTest::newRow("issued by another CA") << QStringLiteral("other-client") << false
                                          << QStringLiteral("the server refused this client certificate")
                                          << QByteArray("certificate verification failed");
    QTest::newRow("none") << QString() << false << QStringLiteral("the server wants a client certificate")
                          << QByteArray("the client sent no certificate");
}

void tst_Tls::clientCertificates()
{
    QFETCH(QString, cert);
    QFETCH(bool, accepted);
    QFETCH(QString, clientSays);
    QFETCH(QByteArray, serverSays);
    ServeProcess serve({"--port", "0", "--framing", "line", "--tls-cert", pki("server.pem"), "--tls-key", pki("server.key"),
                        "--tls-client-ca", pki("ca.pem")});
    const quint16 port = serve.waitForPort();
    QVERIFY(port != 0);
    QStringList arguments{"--target", target(port), "--framing", "line", "--tls-ca", pki("ca.pem"), "--count", "100"};
    if (!cert.isEmpty())
        arguments << "--tls-cert" << pki(qPrintable(cert + ".pem")) << "--tls-key" << pki(qPrintable(cert + ".key"));
    const LoadResult result = runLoad(arguments);
    if (accepted) {
        QVERIFY2(result.exitCode == 0 && result.json.value("received").toInt() == 100, qPrintable(describe(result)));
        return;
    }
    QCOMPARE(result.json.value("received").toInt(), 0);
    const QString first = result.json.value("tls").toObject().value("errors").toObject().value("alert").toObject().value("first").toString();
    QVERIFY2(first.contains(clientSays), qPrintable(describe(result)));
    serve.process().terminate();
    QVERIFY(serve.process().waitForFinished(5000));
    const QByteArray said = serve.process().readAllStandardError();
    QVERIFY2(said.contains(serverSays), said.constData());
}

void tst_Tls::resumption()
{
    // The server ends every connection after 5 requests; each reconnect resumes. Its key is
    // RSA 4096, whose signature (a few milliseconds) every full handshake pays and a resumed
    // one skips: a difference a shared, noisy machine cannot invert. With an ECDSA key the
    // saving is 10-20 %, which tests/bench measures (run_netbench.py --only tls).
    ServeProcess serve({"--port", "0", "--framing", "line", "--tls-cert", pki("server-rsa.pem"), "--tls-key",
                        pki("server-rsa.key"), "--fault", "close-after:5"});
    const quint16 port = serve.waitForPort();
    QVERIFY(port != 0);
    const QStringList common{"--target", target(port), "--framing", "line", "--tls-ca", pki("ca.pem"), "--reconnect",
                             "--connections", "2", "--count", "400"};
    const LoadResult resumed = runLoad(common + QStringList{"--tls-resume"});
    const QJsonObject tls = resumed.json.value("tls").toObject();
    QCOMPARE(tls.value("full_handshakes").toInt(), 2); // each connection's first
    QVERIFY2(tls.value("resumed_handshakes").toInt() >= 40, qPrintable(describe(resumed)));
    const LoadResult full = runLoad(common);
    QCOMPARE(full.json.value("tls").toObject().value("resumed_handshakes").toInt(), 0);
    QVERIFY(full.json.value("tls").toObject().value("full_handshakes").toInt() >= 40);
    const double resumedP50 = resumed.json.value("handshake_us").toObject().value("p50").toDouble();
    const double fullP50 = full.json.value("handshake_us").toObject().value("p50").toDouble();
    qInfo("handshake p50: %.0f us resumed, %.0f us full", resumedP50, fullP50);
    QVERIFY2(resumedP50 > 0 && resumedP50 < fullP50,
             qPrintable(QStringLiteral("resumed p50 %1 us, full p50 %2 us").arg(resumedP50).arg(fullP50)));
}

void tst_Tls::runReportsItsServersFingerprints()
{
    // `wirebench run` prints a TLS server's fingerprint as it starts and writes it, with the
    // certificate, in its JSON report: what a client outside the run needs to pin it.
    const QString json = m_dir.filePath(QStringLiteral("tls-run.json"));
    QProcess run;
    run.start(QStringLiteral(WIREBENCH_EXECUTABLE),
              {"run", QStringLiteral(WIREBENCH_SESSIONS_DIR "/tls-echo.json"), "--duration-scale", "0.1", "--json", json});
    QVERIFY(run.waitForFinished(60000));
    const QString errors = QString::fromUtf8(run.readAllStandardError());
    QVERIFY2(run.exitStatus() == QProcess::NormalExit && run.exitCode() == 0, qPrintable(errors));
    QFile file(json);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QJsonArray servers = QJsonDocument::fromJson(file.readAll()).object().value("servers").toArray();
    QCOMPARE(servers.size(), 1);
    const QJsonObject server = servers.first().toObject();
    QCOMPARE(server.value("server").toString(), QStringLiteral("tls-echo"));
    QVERIFY(server.value("port").toInt() > 0);
    QVERIFY(server.value("tls").toBool());
    const QString fingerprint = server.value("tls_fingerprint_sha256").toString();
    QVERIFY2(errors.contains(QStringLiteral("fingerprint ") + fingerprint), qPrintable(errors));

    // The fingerprint is the certificate's, as openssl computes it.
    QProcess openssl;
    openssl.start(QStandardPaths::findExecutable(QStringLiteral("openssl")), {"x509", "-noout", "-fingerprint", "-sha256"});
    QVERIFY(openssl.waitForStarted());
    openssl.write(server.value("tls_certificate_pem").toString().toLatin1());
    openssl.closeWriteChannel();
    QVERIFY(openssl.waitForFinished(10000));
    const QString computed = QString::fromLatin1(openssl.readAllStandardOutput()).trimmed().section(QLatin1Char('='), 1);
    QVERIFY2(fingerprint.size() == 95, qPrintable(fingerprint));
    QCOMPARE(fingerprint, computed);
}

void tst_Tls::badServerCertificates_data()
{
    QTest::addColumn<QString>("cert");
    QTest::addColumn<QStringList>("clientOptions");
    QTest::addColumn<QString>("reason");
    QTest::newRow("wrong CA") << QStringLiteral("server") << QStringList{"--tls-ca", "other-ca.pem"}
                              << QStringLiteral("unable to get local issuer certificate");
    QTest::newRow("wrong name") << QStringLiteral("server") << QStringList{"--tls-ca", "ca.pem", "--tls-sni", "db.example.org"}
                                << QStringLiteral("hostname mismatch");
    QTest::newRow("expired") << QStringLiteral("expired") << QStringList{"--tls-ca", "ca.pem"}
                             << QStringLiteral("certificate has expired");
    QTest::newRow("system store, self-made CA") << QStringLiteral("server") << QStringList{"--tls"}
                                                << QStringLiteral("unable to get local issuer certificate");
}

void tst_Tls::badServerCertificates()
{
    QFETCH(QString, cert);
    QFETCH(QStringList, clientOptions);
    QFETCH(QString, reason);
    ServeProcess serve({"--port", "0", "--framing", "line", "--tls-cert", pki(qPrintable(cert + ".pem")), "--tls-key",
                        pki(qPrintable(cert + ".key"))});
    const quint16 port = serve.waitForPort();
    QVERIFY(port != 0);
    for (QString &option : clientOptions) {
        if (option.endsWith(QLatin1String(".pem")))
            option = pki(qPrintable(option));
    }
    const LoadResult result = runLoad(QStringList{"--target", target(port), "--framing", "line", "--count", "10"} + clientOptions);
    QVERIFY2(result.exitCode == 3, qPrintable(QStringLiteral("exit code %1: %2").arg(result.exitCode).arg(describe(result))));
    QVERIFY2(result.errors.contains(("certificate verification failed: " + reason).toUtf8()), result.errors.constData());
}

void tst_Tls::plaintextAndTlsMismatch()
{
    ServeProcess tlsServer({"--port", "0", "--framing", "line", "--tls"});
    ServeProcess plainServer({"--port", "0", "--framing", "line"});
    const quint16 tlsPort = tlsServer.waitForPort();
    const quint16 plainPort = plainServer.waitForPort();
    QVERIFY(tlsPort != 0 && plainPort != 0);

    // A plaintext fleet to the TLS server: both ends say what happened; nothing waits.
    const LoadResult plainToTls = runLoad({"--target", target(tlsPort), "--framing", "line", "--count", "10"});
    QVERIFY2(plainToTls.json.value("warnings").toArray().first().toString().contains(QLatin1String("the server speaks TLS")),
             qPrintable(describe(plainToTls)));
    // A TLS fleet to the plaintext server.
    const LoadResult tlsToPlain = runLoad({"--target", target(plainPort), "--framing", "line", "--tls-insecure", "--count", "10"});
    QCOMPARE(tlsToPlain.exitCode, 3);
    QVERIFY2(tlsToPlain.errors.contains("TLS handshake"), tlsToPlain.errors.constData());

    for (ServeProcess *serve : {&tlsServer, &plainServer}) {
        serve->process().terminate();
        QVERIFY(serve->process().waitForFinished(5000));
    }
    QVERIFY(tlsServer.process().readAllStandardError().contains("the peer does not speak TLS"));
    QVERIFY(plainServer.process().readAllStandardError().contains("a client speaks TLS to this plaintext server"));
}

void tst_Tls::tlsAbortFault()
{
    ServeProcess serve({"--port", "0", "--framing", "line", "--tls", "--fault", "tls-abort:0.5", "--json"});
    const quint16 port = serve.waitForPort();
    QVERIFY(port != 0);
    const LoadResult result = runLoad({"--target", target(port), "--framing", "line", "--tls-insecure", "--connections", "40",
                                       "--count", "400"});
    const int aborted = result.json.value("tls").toObject().value("errors").toObject().value("alert").toObject().value("count").toInt();
    // Seeded: the same share each run, somewhere near half.
    QVERIFY2(aborted > 5 && aborted < 35, qPrintable(describe(result)));
    QCOMPARE(result.json.value("connections").toInt(), 40 - aborted);
    serve.process().terminate();
    QVERIFY(serve.process().waitForFinished(5000));
    QJsonObject counters;
    for (const QByteArray &line : serve.output().split('\n')) {
        if (line.contains("tls_aborts"))
            counters = QJsonDocument::fromJson(line).object();
    }
    QCOMPARE(counters.value("tls_aborts").toInt(), aborted);
}

QTEST_GUILESS_MAIN(tst_Tls)
#include "tst_tls.moc"
