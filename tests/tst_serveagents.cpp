// SPDX-License-Identifier: GPL-3.0-or-later
// `wirebench serve --processes N`: N server processes on one port (SO_REUSEPORT).

#include "serveprocess.h"

#include <QProcess>
#include <QRegularExpression>
#include <QTest>

class tst_ServeAgents : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void processesShareOnePort();
    void selfSignedTlsIsRefused();
};

void tst_ServeAgents::processesShareOnePort()
{
    ServeProcess server({QStringLiteral("--host"), QStringLiteral("127.0.0.1"), QStringLiteral("--port"), QStringLiteral("0"),
                         QStringLiteral("--processes"), QStringLiteral("3"), QStringLiteral("--threads"), QStringLiteral("1")});
    const quint16 port = server.waitForPort();
    QVERIFY2(port != 0, server.output().constData());
    QVERIFY(server.output().contains("(3 processes)"));

    QProcess load;
    load.start(QStringLiteral(WIREBENCH_EXECUTABLE),
               {QStringLiteral("load"), QStringLiteral("--target"), QStringLiteral("127.0.0.1:%1").arg(port),
                QStringLiteral("--connections"), QStringLiteral("300"), QStringLiteral("--count"), QStringLiteral("3000")});
    QVERIFY(load.waitForFinished(60'000));
    QVERIFY2(load.exitCode() == 0, load.readAllStandardError().constData());
    QVERIFY(load.readAllStandardOutput().contains("received 3000 "));

    server.process().terminate(); // as Ctrl-C: each agent stops; their counters are summed
    QVERIFY(server.process().waitForFinished(15'000));
    QCOMPARE(server.process().exitCode(), 0);
    const QString output = QString::fromUtf8(server.output());
    // One server's figures: every connection and frame, whichever process had it.
    QVERIFY2(output.contains(QStringLiteral("\nconnections: 300 accepted, 0 refused, 300 closed")), qPrintable(output));
    QVERIFY2(output.contains(QStringLiteral("\nframes: 3000 in, 3000 out")), qPrintable(output));
    static const QRegularExpression share(QStringLiteral("agent (\\d) accepted (\\d+)"));
    int total = 0;
    int busy = 0;
    auto it = share.globalMatch(output);
    while (it.hasNext()) {
        const int accepted = it.next().captured(2).toInt();
        total += accepted;
        busy += accepted > 0 ? 1 : 0;
    }
    QCOMPARE(total, 300);
    QCOMPARE(busy, 3); // the kernel spread them over all three
    // Each process's memory, and per connection it served.
    static const QRegularExpression memory(QStringLiteral("accepted \\d+, (\\d+\\.\\d) MiB at peak \\((\\d+\\.\\d) KiB per connection\\)"));
    int measured = 0;
    for (auto m = memory.globalMatch(output); m.hasNext(); ++measured) {
        const QRegularExpressionMatch match = m.next();
        QVERIFY2(match.captured(1).toDouble() > 1.0 && match.captured(2).toDouble() > 0.0, qPrintable(output));
    }
    QCOMPARE(measured, 3);
}

void tst_ServeAgents::selfSignedTlsIsRefused()
{
    QProcess serve;
    serve.start(QStringLiteral(WIREBENCH_EXECUTABLE), {QStringLiteral("serve"), QStringLiteral("--processes"), QStringLiteral("2"),
                                                      QStringLiteral("--tls")});
    QVERIFY(serve.waitForFinished(10'000));
    QCOMPARE(serve.exitCode(), 2);
    QVERIFY(serve.readAllStandardError().contains("each process would make its own certificate"));
}

QTEST_GUILESS_MAIN(tst_ServeAgents)
#include "tst_serveagents.moc"
