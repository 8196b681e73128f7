// SPDX-License-Identifier: GPL-3.0-or-later
#include "behaviour/behaviourspec.h"
#include "behaviour/delayedreplybehaviour.h"
#include "behaviour/rulesbehaviour.h"
#include "behaviour/serverbehaviour.h"

#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <vector>

using namespace NetCore;

namespace {

constexpr qint64 Ms = 1'000'000;

/** Records what a behaviour answers, instead of a connection. */
class RecordingReplies final : public ServerReplies
{
public:
    void reply(QByteArrayView payload) override { answers.append({0, payload.toByteArray()}); }
    void replyAfter(qint64 delayNs, QByteArrayView payload) override { answers.append({delayNs, payload.toByteArray()}); }
    QList<QPair<qint64, QByteArray>> answers;
};

QList<QPair<qint64, QByteArray>> answersTo(const BehaviourSpec &spec, const QList<QByteArray> &requests)
{
    const auto behaviour = spec.instantiate(7);
    RecordingReplies replies;
    for (const QByteArray &request : requests)
        behaviour->onRequest(Frame{quint8(FrameType::Data), 0, 1, 0, request}, replies);
    return replies.answers;
}

QString writeFile(QTemporaryDir &dir, const QString &name, const QByteArray &content)
{
    const QString path = dir.filePath(name);
    QFile file(path);
    if (file.open(QIODevice::WriteOnly))
        file.write(content);
    return path;
}

} // namespace

class tst_BehaviourSpec : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void simpleBehavioursAnswer_data();
    void simpleBehavioursAnswer();
    void rejectsBadSpecs_data();
    void rejectsBadSpecs();
    void delayDistributions_data();
    void delayDistributions();
    void sameSeedSameDelays();
    void rulesAnswerByFirstMatch();
    void rulesFileErrorsNameTheLine_data();
    void rulesFileErrorsNameTheLine();
    void repliesThatCannotGoOutAreNamed_data();
    void repliesThatCannotGoOutAreNamed();
};

void tst_BehaviourSpec::simpleBehavioursAnswer_data()
{
    QTest::addColumn<QString>("spec");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QList<QByteArray>>("answers");
    const QList<QByteArray> requests{"one", "two"};
    QTest::newRow("echo") << QStringLiteral("echo") << QStringLiteral("echo") << requests;
    QTest::newRow("echo any case") << QStringLiteral("ECHO") << QStringLiteral("echo") << requests;
    QTest::newRow("sink") << QStringLiteral("sink") << QStringLiteral("sink") << QList<QByteArray>{};
    QTest::newRow("fixed text with escapes") << QStringLiteral("fixed:OK\\n") << QStringLiteral("fixed:OK\\n")
                                             << QList<QByteArray>{"OK\n", "OK\n"};
    QTest::newRow("fixed with a colon") << QStringLiteral("fixed:a:b") << QStringLiteral("fixed:a:b")
                                        << QList<QByteArray>{"a:b", "a:b"};
    QTest::newRow("fixed hex") << QStringLiteral("fixed-hex:de ad be ef") << QStringLiteral("fixed-hex:de ad be ef")
                               << QList<QByteArray>{"\xde\xad\xbe\xef", "\xde\xad\xbe\xef"};
}

void tst_BehaviourSpec::simpleBehavioursAnswer()
{
    QFETCH(QString, spec);
    QFETCH(QString, text);
    QFETCH(QList<QByteArray>, answers);
    QString error;
    const auto parsed = BehaviourSpec::parse(spec, &error);
    QVERIFY2(parsed, qPrintable(error));
    QCOMPARE(parsed->text(), text);
    const auto got = answersTo(*parsed, {"one", "two"});
    QCOMPARE(got.size(), answers.size());
    for (qsizetype i = 0; i < got.size(); ++i) {
        QCOMPARE(got[i].first, qint64(0));
        QCOMPARE(got[i].second, answers[i]);
    }
}

