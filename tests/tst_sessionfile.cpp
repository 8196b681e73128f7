// SPDX-License-Identifier: GPL-3.0-or-later
#include "session/sessionfile.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace NetCore;

namespace {

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// A small valid session to break one piece at a time.
QByteArray validSession(const QByteArray &replaceFrom = {}, const QByteArray &replaceTo = {})
{
    QByteArray json = R"({
    "format": "wirebench-session",
    "version": 1,
    "servers": [ { "name": "echo", "framing": "line", "behaviour": "delay:1", "faults": ["drop:0.1"] } ],
    "templates": [ { "name": "hello", "text": "HELLO\\n" } ],
    "fleets": [
        { "name": "a", "target": "echo", "framing": "line", "schedule": { "window": 2 } },
        { "name": "b", "target": "127.0.0.1:7000", "template": "hello", "schedule": { "rate": 100, "poisson": true } },
        { "name": "c", "target": "echo", "connections": 5, "schedule": { "rate": 50 } }
    ],
    "scenario": [
        { "step": "start-server", "server": "echo" },
        { "step": "connect", "fleet": "a" },
        { "step": "phase", "name": "steady" },
        { "step": "hold", "seconds": 1 },
        { "step": "check", "fleet": "a", "phase": "steady", "metric": "p99_us", "op": "<", "value": 5000 }
    ]
})";
    if (!replaceFrom.isEmpty()) {
        if (!json.contains(replaceFrom))
            qFatal("test data: '%s' is not in the valid session", replaceFrom.constData());
        json.replace(replaceFrom, replaceTo);
    }
    return json;
}

} // namespace

class tst_SessionFile : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void examplesRoundTripToTheSameBytes_data();
    void examplesRoundTripToTheSameBytes();
    void readsWhatItSays();
    void brokenFilesSayWhereAndWhat_data();
    void brokenFilesSayWhereAndWhat();
    void reportsEveryProblemAtOnce();
    void newerVersionIsRefused();
    void saveIsAtomicAndFailsClearly();
    void whatItReadsResolvesAgainstItsFolder();
    void generalFramingsRoundTrip();
    void matchHelloAndGoodbyeRoundTrip();
};

void tst_SessionFile::examplesRoundTripToTheSameBytes_data()
{
    QTest::addColumn<QString>("path");
    const QDir examples(QStringLiteral(WIREBENCH_SESSIONS_DIR));
    const QStringList files = examples.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name);
    QVERIFY(files.size() >= 6);
    for (const QString &file : files)
        QTest::newRow(qPrintable(file)) << examples.filePath(file);
}

void tst_SessionFile::examplesRoundTripToTheSameBytes()
{
    QFETCH(QString, path);
    QStringList errors;
    const auto session = SessionFile::load(path, &errors);
    QVERIFY2(session, qPrintable(errors.join(QLatin1Char('\n'))));
    QVERIFY(!session->description.isEmpty()); // each example says what it shows
    QCOMPARE(QString::fromUtf8(SessionFile::serialize(*session)), QString::fromUtf8(readAll(path)));
}

void tst_SessionFile::readsWhatItSays()
{
    QStringList errors;
    const auto session = SessionFile::parse(validSession(), QStringLiteral("s.json"), &errors);
    QVERIFY2(session, qPrintable(errors.join(QLatin1Char('\n'))));
    QCOMPARE(session->servers.size(), 1);
    const ServerConfig &server = session->servers[0].config;
    QCOMPARE(server.framing, Framing::Line);
    QCOMPARE(server.behaviour.text(), QStringLiteral("delay:1"));
    QCOMPARE(server.faults.specs(), QStringList{QStringLiteral("drop:0.1")});
    QCOMPARE(session->fleets.size(), 3);
    QCOMPARE(session->fleets[0].server, QStringLiteral("echo"));
    QCOMPARE(session->fleets[0].config.window, 2);
    QCOMPARE(session->fleets[1].server, QString());
    QCOMPARE(session->fleets[1].config.host, QStringLiteral("127.0.0.1"));
    QCOMPARE(session->fleets[1].config.port, quint16(7000));
    QCOMPARE(session->fleets[1].config.schedule, FleetConfig::Schedule::OpenLoop);
    QVERIFY(session->fleets[1].config.poisson);
    QCOMPARE(session->fleets[1].templateName, QStringLiteral("hello"));
    FleetConfig withTemplate;
    QString why;
    QVERIFY(session->messageTemplate(QStringLiteral("hello"))->applyTo(withTemplate, &why));
    QCOMPARE(withTemplate.messages, QList<QByteArray>{"HELLO\n"});
    QCOMPARE(session->scenario.size(), 5);
    QCOMPARE(session->scenario[4].kind, ScenarioStep::Kind::Check);
    QCOMPARE(session->scenario[4].value, 5000.0);

    // Saved and read again: the same session, in canonical form.
    const QByteArray canonical = SessionFile::serialize(*session);
    const auto again = SessionFile::parse(canonical, QStringLiteral("s.json"), &errors);
    QVERIFY(again);
    QCOMPARE(SessionFile::serialize(*again), canonical);
}

