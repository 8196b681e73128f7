// SPDX-License-Identifier: GPL-3.0-or-later
#include "composerpanel.h"

#include "codec/wb1codec.h"
#include "scenario/sessionengine.h"
#include "session/sessionfile.h"

#include <QTest>

using namespace Gui;

namespace {
NetCore::Session sessionWithFleet(const char *framing)
{
    const QByteArray json = QByteArray(R"({"format": "wirebench-session", "version": 1,
        "fleets": [{"name": "f", "target": "127.0.0.1:9", "framing": ")") + framing + R"("}]})";
    return *NetCore::SessionFile::parse(json, QStringLiteral("t"), nullptr);
}
} // namespace

class tst_ComposerPanel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void modesConvertTheSameBytes();
    void badInputIsNamed_data();
    void badInputIsNamed();
    void previewIsTheExactWire();
    void composesProtocolMessages_data();
    void composesProtocolMessages();
    void sendingToAStoppedFleetSaysWhy();
};

void tst_ComposerPanel::modesConvertTheSameBytes()
{
    NetCore::SessionEngine engine;
    engine.setSession(sessionWithFleet("wb1"));
    ComposerPanel composer(engine);
    composer.setPayloadText(QStringLiteral("héllo"));
    composer.setMode(ComposerPanel::Mode::Hex);
    QCOMPARE(composer.payload(), std::optional<QByteArray>("h\xc3\xa9llo"));
    composer.setMode(ComposerPanel::Mode::Escaped);
    QCOMPARE(composer.payload(), std::optional<QByteArray>("h\xc3\xa9llo"));
    composer.setPayloadText(QStringLiteral("a\\x00b\\n"));
    composer.setMode(ComposerPanel::Mode::Hex);
    QCOMPARE(composer.payload(), std::optional<QByteArray>(QByteArray("a\0b\n", 4)));
    QVERIFY(composer.problem().isEmpty());
}

void tst_ComposerPanel::badInputIsNamed_data()
{
    QTest::addColumn<int>("mode");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("framing");
    QTest::addColumn<QString>("problem");
    QTest::newRow("odd hex") << int(ComposerPanel::Mode::Hex) << "abc" << "wb1" << "odd";
    QTest::newRow("bad escape") << int(ComposerPanel::Mode::Escaped) << "a\\q" << "wb1" << "unknown escape \\q";
    QTest::newRow("newline in a line") << int(ComposerPanel::Mode::Escaped) << "a\\nb" << "line" << "contains a newline, which ends a line";
    QTest::newRow("an unclosed quote") << int(ComposerPanel::Mode::Redis) << "SET k \"v" << "resp" << "is not closed";
    QTest::newRow("a relative path") << int(ComposerPanel::Mode::Http) << "GET index.html" << "http1" << "must start with /";
    QTest::newRow("plain words for resp") << int(ComposerPanel::Mode::Text) << "GET k" << "resp" << "is not one RESP value";
}

void tst_ComposerPanel::badInputIsNamed()
{
    QFETCH(int, mode);
    QFETCH(QString, text);
    QFETCH(QString, framing);
    QFETCH(QString, problem);
    NetCore::SessionEngine engine;
    engine.setSession(sessionWithFleet(framing.toLatin1().constData()));
    ComposerPanel composer(engine);
    composer.setMode(ComposerPanel::Mode(mode));
    composer.setPayloadText(text);
    QVERIFY2(composer.problem().contains(problem, Qt::CaseInsensitive), qPrintable(composer.problem()));
    QString why;
    QVERIFY(!composer.sendNow(&why));
    QVERIFY2(why.startsWith(QStringLiteral("The message cannot be sent: ")), qPrintable(why));
}

void tst_ComposerPanel::previewIsTheExactWire()
{
    NetCore::SessionEngine engine;
    engine.setSession(sessionWithFleet("wb1"));
    ComposerPanel composer(engine);
    composer.setPayloadText(QStringLiteral("hello"));
    QByteArray expected;
    NetCore::Wb1Codec().encode(NetCore::Frame{1, 0, 0, 0, "hello"}, expected);
    QCOMPARE(composer.preview(), expected);
}

void tst_ComposerPanel::composesProtocolMessages_data()
{
    QTest::addColumn<int>("mode");
    QTest::addColumn<QString>("framing");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QByteArray>("wire");
    QTest::newRow("a Redis command") << int(ComposerPanel::Mode::Redis) << "resp" << "SET k \"a b\""
                                     << QByteArray("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$3\r\na b\r\n");
    QTest::newRow("an HTTP request: Host from the target, the body's length")
        << int(ComposerPanel::Mode::Http) << "http1" << "POST /items\nAccept: */*\n\n{\"n\": 1}"
        << QByteArray("POST /items HTTP/1.1\r\nHost: 127.0.0.1:9\r\nAccept: */*\r\nContent-Length: 8\r\n\r\n{\"n\": 1}");
}

void tst_ComposerPanel::composesProtocolMessages()
{
    QFETCH(int, mode);
    QFETCH(QString, framing);
    QFETCH(QString, text);
    QFETCH(QByteArray, wire);
    NetCore::SessionEngine engine;
    engine.setSession(sessionWithFleet(framing.toLatin1().constData()));
    ComposerPanel composer(engine);
    composer.setMode(ComposerPanel::Mode(mode));
    composer.setPayloadText(text);
    QVERIFY2(composer.problem().isEmpty(), qPrintable(composer.problem()));
    QCOMPARE(composer.preview(), wire);
}

void tst_ComposerPanel::sendingToAStoppedFleetSaysWhy()
{
    NetCore::SessionEngine engine;
    engine.setSession(sessionWithFleet("line"));
    ComposerPanel composer(engine);
    composer.setPayloadText(QStringLiteral("PING"));
    composer.setTarget(ComposerPanel::Target::Fleet, QStringLiteral("f"));
    QString why;
    QVERIFY(!composer.sendNow(&why));
    QCOMPARE(why, QStringLiteral("Fleet f is not connected: connect it first."));
}

QTEST_MAIN(tst_ComposerPanel)
#include "tst_composerpanel.moc"
