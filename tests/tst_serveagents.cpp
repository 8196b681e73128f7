// SPDX-License-Identifier: GPL-3.0-or-later
// `wirebench serve --processes N`: N server processes on one port (SO_REUSEPORT); a
// session's server served as it defines it (--session), and its live counters.

#include "serveprocess.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

namespace {

QString writeSession(const QTemporaryDir &folder, const QByteArray &servers)
{
    const QString path = folder.filePath(QStringLiteral("serve.json"));
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        qFatal("cannot write %s", qPrintable(path));
    file.write(R"({"format": "wirebench-session", "version": 1, "servers": [)" + servers + "]}");
    return path;
}

} // namespace

class tst_ServeAgents : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void processesShareOnePort();
    void selfSignedTlsIsRefused();
    void aSessionServerIsServedAsDefined();
    void countersComeEveryInterval();
    void badSessionUseIsRefused_data();
    void badSessionUseIsRefused();
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

void tst_ServeAgents::aSessionServerIsServedAsDefined()
{
    // Its processes, behaviour and framing are the session's; the port is moved.
    QTemporaryDir folder;
    const QString session = writeSession(folder, R"({"name": "other"}, {"name": "lines", "framing": "line", "behaviour": "fixed:OK",
                                                     "processes": 2, "threads": 1})");
    ServeProcess server({QStringLiteral("--session"), session, QStringLiteral("--server"), QStringLiteral("lines"),
                         QStringLiteral("--port"), QStringLiteral("0")});
    const quint16 port = server.waitForPort();
    QVERIFY2(port != 0, server.output().constData());
    QVERIFY(server.output().contains("(2 processes)"));
    QProcess load;
    load.start(QStringLiteral(WIREBENCH_EXECUTABLE),
               {QStringLiteral("load"), QStringLiteral("--target"), QStringLiteral("127.0.0.1:%1").arg(port), QStringLiteral("--framing"),
                QStringLiteral("line"), QStringLiteral("--connections"), QStringLiteral("20"), QStringLiteral("--count"),
                QStringLiteral("200"), QStringLiteral("--json")});
    QVERIFY(load.waitForFinished(60'000));
    QVERIFY2(load.exitCode() == 0, load.readAllStandardError().constData());
    const QJsonObject report = QJsonDocument::fromJson(load.readAllStandardOutput()).object();
    QCOMPARE(report.value(QStringLiteral("received")).toInteger(), 200);
    server.process().terminate();
    QVERIFY(server.process().waitForFinished(15'000));
    const QString output = QString::fromUtf8(server.output());
    QVERIFY2(output.contains(QStringLiteral("\nframes: 200 in, 200 out; bytes: ")), qPrintable(output));
    // "OK\n" for each: the fixed reply, not an echo.
    QVERIFY2(output.contains(QStringLiteral(" in, 600 out\n")), qPrintable(output));
}

void tst_ServeAgents::countersComeEveryInterval()
{
    ServeProcess server({QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--counters-every"), QStringLiteral("50"),
                         QStringLiteral("--threads"), QStringLiteral("1")});
    const quint16 port = server.waitForPort();
    QVERIFY(port != 0);
    QProcess load;
    load.start(QStringLiteral(WIREBENCH_EXECUTABLE), {QStringLiteral("load"), QStringLiteral("--target"),
                                                     QStringLiteral("127.0.0.1:%1").arg(port), QStringLiteral("--count"), QStringLiteral("500")});
    QVERIFY(load.waitForFinished(60'000));
    QCOMPARE(load.exitCode(), 0);
    // Lines come while the load runs; the last one that came has every frame.
    QJsonObject last;
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            for (const QByteArray &line : server.output().split('\n')) {
                const QJsonObject object = QJsonDocument::fromJson(line).object();
                if (object.contains(QStringLiteral("snapshot")))
                    last = object.value(QStringLiteral("snapshot")).toObject();
            }
            return last.value(QStringLiteral("total")).toObject().value(QStringLiteral("frames_in")).toInteger() == 500;
        }(),
        10'000);
    QVERIFY(last.value(QStringLiteral("interval_ns")).toDouble() > 0);
    QVERIFY(last.contains(QStringLiteral("interval")));
}

void tst_ServeAgents::badSessionUseIsRefused_data()
{
    QTest::addColumn<QByteArray>("servers");
    QTest::addColumn<QStringList>("extra");
    QTest::addColumn<QString>("error");
    QTest::newRow("framing too") << QByteArray(R"({"name": "a"})") << QStringList{QStringLiteral("--framing"), QStringLiteral("line")}
                                 << QStringLiteral("--framing with --session: the session's server says it");
    QTest::newRow("which one") << QByteArray(R"({"name": "a"}, {"name": "b"})") << QStringList{}
                               << QStringLiteral("has several servers; say which with --server (a, b)");
    QTest::newRow("no such") << QByteArray(R"({"name": "a"})") << QStringList{QStringLiteral("--server"), QStringLiteral("c")}
                             << QStringLiteral("--server c: no such server in");
    QTest::newRow("broken") << QByteArray(R"({"name": "a", "port": "x"})") << QStringList{} << QStringLiteral("servers[0].port");
}

void tst_ServeAgents::badSessionUseIsRefused()
{
    QFETCH(QByteArray, servers);
    QFETCH(QStringList, extra);
    QFETCH(QString, error);
    QTemporaryDir folder;
    QProcess serve;
    serve.start(QStringLiteral(WIREBENCH_EXECUTABLE),
                QStringList{QStringLiteral("serve"), QStringLiteral("--session"), writeSession(folder, servers)} + extra);
    QVERIFY(serve.waitForFinished(10'000));
    QCOMPARE(serve.exitCode(), 2);
    const QString stderrText = QString::fromUtf8(serve.readAllStandardError());
    QVERIFY2(stderrText.contains(error), qPrintable(stderrText));
}

QTEST_GUILESS_MAIN(tst_ServeAgents)
#include "tst_serveagents.moc"