void tst_SessionFile::brokenFilesSayWhereAndWhat_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("message");
    QTest::newRow("not json") << QByteArray("{\n  \"format\": \"wirebench-session\",\n  oops\n}")
                              << "s.json: not valid JSON at line 3, column 4: unterminated object";
    QTest::newRow("not an object") << QByteArray("[1, 2]") << "s.json: expected a JSON object at the top";
    QTest::newRow("wrong format") << validSession("\"wirebench-session\"", "\"something-else\"")
                                  << "s.json: format: expected \"wirebench-session\"; found \"something-else\"";
    QTest::newRow("missing version") << validSession("\"version\": 1,", "")
                                     << "s.json: version: missing (a whole number is required)";
    QTest::newRow("unknown top-level key") << validSession("\"version\": 1,", "\"version\": 1, \"colour\": 3,")
                                           << "s.json: colour: unknown key (expected one of: format, version, description, "
                                              "servers, proxies, templates, fleets, scenario)";
    QTest::newRow("typo in a fleet") << validSession("\"connections\": 5", "\"conections\": 5")
                                     << "s.json: fleets[2].conections: unknown key (expected one of: name, target, connections,";
    QTest::newRow("rate of the wrong type") << validSession("\"rate\": 50", "\"rate\": \"fast\"")
                                            << "s.json: fleets[2].schedule.rate: expected a number, found a string";
    QTest::newRow("negative rate") << validSession("\"rate\": 50", "\"rate\": -5")
                                   << "s.json: fleets[2].schedule.rate: expected a number from 0.001 to 1000000000, found -5";
    QTest::newRow("window and rate") << validSession("{ \"window\": 2 }", "{ \"window\": 2, \"rate\": 9 }")
                                     << "s.json: fleets[0].schedule: expected either window (closed loop) or rate (open loop), not both";
    QTest::newRow("fractional connections") << validSession("\"connections\": 5", "\"connections\": 2.5")
                                            << "s.json: fleets[2].connections: expected a whole number, found 2.5";
    QTest::newRow("unknown framing") << validSession("\"framing\": \"line\", \"behaviour\"", "\"framing\": \"xml\", \"behaviour\"")
                                     << "s.json: servers[0].framing: expected one of wb1|line|len2be|len2le|len4be|len4le|raw|length:OFFSET:SIZE:be|le[:ADJUST]|varint:OFFSET|delim:SEP|fixed:N|resp|http1|websocket; found 'xml'";
    QTest::newRow("bad length field") << validSession("\"framing\": \"line\", \"behaviour\"", "\"framing\": \"length:0:5:be\", \"behaviour\"")
                                      << "s.json: servers[0].framing: length: SIZE must be 1, 2, 3, 4 or 8; found '5'";
    QTest::newRow("bad behaviour") << validSession("\"delay:1\"", "\"delay:soon\"")
                                   << "s.json: servers[0].behaviour: behaviour 'delay:soon': delay 'soon' is not a number";
    QTest::newRow("bad fault") << validSession("\"drop:0.1\"", "\"drop:7\"")
                               << "s.json: servers[0].faults: fault 'drop:7': '7' is not a probability from 0 to 1";
    QTest::newRow("bad escape in a template") << validSession("HELLO\\\\n", "HELLO\\\\q")
                                              << "s.json: templates[0].text: unknown escape \\q at position 6";
    QTest::newRow("unknown target") << validSession("\"target\": \"echo\", \"framing\"", "\"target\": \"ehco\", \"framing\"")
                                    << "s.json: fleets[0].target: expected a server's name (echo) or HOST:PORT; found 'ehco'";
    QTest::newRow("unknown template") << validSession("\"template\": \"hello\"", "\"template\": \"bye\"")
                                      << "s.json: fleets[1].template: no template is named 'bye'";
    QTest::newRow("websocket path") << validSession("\"framing\": \"line\", \"schedule\"", "\"websocket\": { \"path\": \"chat\" }, \"schedule\"")
                                    << "s.json: fleets[0].websocket.path: must start with / and hold no space";
    QTest::newRow("websocket with another framing")
        << validSession("\"framing\": \"line\", \"schedule\"", "\"framing\": \"line\", \"websocket\": {}, \"schedule\"")
        << "s.json: fleets[0].websocket: goes with websocket framing, not line";
    QTest::newRow("a bad HTTP request") << validSession("\"text\": \"HELLO\\\\n\"", "\"http\": \"GET index\"")
                                        << "s.json: templates[0].http: the path 'index' must start with /";
    QTest::newRow("headers without http") << validSession("\"text\": \"HELLO\\\\n\"", "\"text\": \"x\", \"headers\": []")
                                          << "s.json: templates[0].headers: goes with http";
    QTest::newRow("a redis template for a line fleet")
        << validSession("\"text\": \"HELLO\\\\n\"", "\"redis\": \"GET k\"").replace("\"template\": \"hello\"", "\"template\": \"hello\", \"framing\": \"line\"")
        << "s.json: fleets[1].framing: template hello is written for resp framing, not line";
    QTest::newRow("duplicate fleet") << validSession("\"name\": \"c\"", "\"name\": \"a\"")
                                     << "s.json: fleets[2].name: the name 'a' is used twice";
    QTest::newRow("unknown step") << validSession("\"step\": \"hold\"", "\"step\": \"sleep\"")
                                  << "s.json: scenario[3].step: expected one of start-server, stop-server,";
    QTest::newRow("step with a stray key") << validSession("\"seconds\": 1", "\"seconds\": 1, \"fleet\": \"a\"")
                                           << "s.json: scenario[3].fleet: unknown key (expected one of: step, seconds)";
    QTest::newRow("step naming no server") << validSession("\"server\": \"echo\" }", "\"server\": \"echoes\" }")
                                           << "s.json: scenario[0].server: no server is named 'echoes'";
    QTest::newRow("check before its phase") << validSession("\"phase\": \"steady\",", "\"phase\": \"later\",")
                                            << "s.json: scenario[4].phase: no phase named 'later' begins before this check";
    QTest::newRow("unknown metric") << validSession("\"p99_us\"", "\"p99\"")
                                    << "s.json: scenario[4].metric: expected one of p50_us,";
    QTest::newRow("unknown operator") << validSession("\"op\": \"<\"", "\"op\": \"lt\"")
                                      << "s.json: scenario[4].op: expected one of < <= > >= ==; found 'lt'";
    QTest::newRow("hold missing seconds") << validSession("\"seconds\": 1", "\"secs\": 1")
                                          << "s.json: scenario[3].secs: unknown key (expected one of: step, seconds)";
    const char *fleetC = "\"name\": \"c\", \"target\": \"echo\",";
    QTest::newRow("unknown match") << validSession(fleetC, "\"name\": \"c\", \"target\": \"echo\", \"match\": \"by-id\",")
                                   << "s.json: fleets[2].match: unknown match 'by-id' (in-order, wb1, field:REQ_OFFSET:SIZE[:REPLY_OFFSET], none)";
    QTest::newRow("field key too wide") << validSession(fleetC, "\"name\": \"c\", \"target\": \"echo\", \"match\": \"field:0:9\",")
                                        << "s.json: fleets[2].match: field: SIZE must be 1 to 8 bytes; found '9'";
    QTest::newRow("hello both text and hex")
        << validSession(fleetC, "\"name\": \"c\", \"target\": \"echo\", \"hello\": [{\"text\": \"a\", \"hex\": \"00\"}],")
        << "s.json: fleets[2].hello[0]: expected exactly one of template, text, hex; found 2";
    QTest::newRow("bad field in a hello")
        << validSession(fleetC, "\"name\": \"c\", \"target\": \"echo\", \"hello\": [{\"hex\": \"10 {seq:u12}\"}],")
        << "s.json: fleets[2].hello[0]: field {seq:u12}: 'u12' is not a format (u8, u16be, u16le, u32be, u32le, u64be, u64le, dec)";
    QTest::newRow("hello naming no template")
        << validSession(fleetC, "\"name\": \"c\", \"target\": \"echo\", \"hello\": [{\"template\": \"login\"}],")
        << "s.json: fleets[2].hello[0]: no template is named 'login'";
    QTest::newRow("expect on a goodbye")
        << validSession(fleetC, "\"name\": \"c\", \"target\": \"echo\", \"goodbye\": [{\"text\": \"QUIT\", \"expect\": \"OK\"}],")
        << "s.json: fleets[2].goodbye[0].expect: unknown key (expected one of: template, text, hex)";
}