void tst_BehaviourSpec::rejectsBadSpecs_data()
{
    QTest::addColumn<QString>("spec");
    QTest::addColumn<QString>("message");
    QTest::newRow("unknown") << QStringLiteral("teapot") << QStringLiteral("behaviour 'teapot': unknown (known: echo | sink");
    QTest::newRow("echo with argument") << QStringLiteral("echo:x") << QStringLiteral("behaviour 'echo:x': takes no argument");
    QTest::newRow("fixed without text") << QStringLiteral("fixed") << QStringLiteral("behaviour 'fixed': needs the reply");
    QTest::newRow("fixed bad escape") << QStringLiteral("fixed:a\\q") << QStringLiteral("behaviour 'fixed:a\\q': unknown escape \\q");
    QTest::newRow("fixed-hex odd") << QStringLiteral("fixed-hex:abc") << QStringLiteral("behaviour 'fixed-hex:abc': ");
    QTest::newRow("delay without ms") << QStringLiteral("delay") << QStringLiteral("behaviour 'delay': expected delay:MS");
    QTest::newRow("delay negative") << QStringLiteral("delay:-1")
                                    << QStringLiteral("behaviour 'delay:-1': delay '-1' is not a number of milliseconds");
    QTest::newRow("delay bad jitter") << QStringLiteral("delay:1:x")
                                      << QStringLiteral("behaviour 'delay:1:x': jitter 'x' is not a number");
    QTest::newRow("delay bad distribution") << QStringLiteral("delay:1:1:gauss")
                                            << QStringLiteral("behaviour 'delay:1:1:gauss': jitter distribution 'gauss'");
    QTest::newRow("rules missing file") << QStringLiteral("rules:/nonexistent/rules.txt")
                                        << QStringLiteral("behaviour 'rules:/nonexistent/rules.txt': cannot read /nonexistent/rules.txt");
}

void tst_BehaviourSpec::rejectsBadSpecs()
{
    QFETCH(QString, spec);
    QFETCH(QString, message);
    QString error;
    QVERIFY(!BehaviourSpec::parse(spec, &error));
    QVERIFY2(error.startsWith(message), qPrintable(error));
}

void tst_BehaviourSpec::delayDistributions_data()
{
    QTest::addColumn<QString>("spec");
    QTest::addColumn<double>("expectedMeanMs");
    QTest::addColumn<double>("minimumMs");
    QTest::addColumn<double>("maximumMs");
    QTest::newRow("fixed 10 ms") << QStringLiteral("delay:10") << 10.0 << 10.0 << 10.0;
    QTest::newRow("fractional") << QStringLiteral("delay:0.25") << 0.25 << 0.25 << 0.25;
    QTest::newRow("uniform jitter") << QStringLiteral("delay:5:2") << 6.0 << 5.0 << 7.0;
    QTest::newRow("uniform named") << QStringLiteral("delay:5:2:uniform") << 6.0 << 5.0 << 7.0;
    QTest::newRow("exponential jitter") << QStringLiteral("delay:1:4:exp") << 5.0 << 1.0 << 1.0 + 50 * 4.0;
}

void tst_BehaviourSpec::delayDistributions()
{
    QFETCH(QString, spec);
    QFETCH(double, expectedMeanMs);
    QFETCH(double, minimumMs);
    QFETCH(double, maximumMs);
    const auto parsed = BehaviourSpec::parse(spec);
    QVERIFY(parsed);
    QList<QByteArray> requests(20000, QByteArray("x"));
    const auto answers = answersTo(*parsed, requests);
    QCOMPARE(answers.size(), requests.size());
    double sum = 0;
    for (const auto &[delay, payload] : answers) {
        QCOMPARE(payload, QByteArray("x")); // a delayed echo
        QVERIFY(delay >= qint64(minimumMs * Ms) && delay <= qint64(maximumMs * Ms));
        sum += double(delay) / Ms;
    }
    const double mean = sum / double(answers.size());
    // 20,000 draws: the mean is within a few percent of the jitter's own mean.
    QVERIFY2(qAbs(mean - expectedMeanMs) <= 0.03 * expectedMeanMs + 1e-9,
             qPrintable(QStringLiteral("mean %1 ms, expected %2 ms").arg(mean).arg(expectedMeanMs)));
}

