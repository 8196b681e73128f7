// SPDX-License-Identifier: GPL-3.0-or-later
// Capture files: written and read back the same, broken ones refused naming their
// line, the size limit ending a capture on a whole line, and a full disk (/dev/full)
// ending it with the reason while what was written stays.
#include "capture/capturefile.h"
#include "capture/capturewriter.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace NetCore;

namespace {
Capture sample()
{
    Capture capture;
    capture.framing.emplace(Framing::Resp);
    capture.listen = QStringLiteral("127.0.0.1:16379");
    capture.upstream = QStringLiteral("127.0.0.1:6379");
    capture.startedUtc = QStringLiteral("2026-12-07T09:00:00.000Z");
    return capture;
}

QByteArray events()
{
    QByteArray lines;
    lines += CaptureFile::eventLine({CaptureEvent::Kind::Open, 7, 10, {}, QStringLiteral("127.0.0.1:50000")});
    lines += CaptureFile::eventLine({CaptureEvent::Kind::Up, 7, 20, QByteArray("*1\r\n$4\r\nPING\r\n"), {}});
    lines += CaptureFile::eventLine({CaptureEvent::Kind::Down, 7, 30, QByteArray("+PONG\r\n"), {}});
    lines += CaptureFile::eventLine({CaptureEvent::Kind::Up, 8, 35, QByteArray(1, '\0') + "\xff binary", {}});
    lines += CaptureFile::eventLine({CaptureEvent::Kind::Close, 7, 40, {}, {}});
    return lines;
}
} // namespace

class tst_CaptureFile : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void writtenAndReadBack();
    void brokenCapturesAreRefused_data();
    void brokenCapturesAreRefused();
    void markedFieldsAreTemplates();
    void theLimitEndsOnAWholeLine();
    void aFullDiskEndsTheCaptureWithTheReason();
};

void tst_CaptureFile::writtenAndReadBack()
{
    QString why;
    const auto capture = CaptureFile::parse(CaptureFile::headerLine(sample()) + events(), &why);
    QVERIFY2(capture, qPrintable(why));
    QCOMPARE(capture->framing, std::optional<Framing>(Framing::Resp));
    QCOMPARE(capture->upstream, QStringLiteral("127.0.0.1:6379"));
    QCOMPARE(capture->conversations.size(), 2);
    const Conversation &first = capture->conversations[0];
    QCOMPARE(first.connection, quint64(7));
    QCOMPARE(first.peer, QStringLiteral("127.0.0.1:50000"));
    QCOMPARE(first.events.size(), 2); // what went each way; opens and closes are not replayed
    QCOMPARE(first.events[0].bytes, QByteArray("*1\r\n$4\r\nPING\r\n"));
    QCOMPARE(first.events[1].kind, CaptureEvent::Kind::Down);
    QCOMPARE(first.events[1].timeNs, 30);
    QCOMPARE(capture->conversations[1].events[0].bytes, QByteArray(1, '\0') + "\xff binary");
    QVERIFY(!capture->truncated);
}

void tst_CaptureFile::brokenCapturesAreRefused_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("error");
    const QByteArray header = CaptureFile::headerLine(sample());
    QTest::newRow("empty") << QByteArray() << "line 1: empty";
    QTest::newRow("not ours") << QByteArray(R"({"format": "pcap"})") << "line 1: not a Wirebench capture";
    QTest::newRow("newer") << QByteArray(R"({"format": "wirebench-capture", "version": 9})") << "line 1: version 9";
    QTest::newRow("bad framing") << QByteArray(R"({"format": "wirebench-capture", "version": 1, "framing": "morse"})") << "line 1:";
    QTest::newRow("not JSON") << header + "{oops\n" << "line 2: not a JSON object";
    QTest::newRow("no time") << header + R"({"c": 1, "e": "up", "b": ""})" << "line 2: an event needs";
    QTest::newRow("unknown event") << header + R"({"c": 1, "t": 1, "e": "teleport"})" << "line 2: unknown event \"teleport\"";
    QTest::newRow("bad base64") << header + "\n" + R"({"c": 1, "t": 1, "e": "up", "b": "!!!"})" << "line 3: \"b\" is not base64";
}

void tst_CaptureFile::brokenCapturesAreRefused()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, error);
    QString why;
    QVERIFY(!CaptureFile::parse(text, &why));
    QVERIFY2(why.startsWith(error), qPrintable(why));
}

void tst_CaptureFile::markedFieldsAreTemplates()
{
    // A user marks fields by writing "template" in place of "b": escapes and fields.
    const QByteArray text = CaptureFile::headerLine(sample())
        + R"({"c": 1, "t": 1, "e": "up", "template": "SET user:{conn:dec} {seq:dec}\r\n"})" + "\n"
        + R"({"c": 1, "t": 2, "e": "down", "b": "K09LDQo="})" + "\n";
    QString why;
    const auto capture = CaptureFile::parse(text, &why);
    QVERIFY2(capture, qPrintable(why));
    const CaptureEvent &up = capture->conversations[0].events[0];
    QVERIFY(!up.fieldTemplate.isEmpty());
    QCOMPARE(up.bytes, QByteArray("SET user:0 1\r\n")); // as shown before a replay fills it
    QCOMPARE(capture->conversations[0].events[1].bytes, QByteArray("+OK\r\n"));
    // Written back, the template stays a template.
    QVERIFY(CaptureFile::eventLine(up).contains("\"template\":\"SET user:{conn:dec} {seq:dec}"));
    QVERIFY(!CaptureFile::parse(CaptureFile::headerLine(sample()) + R"({"c": 1, "t": 1, "e": "up", "template": "{seq:u99}"})", &why));
    QVERIFY2(why.startsWith(QLatin1String("line 2: \"template\":")), qPrintable(why));
}

void tst_CaptureFile::theLimitEndsOnAWholeLine()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("capture.jsonl"));
    CaptureWriter writer;
    QString why;
    const qint64 limit = CaptureFile::headerLine(sample()).size() + 200;
    QVERIFY2(writer.open(path, limit, sample(), &why), qPrintable(why));
    QCOMPARE(writer.append(events(), 50, &why), CaptureWriter::Result::LimitReached);
    QVERIFY(!writer.isOpen());
    QVERIFY(writer.bytesWritten() <= limit);
    // What was written reads, whole lines only, and says it was cut.
    const auto capture = CaptureFile::load(path, &why);
    QVERIFY2(capture, qPrintable(why));
    QVERIFY(capture->truncated);
    QVERIFY(!capture->conversations.isEmpty());
    QCOMPARE(writer.append(events(), 60, &why), CaptureWriter::Result::Closed);
}

void tst_CaptureFile::aFullDiskEndsTheCaptureWithTheReason()
{
    if (!QFile::exists(QStringLiteral("/dev/full")))
        QFAIL("/dev/full is missing: it stands for a full disk here");
    CaptureWriter writer;
    QString why;
    QVERIFY(!writer.open(QStringLiteral("/dev/full"), 1 << 20, sample(), &why));
    QVERIFY2(why.contains(QLatin1String("/dev/full")) && why.contains(QLatin1String("space"), Qt::CaseInsensitive), qPrintable(why));
    QVERIFY(!writer.open(QStringLiteral("/nonexistent/dir/capture.jsonl"), 1 << 20, sample(), &why));
    QVERIFY2(why.startsWith(QLatin1String("cannot record to /nonexistent/dir/capture.jsonl")), qPrintable(why));
}

QTEST_GUILESS_MAIN(tst_CaptureFile)
#include "tst_capturefile.moc"