void tst_SessionFile::brokenFilesSayWhereAndWhat()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, message);
    QStringList errors;
    QVERIFY(!SessionFile::parse(json, QStringLiteral("s.json"), &errors));
    QVERIFY(!errors.isEmpty());
    bool found = false;
    for (const QString &error : errors)
        found = found || error.startsWith(message);
    QVERIFY2(found, qPrintable(QStringLiteral("expected '%1' among:\n%2").arg(message, errors.join(QLatin1Char('\n')))));
}

void tst_SessionFile::reportsEveryProblemAtOnce()
{
    QByteArray json = validSession("\"rate\": 50", "\"rate\": -5");
    json.replace("\"seconds\": 1", "\"seconds\": \"one\"");
    json.replace("\"template\": \"hello\"", "\"template\": \"bye\"");
    QStringList errors;
    QVERIFY(!SessionFile::parse(json, QStringLiteral("s.json"), &errors));
    QCOMPARE(errors.size(), 3);
    QVERIFY(errors[0].startsWith(QStringLiteral("s.json: fleets[2].schedule.rate")));
    QVERIFY(errors[1].startsWith(QStringLiteral("s.json: scenario[3].seconds: expected a number, found a string")));
    QVERIFY(errors[2].startsWith(QStringLiteral("s.json: fleets[1].template: no template is named 'bye'")));
}

