// SPDX-License-Identifier: GPL-3.0-or-later
// A real MQTT broker (Debian's mosquitto, installed by packaging/dev.sh): frames carry
// a variable-length size (varint:1), each connection opens with CONNECT/CONNACK (the
// hello), PINGREQ/PINGRESP is load in order, QoS 1 PUBLISH pairs with its PUBACK by
// packet id (field match), and DISCONNECT is the goodbye.
#include "realserver.h"

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

#include <algorithm>

namespace {
// CONNECT, MQTT 3.1.1, clean session, keep-alive 60 s, empty client id (the broker
// assigns one); the remaining length (byte 1) is written by the framing.
const QString Connect = QStringLiteral("10 00 00 04 4d 51 54 54 04 02 00 3c 00 00");
const QString Connack = QStringLiteral("20 02 00 00"); // session not present, accepted
} // namespace

class tst_Mosquitto : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void pingsAfterAConnectHello();
    void qos1PublishesPairWithTheirPubacks();
    void theExampleSessionRuns();
    void aRefusedHelloIsAConnectFailure_data();
    void aRefusedHelloIsAConnectFailure();
    void cleanupTestCase();

private:
    QJsonObject load(const QStringList &extra);
    QString logPath() const { return m_dir.filePath(QStringLiteral("mosquitto.log")); }
    QByteArray log() const;

    QTemporaryDir m_dir;
    QProcess m_broker;
    quint16 m_port = 0;
};

void tst_Mosquitto::initTestCase()
{
    const QString program = QStandardPaths::findExecutable(QStringLiteral("mosquitto"), {"/usr/sbin", "/usr/bin"});
    if (program.isEmpty())
        QFAIL("mosquitto is not installed: packaging/dev.sh test installs Debian's mosquitto package");
    m_port = RealServer::freeLoopbackPort();
    QVERIFY(m_port != 0);
    const QString configPath = m_dir.filePath(QStringLiteral("mosquitto.conf"));
    QFile config(configPath);
    QVERIFY(config.open(QIODevice::WriteOnly));
    // Its log to stderr, which is unbuffered, and that to a file: a pipe nobody drains
    // while a load runs would stall the broker.
    config.write(QStringLiteral("listener %1 127.0.0.1\nallow_anonymous true\npersistence false\nlog_dest stderr\n"
                                "log_type notice\n")
                     .arg(m_port)
                     .toUtf8());
    config.close();
    m_broker.setStandardOutputFile(QProcess::nullDevice());
    m_broker.setStandardErrorFile(logPath());
    m_broker.start(program, {"-c", configPath});
    QVERIFY2(m_broker.waitForStarted(5000), qPrintable(m_broker.errorString()));
    QTRY_VERIFY_WITH_TIMEOUT(RealServer::accepts(m_port), 10000);
}

QJsonObject tst_Mosquitto::load(const QStringList &extra)
{
    QProcess load;
    load.start(QStringLiteral(WIREBENCH_EXECUTABLE),
               QStringList{"load", "--target", QStringLiteral("127.0.0.1:%1").arg(m_port), "--framing", "varint:1",
                           "--hello-hex", Connect, "--hello-expect-hex", Connack, "--reply-timeout", "3000", "--json"}
                   + extra);
    if (!load.waitForFinished(60000))
        return {};
    return QJsonDocument::fromJson(load.readAllStandardOutput()).object();
}

