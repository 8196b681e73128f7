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

    server.process().terminate(); // as Ctrl-C: each agent stops and says what it served
    QVERIFY(server.process().waitForFinished(15'000));
    QCOMPARE(server.process().exitCode(), 0);
    static const QRegularExpression accepted(QStringLiteral("^agent (\\d): connections: (\\d+) accepted"), QRegularExpression::MultilineOption);
    int total = 0;
    QSet<QString> agents;
    auto it = accepted.globalMatch(QString::fromUtf8(server.output()));
    while (it.hasNext()) {
        const QRegularExpressionMatch match = it.next();
        agents << match.captured(1);
        total += match.captured(2).toInt();
    }
    QCOMPARE(total, 300);          // every connection, accepted by one of them
    QCOMPARE(agents.size(), 3);    // and the kernel spread them over all three
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