void tst_SessionFile::newerVersionIsRefused()
{
    QStringList errors;
    QVERIFY(!SessionFile::parse(validSession("\"version\": 1", "\"version\": 2"), QStringLiteral("s.json"), &errors));
    QCOMPARE(errors, QStringList{QStringLiteral("s.json: version: this file is version 2, written by a newer Wirebench; "
                                                "this one reads version 1 and older")});
}

void tst_SessionFile::saveIsAtomicAndFailsClearly()
{
    QTemporaryDir dir;
    QStringList errors;
    const auto session = SessionFile::parse(validSession(), QStringLiteral("s.json"), &errors);
    QVERIFY(session);
    const QString path = dir.filePath(QStringLiteral("saved.json"));
    QString error;
    QVERIFY2(SessionFile::save(*session, path, &error), qPrintable(error));
    QCOMPARE(readAll(path), SessionFile::serialize(*session));
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList{QStringLiteral("saved.json")}); // no temporary left

    const QString missing = dir.filePath(QStringLiteral("no/such/folder/s.json"));
    QVERIFY(!SessionFile::save(*session, missing, &error));
    QVERIFY2(error.startsWith(QStringLiteral("cannot write ") + missing + QStringLiteral(": ")), qPrintable(error));

    QVERIFY(!SessionFile::load(dir.filePath(QStringLiteral("absent.json")), &errors));
    QVERIFY2(errors.first().contains(QLatin1String("absent.json: cannot read")), qPrintable(errors.first()));
}