QByteArray tst_Mosquitto::log() const
{
    QFile file(logPath());
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

void tst_Mosquitto::pingsAfterAConnectHello()
{
    const qsizetype logBefore = log().size();
    const QJsonObject result = load({"--hex", "c0 00", "--connections", "4", "--window", "1", "--count", "5000",
                                     "--goodbye-hex", "e0 00"});
    QCOMPARE(result.value("connections").toInt(), 4);
    QCOMPARE(result.value("received").toInt(), 5000);
    QCOMPARE(result.value("errors").toInt(), 0);
    QVERIFY(result.value("warnings").toArray().isEmpty());
    // One CONNECT round trip per connection, in a histogram of its own.
    const QJsonObject hello = result.value("hello_us").toObject();
    QVERIFY2(hello.value("p50").toDouble() > 0 && hello.value("max").toDouble() >= hello.value("p99").toDouble(),
             QJsonDocument(result).toJson().constData());
    // The goodbye was a DISCONNECT: the broker says so per client, rather than "closed its connection".
    // (Clients the broker named: the test's own probes at start-up were never MQTT clients.)
    auto clientsThat = [&](const char *what) {
        const QList<QByteArray> lines = log().sliced(logBefore).split('\n');
        return std::count_if(lines.begin(), lines.end(),
                             [&](const QByteArray &line) { return line.contains("Client auto-") && line.endsWith(what); });
    };
    QTRY_COMPARE_WITH_TIMEOUT(clientsThat("disconnected."), 4, 5000);
    QCOMPARE(clientsThat("closed its connection."), 0);
}

void tst_Mosquitto::qos1PublishesPairWithTheirPubacks()
{
    // PUBLISH QoS 1 to topic "t/a": fixed header (2), topic length and name (5), then
    // the packet id at byte 7; the PUBACK carries it at byte 2.
    const QJsonObject result = load({"--hex", "32 00 00 03 74 2f 61 {seq:u16be} 68 69", "--match", "field:7:2:2",
                                     "--connections", "2", "--window", "16", "--count", "10000"});
    QCOMPARE(result.value("sent").toInt(), 10000);
    QCOMPARE(result.value("received").toInt(), 10000);
    QCOMPARE(result.value("errors").toInt(), 0);
    QCOMPARE(result.value("counters").toObject().value("unmatched").toInt(), 0);
}

void tst_Mosquitto::theExampleSessionRuns()
{
    // resources/sessions/mqtt-mosquitto.json as shipped, pointed at this broker's port.
    const QString session = m_dir.filePath(QStringLiteral("mqtt.json"));
    QString why;
    QVERIFY2(RealServer::examplePointedAt(QStringLiteral(WIREBENCH_SESSIONS_DIR "/mqtt-mosquitto.json"), 1883, m_port,
                                          session, &why),
             qPrintable(why));
    QProcess run;
    run.start(QStringLiteral(WIREBENCH_EXECUTABLE), {"run", session, "--duration-scale", "0.1", "--output-dir",
                                                     m_dir.path(), "--summary", "summary.csv", "--json", "result.json"});
    QVERIFY(run.waitForFinished(60000));
    QVERIFY2(run.exitCode() == 0, run.readAllStandardError().constData());
    QFile summary(m_dir.filePath(QStringLiteral("summary.csv")));
    QVERIFY(summary.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = summary.readAll().trimmed().split('\n');
    const QList<QByteArray> header = lines.first().split(',');
    const qsizetype helloCount = header.indexOf("hello_count");
    const qsizetype helloP99 = header.indexOf("hello_p99_us");
    const qsizetype errors = header.indexOf("errors");
    QVERIFY(helloCount > 0 && helloP99 > 0 && errors > 0);
    int rows = 0;
    for (const QByteArray &line : lines) {
        const QList<QByteArray> fields = line.split(',');
        if (fields.value(1) != "all")
            continue;
        ++rows;
        // Every connection's CONNECT round trip, timed apart from the load.
        QCOMPARE(fields[helloCount].toInt(), fields[0] == "pings" ? 4 : 10);
        QVERIFY(fields[helloP99].toDouble() > 0);
        QCOMPARE(fields[errors].toInt(), 0);
    }
    QCOMPARE(rows, 2);
    QFile result(m_dir.filePath(QStringLiteral("result.json")));
    QVERIFY(result.open(QIODevice::ReadOnly));
    const QJsonArray fleets = QJsonDocument::fromJson(result.readAll()).object().value("fleets").toArray();
    QCOMPARE(fleets.size(), 2);
    for (const QJsonValue &fleet : fleets) {
        const QJsonObject hello = fleet.toObject().value("all").toObject().value("hello_us").toObject();
        QVERIFY2(hello.value("p99").toDouble() > 0 && hello.value("max").toDouble() > 0,
                 QJsonDocument(fleet.toObject()).toJson().constData());
    }
}

void tst_Mosquitto::aRefusedHelloIsAConnectFailure_data()
{
    QTest::addColumn<QString>("hello");
    QTest::addColumn<QString>("expect");
    QTest::addColumn<QString>("message");
    // Protocol level 5 with a 3.1.1 body: the broker hangs up without a CONNACK.
    QTest::newRow("no reply") << QStringLiteral("10 00 00 04 4d 51 54 54 05 02 00 3c 00 00") << QString()
                              << QStringLiteral("the server closed the connection before replying to hello 1");
    QTest::newRow("the wrong reply") << Connect << QStringLiteral("20 02 01")
                                     << QStringLiteral("hello 1: the reply should start with 20 02 01; received 20 02 00 00");
}

void tst_Mosquitto::aRefusedHelloIsAConnectFailure()
{
    QFETCH(QString, hello);
    QFETCH(QString, expect);
    QFETCH(QString, message);
    QStringList arguments{"load", "--target", QStringLiteral("127.0.0.1:%1").arg(m_port), "--framing", "varint:1",
                          "--hello-hex", hello};
    if (!expect.isEmpty())
        arguments << "--hello-expect-hex" << expect;
    QProcess load;
    load.start(QStringLiteral(WIREBENCH_EXECUTABLE), arguments << "--hex" << "c0 00" << "--connections" << "2" << "--count" << "10");
    QVERIFY(load.waitForFinished(30000));
    const QString errors = QString::fromUtf8(load.readAllStandardError());
    QCOMPARE(load.exitCode(), 3); // no connection could be used
    QVERIFY2(errors.contains(message), qPrintable(errors));
}

void tst_Mosquitto::cleanupTestCase()
{
    m_broker.terminate();
    m_broker.waitForFinished(5000);
}

QTEST_GUILESS_MAIN(tst_Mosquitto)
#include "tst_mosquitto.moc"
