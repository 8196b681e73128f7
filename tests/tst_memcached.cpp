// SPDX-License-Identifier: GPL-3.0-or-later
// A real memcached (Debian's package, installed by packaging/dev.sh): `get` requests
// are lines, replies end with END\r\n. With --reply-framing every reply pairs with its
// request; without it, the fleet says that replies matched no request.
#include <QFile>
#include "realserver.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <unistd.h>

class tst_Memcached : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void getRepliesPairWithTheirRequests();
    void theExampleSessionRuns();
    void cleanupTestCase();

private:
    QJsonObject load(const QStringList &extra);

    QProcess m_memcached;
    quint16 m_port = 0;
};

void tst_Memcached::initTestCase()
{
    const QString program = QStandardPaths::findExecutable(QStringLiteral("memcached"));
    if (program.isEmpty())
        QFAIL("memcached is not installed: packaging/dev.sh test installs Debian's memcached package");
    // A free port, then memcached on it (it has no port 0 of its own to report).
    m_port = RealServer::freeLoopbackPort();
    QVERIFY(m_port != 0);
    QStringList arguments{"-l", "127.0.0.1", "-p", QString::number(m_port), "-U", "0", "-t", "1"};
    if (geteuid() == 0)
        arguments << "-u" << "root"; // memcached will not run as root without being told
    m_memcached.start(program, arguments);
    QVERIFY2(m_memcached.waitForStarted(5000), qPrintable(m_memcached.errorString()));
    QTRY_VERIFY_WITH_TIMEOUT(RealServer::accepts(m_port), 10000);
    QTcpSocket client;
    client.connectToHost(QHostAddress::LocalHost, m_port);
    QVERIFY(client.waitForConnected(5000));
    client.write("set k 0 0 5\r\nhello\r\n");
    QTRY_VERIFY_WITH_TIMEOUT((client.waitForReadyRead(100), client.canReadLine()), 5000);
    QCOMPARE(client.readLine(), QByteArray("STORED\r\n"));
}

QJsonObject tst_Memcached::load(const QStringList &extra)
{
    QProcess load;
    load.start(QStringLiteral(WIREBENCH_EXECUTABLE),
               QStringList{"load", "--target", QStringLiteral("127.0.0.1:%1").arg(m_port), "--connections", "4",
                           "--window", "16", "--framing", "line", "--message", "get k\\r", "--count", "10000",
                           "--reply-timeout", "2000", "--json"}
                   + extra);
    if (!load.waitForFinished(60000))
        return {};
    return QJsonDocument::fromJson(load.readAllStandardOutput()).object();
}

void tst_Memcached::getRepliesPairWithTheirRequests()
{
    const QJsonObject paired = load({"--reply-framing", "delim:END\\r\\n"});
    QCOMPARE(paired.value("sent").toInt(), 10000);
    QCOMPARE(paired.value("received").toInt(), 10000);
    QCOMPARE(paired.value("errors").toInt(), 0);
    QCOMPARE(paired.value("timeouts").toInt(), 0);
    QCOMPARE(paired.value("warnings").toArray(), QJsonArray());

    // Read as lines, each reply is three frames: two of them answer nothing.
    const QJsonObject lines = load({});
    const QJsonArray warnings = lines.value("warnings").toArray();
    QVERIFY2(!warnings.isEmpty() && warnings.first().toString().contains(QLatin1String("matched no request")),
             QJsonDocument(lines).toJson().constData());
}

void tst_Memcached::theExampleSessionRuns()
{
    // resources/sessions/memcached.json as shipped (random keys through a field), pointed at this server.
    QTemporaryDir dir;
    const QString session = dir.filePath(QStringLiteral("memcached.json"));
    QString why;
    QVERIFY2(RealServer::examplePointedAt(QStringLiteral(WIREBENCH_SESSIONS_DIR "/memcached.json"), 11211, m_port,
                                          session, &why),
             qPrintable(why));
    QProcess run;
    run.start(QStringLiteral(WIREBENCH_EXECUTABLE), {"run", session, "--duration-scale", "0.1", "--output-dir",
                                                     dir.path(), "--json", "result.json"});
    QVERIFY(run.waitForFinished(60000));
    QVERIFY2(run.exitCode() == 0, run.readAllStandardError().constData()); // its check: no errors
    QFile result(dir.filePath(QStringLiteral("result.json")));
    QVERIFY(result.open(QIODevice::ReadOnly));
    const QJsonObject fleet = QJsonDocument::fromJson(result.readAll()).object().value("fleets").toArray().first().toObject();
    QVERIFY2(fleet.value("all").toObject().value("received").toDouble() > 1000, QJsonDocument(fleet).toJson().constData());
}

void tst_Memcached::cleanupTestCase()
{
    m_memcached.kill();
    m_memcached.waitForFinished(5000);
}

QTEST_GUILESS_MAIN(tst_Memcached)
#include "tst_memcached.moc"