void tst_SessionFile::whatItReadsResolvesAgainstItsFolder()
{
    // A rules file beside the session is found from any working folder, as
    // docker-compose finds what its file names; the path is kept as written.
    QTemporaryDir dir;
    QVERIFY(QDir(dir.path()).mkpath(QStringLiteral("bench/rules")));
    QFile rules(dir.filePath(QStringLiteral("bench/rules/replies.txt")));
    QVERIFY(rules.open(QIODevice::WriteOnly));
    rules.write("exact PING => PONG\n");
    rules.close();
    const QByteArray json = R"({"format": "wirebench-session", "version": 1,
        "servers": [{"name": "s", "framing": "line", "behaviour": "rules:rules/replies.txt"}]})";
    const QString path = dir.filePath(QStringLiteral("bench/session.json"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(json);
    file.close();
    QVERIFY(!QFile::exists(QStringLiteral("rules/replies.txt"))); // not from the working folder

    QStringList errors;
    const auto session = SessionFile::load(path, &errors);
    QVERIFY2(session, qPrintable(errors.join(QLatin1Char('\n'))));
    QCOMPARE(session->baseDirectory, dir.filePath(QStringLiteral("bench")));
    QCOMPARE(session->servers.first().config.behaviour.text(), QStringLiteral("rules:rules/replies.txt"));
    QVERIFY(SessionFile::serialize(*session).contains("\"rules:rules/replies.txt\""));

    // Missing where the session says: the error names the path it looked at.
    QVERIFY(rules.remove());
    QVERIFY(!SessionFile::load(path, &errors));
    QVERIFY2(errors.first().contains(QLatin1String("servers[0].behaviour"))
                 && errors.first().contains(dir.filePath(QStringLiteral("bench/rules/replies.txt"))),
             qPrintable(errors.first()));
}

void tst_SessionFile::generalFramingsRoundTrip()
{
    // Parameters and escapes survive a save and a load, byte for byte.
    const QByteArray json = R"({"format": "wirebench-session", "version": 1,
        "servers": [{"name": "modbus", "framing": "length:4:2:be"}, {"name": "memcached", "framing": "delim:END\\r\\n"}],
        "fleets": [{"name": "f", "target": "modbus", "framing": "length:4:2:be"},
                   {"name": "g", "target": "127.0.0.1:1883", "framing": "varint:1"},
                   {"name": "m", "target": "memcached", "framing": "line", "reply_framing": "delim:END\\r\\n"}]})";
    QStringList errors;
    const auto session = SessionFile::parse(json, QStringLiteral("s.json"), &errors);
    QVERIFY2(session, qPrintable(errors.join(QLatin1Char('\n'))));
    QVERIFY(session->servers[0].config.framing == Framing::length(4, 2, Framing::ByteOrder::BigEndian));
    QVERIFY(session->servers[1].config.framing == Framing::delimited("END\r\n"));
    QVERIFY(session->fleets[1].config.framing == Framing::varint(1));
    QVERIFY(!session->fleets[1].config.replyFraming);
    QVERIFY(session->fleets[2].config.replyFraming == Framing::delimited("END\r\n"));
    const QByteArray saved = SessionFile::serialize(*session);
    QVERIFY2(saved.contains(R"("framing": "delim:END\\r\\n")"), saved.constData());
    QVERIFY2(saved.contains(R"("reply_framing": "delim:END\\r\\n")"), saved.constData());
    const auto again = SessionFile::parse(saved, QStringLiteral("s.json"), &errors);
    QVERIFY(again);
    QCOMPARE(SessionFile::serialize(*again), saved);

}

void tst_SessionFile::matchHelloAndGoodbyeRoundTrip()
{
    const QByteArray json = R"({"format": "wirebench-session", "version": 1,
        "templates": [{"name": "connect", "hex": "10 00 00 04 4d 51 54 54 04 02 00 3c 00 00"}],
        "fleets": [{"name": "mqtt", "target": "127.0.0.1:1883", "framing": "varint:1", "match": "field:7:2:2",
                    "hello": [{"template": "connect", "expect_hex": "20 02 00 00"}, {"text": "id {conn:dec}", "expect": "OK"}],
                    "goodbye": [{"hex": "e0 00"}]},
                   {"name": "dns", "target": "127.0.0.1:53", "framing": "length:0:2:be", "match": "field:2:2"}]})";
    QStringList errors;
    const auto session = SessionFile::parse(json, QStringLiteral("s.json"), &errors);
    QVERIFY2(session, qPrintable(errors.join(QLatin1Char('\n'))));
    const FleetDefinition &mqtt = session->fleets[0];
    QVERIFY(mqtt.config.match == ReplyMatch::field(7, 2, 2));
    QVERIFY(session->fleets[1].config.match == ReplyMatch::field(2, 2, 2));
    QCOMPARE(mqtt.hello.size(), 2);
    QString why;
    const auto connect = mqtt.hello[0].resolve(*session, &why);
    QVERIFY2(connect, qPrintable(why));
    QCOMPARE(connect->message, QByteArray::fromHex("100000044d5154540402003c0000"));
    QCOMPARE(*connect->expect, QByteArray::fromHex("20020000"));
    const auto login = mqtt.hello[1].resolve(*session, &why);
    QVERIFY2(login, qPrintable(why));
    QCOMPARE(login->message, QByteArray("id {conn:dec}")); // the field is filled per connection
    QCOMPARE(*login->expect, QByteArray("OK"));
    QCOMPARE(mqtt.goodbye.size(), 1);
    const QByteArray saved = SessionFile::serialize(*session);
    QVERIFY2(saved.contains(R"("match": "field:7:2:2")") && saved.contains(R"("match": "field:2:2")"), saved.constData());
    const auto again = SessionFile::parse(saved, QStringLiteral("s.json"), &errors);
    QVERIFY(again);
    QCOMPARE(SessionFile::serialize(*again), saved);
    QCOMPARE(again->fleets[0].hello, mqtt.hello);
    QCOMPARE(again->fleets[0].goodbye, mqtt.goodbye);
}

QTEST_APPLESS_MAIN(tst_SessionFile)
#include "tst_sessionfile.moc"