void tst_BehaviourSpec::sameSeedSameDelays()
{
    DelayedReplyBehaviour a(Ms, 3 * Ms, DelayedReplyBehaviour::Jitter::Exponential, 99);
    DelayedReplyBehaviour b(Ms, 3 * Ms, DelayedReplyBehaviour::Jitter::Exponential, 99);
    DelayedReplyBehaviour c(Ms, 3 * Ms, DelayedReplyBehaviour::Jitter::Exponential, 100);
    int differentFromC = 0;
    for (int i = 0; i < 100; ++i) {
        const qint64 next = a.nextDelayNs();
        QCOMPARE(b.nextDelayNs(), next);
        differentFromC += c.nextDelayNs() != next ? 1 : 0;
    }
    QVERIFY(differentFromC > 90);
}

void tst_BehaviourSpec::rulesAnswerByFirstMatch()
{
    QTemporaryDir dir;
    const QString path = writeFile(dir, QStringLiteral("rules.txt"),
                                   "# a fake service\r\n"
                                   "exact PING => PONG\n"
                                   "\n"
                                   "prefix GET  => OK\\n\n"
                                   "regex ^HELLO (\\w+) (\\w+)$ => HI $2 $1 $$5\n"
                                   "exact \\x00\\x01 => binary\n"
                                   "exact QUIET =>\n"
                                   "any => ERR unknown\n");
    QString error;
    const auto spec = BehaviourSpec::parse(QStringLiteral("rules:") + path, &error);
    QVERIFY2(spec, qPrintable(error));
    QCOMPARE(spec->text(), QStringLiteral("rules:") + path);
    const auto answers = answersTo(*spec, {"PING", "PING!", "GET /x", "HELLO big world", QByteArray("\0\1", 2), "QUIET", "?"});
    const QList<QByteArray> expected{"PONG", "ERR unknown", "OK\n", "HI world big $5", "binary", "", "ERR unknown"};
    QCOMPARE(answers.size(), expected.size());
    for (qsizetype i = 0; i < answers.size(); ++i)
        QCOMPARE(answers[i].second, expected[i]);

    // Without a catch-all, an unmatched request gets no answer.
    const auto rules = ReplyRule::parseAll(QStringLiteral("exact A => B"), QStringLiteral("inline"), &error);
    QVERIFY(rules);
    const RulesBehaviour behaviour(*rules);
    QCOMPARE(behaviour.answer("A"), std::optional<QByteArray>("B"));
    QVERIFY(!behaviour.answer("C"));
}

void tst_BehaviourSpec::rulesFileErrorsNameTheLine_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("message");
    QTest::newRow("no arrow") << QByteArray("exact PING PONG\n") << QStringLiteral("line 1: expected 'KIND PATTERN => REPLY'");
    QTest::newRow("unknown kind") << QByteArray("# c\nglob * => x\n") << QStringLiteral("line 2: unknown kind 'glob'");
    QTest::newRow("bad regex") << QByteArray("regex ^(open => x\n") << QStringLiteral("line 1: bad regular expression '^(open'");
    QTest::newRow("bad escape") << QByteArray("exact a => \\q\n") << QStringLiteral("line 1: reply: unknown escape \\q");
    QTest::newRow("missing pattern") << QByteArray("exact => x\n") << QStringLiteral("line 1: 'exact' needs a pattern");
    QTest::newRow("any with pattern") << QByteArray("any x => y\n") << QStringLiteral("line 1: 'any' takes no pattern");
    QTest::newRow("empty") << QByteArray("# nothing\n\n") << QStringLiteral("has no rules");
}

void tst_BehaviourSpec::rulesFileErrorsNameTheLine()
{
    QFETCH(QByteArray, content);
    QFETCH(QString, message);
    QTemporaryDir dir;
    const QString path = writeFile(dir, QStringLiteral("bad.rules"), content);
    QString error;
    QVERIFY(!BehaviourSpec::parse(QStringLiteral("rules:") + path, &error));
    QVERIFY2(error.contains(path + QLatin1Char(' ') + message) || error.contains(message), qPrintable(error));
    QVERIFY2(error.contains(path), qPrintable(error));
}

void tst_BehaviourSpec::repliesThatCannotGoOutAreNamed_data()
{
    QTest::addColumn<QString>("spec");
    QTest::addColumn<QString>("framing");
    QTest::addColumn<QString>("problem"); // empty: it goes out
    QTest::newRow("a line reply") << QStringLiteral("fixed:OK") << QStringLiteral("line") << QString();
    QTest::newRow("a newline in a line") << QStringLiteral("fixed:OK\\n") << QStringLiteral("line")
                                         << QStringLiteral("the fixed reply cannot go out in line framing: it holds a newline, "
                                                           "and line framing adds the one that ends it");
    QTest::newRow("the separator in a delimited frame")
        << QStringLiteral("fixed:a;b") << QStringLiteral("delim:;")
        << QStringLiteral("the fixed reply cannot go out in delim:; framing: it holds the framing's separator, which would end it early");
    QTest::newRow("the wrong size") << QStringLiteral("fixed:abc") << QStringLiteral("fixed:4")
                                    << QStringLiteral("the fixed reply cannot go out in fixed:4 framing: it is 3 bytes, not the framing's size");
    QTest::newRow("the right size") << QStringLiteral("fixed:abcd") << QStringLiteral("fixed:4") << QString();
    QTest::newRow("over the server's limit") << QStringLiteral("fixed:0123456789abcdef!") << QStringLiteral("line:16")
                                             << QStringLiteral("the fixed reply cannot go out in line framing: it is 17 bytes, more than a frame carries");
    QTest::newRow("a newline over WB1") << QStringLiteral("fixed:OK\\n") << QStringLiteral("wb1") << QString();
    QTest::newRow("echo is never refused") << QStringLiteral("echo") << QStringLiteral("line") << QString();
    // A rules file may serve several framings: its rules for one never match another's requests.
    QTest::newRow("rules are not judged") << QStringLiteral("rules:rules.txt") << QStringLiteral("line") << QString();
}

void tst_BehaviourSpec::repliesThatCannotGoOutAreNamed()
{
    QFETCH(QString, spec);
    QFETCH(QString, framing);
    QFETCH(QString, problem);
    QTemporaryDir dir;
    writeFile(dir, QStringLiteral("rules.txt"), "exact PING => PONG\nexact HELLO => HI\\n\n");
    QString why;
    const auto behaviour = BehaviourSpec::parse(spec, &why, dir.path());
    QVERIFY2(behaviour, qPrintable(why));
    // "line:16": line framing at a server's max_payload of 16.
    const QStringList nameAndLimit = framing.split(QLatin1Char(':'));
    const bool limited = framing.startsWith(QLatin1String("line:"));
    const auto parsed = parseFraming(limited ? nameAndLimit.first() : framing, &why);
    QVERIFY2(parsed, qPrintable(why));
    const QString said = behaviour->replyProblem(*parsed, limited ? nameAndLimit.last().toInt() : 0);
    if (problem.isEmpty())
        QVERIFY2(said.isEmpty(), qPrintable(said));
    else
        QVERIFY2(said.startsWith(problem), qPrintable(said));
}

QTEST_APPLESS_MAIN(tst_BehaviourSpec)
#include "tst_behaviourspec.moc"
