// SPDX-License-Identifier: GPL-3.0-or-later
#include "filesizelimit.h"

#include "scenario/reportwriter.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QTemporaryDir>
#include <QTest>

using namespace NetCore;

namespace {

constexpr qint64 Us = 1000;

// One interval of a fleet: `count` replies with latencies spread from `fromUs` to `toUs`.
FleetSnapshot interval(qint64 elapsedMs, quint64 count, qint64 fromUs, qint64 toUs, quint64 timeouts = 0)
{
    auto corrected = std::make_shared<LatencyHistogram>();
    auto uncorrected = std::make_shared<LatencyHistogram>();
    for (quint64 i = 0; i < count; ++i) {
        const qint64 value = (fromUs + (toUs - fromUs) * qint64(i) / qint64(std::max<quint64>(count - 1, 1))) * Us;
        corrected->record(value);
        uncorrected->record(value / 2);
    }
    FleetSnapshot snapshot;
    snapshot.elapsedNs = elapsedMs * 1'000'000;
    snapshot.intervalNs = 100'000'000;
    snapshot.interval.sent = count + timeouts;
    snapshot.interval.received = count;
    snapshot.interval.timeouts = timeouts;
    snapshot.total.connectsSucceeded = 4;
    snapshot.intervalCorrected = corrected;
    snapshot.intervalUncorrected = uncorrected;
    snapshot.intervalLatency = LatencySummary::of(*corrected);
    return snapshot;
}

QList<QStringList> readCsv(const QString &path)
{
    // Enough of RFC 4180 for these files: quoted fields with doubled quotes, CRLF rows.
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    const QString text = QString::fromUtf8(file.readAll());
    QList<QStringList> rows;
    QStringList row;
    QString field;
    bool quoted = false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text[i];
        if (quoted) {
            if (c == QLatin1Char('"') && i + 1 < text.size() && text[i + 1] == QLatin1Char('"')) {
                field += c;
                ++i;
            } else if (c == QLatin1Char('"')) {
                quoted = false;
            } else {
                field += c;
            }
        } else if (c == QLatin1Char('"')) {
            quoted = true;
        } else if (c == QLatin1Char(',')) {
            row << field;
            field.clear();
        } else if (c == QLatin1Char('\r')) {
        } else if (c == QLatin1Char('\n')) {
            row << field;
            rows << row;
            row.clear();
            field.clear();
        } else {
            field += c;
        }
    }
    return rows;
}

RunRecord sampleRecord()
{
    RunRecord record;
    record.beginPhase(QStringLiteral("warm-up"), false);
    record.add(QStringLiteral("web, \"east\""), 100'000'000, interval(100, 50, 900, 1000));
    record.beginPhase(QStringLiteral("steady"), true);
    record.add(QStringLiteral("web, \"east\""), 200'000'000, interval(200, 1000, 100, 200));
    record.add(QStringLiteral("web, \"east\""), 300'000'000, interval(300, 1000, 100, 5000, 3));
    return record;
}

} // namespace

class tst_ReportWriter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void csvFieldsAreQuotedWhenNeeded_data();
    void csvFieldsAreQuotedWhenNeeded();
    void timeSeriesHasARowPerIntervalAndFleet();
    void summaryMatchesTheHistogramsItCameFrom();
    void decimalPointWhateverTheLocale();
    void hgrmPerFleetAndPhase();
    void jsonStatesTheRun();
    void connectAndHandshakeAreReportedApart();
    void unwritablePlacesAreClearErrors();
};

void tst_ReportWriter::csvFieldsAreQuotedWhenNeeded_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("field");
    QTest::newRow("plain") << QStringLiteral("steady") << QStringLiteral("steady");
    QTest::newRow("comma") << QStringLiteral("a,b") << QStringLiteral("\"a,b\"");
    QTest::newRow("quote") << QStringLiteral("say \"hi\"") << QStringLiteral("\"say \"\"hi\"\"\"");
    QTest::newRow("line break") << QStringLiteral("a\nb") << QStringLiteral("\"a\nb\"");
    QTest::newRow("empty") << QString() << QString();
}

void tst_ReportWriter::csvFieldsAreQuotedWhenNeeded()
{
    QFETCH(QString, text);
    QFETCH(QString, field);
    QCOMPARE(ReportWriter::csvField(text), field);
}

void tst_ReportWriter::timeSeriesHasARowPerIntervalAndFleet()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("series.csv"));
    QString error;
    QVERIFY2(ReportWriter::writeTimeSeries(sampleRecord(), path, &error), qPrintable(error));
    const auto rows = readCsv(path);
    QCOMPARE(rows.size(), 4);
    QCOMPARE(rows[0], ReportWriter::timeSeriesColumns());
    for (const char *column : {"elapsed_s", "phase", "fleet", "sent", "received", "errors", "timeouts",
                               "active_connections", "throughput_per_s", "p50_us", "p90_us", "p99_us", "p999_us",
                               "max_us", "p50_raw_us", "p99_raw_us"})
        QVERIFY2(rows[0].contains(QLatin1String(column)), column);
    const qsizetype fleet = rows[0].indexOf(QStringLiteral("fleet"));
    const qsizetype phase = rows[0].indexOf(QStringLiteral("phase"));
    QCOMPARE(rows[1][fleet], QStringLiteral("web, \"east\"")); // quoted and read back whole
    QCOMPARE(rows[1][phase], QStringLiteral("warm-up"));
    QCOMPARE(rows[3][phase], QStringLiteral("steady"));
    QCOMPARE(rows[3][rows[0].indexOf(QStringLiteral("timeouts"))], QStringLiteral("3"));
    QCOMPARE(rows[2][rows[0].indexOf(QStringLiteral("throughput_per_s"))], QStringLiteral("10000.000"));
    QCOMPARE(rows[2][rows[0].indexOf(QStringLiteral("elapsed_s"))], QStringLiteral("0.200"));
}

void tst_ReportWriter::summaryMatchesTheHistogramsItCameFrom()
{
    const RunRecord record = sampleRecord();
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("summary.csv"));
    QString error;
    QVERIFY2(ReportWriter::writeSummary(record, path, &error), qPrintable(error));
    const auto rows = readCsv(path);
    QCOMPARE(rows.size(), 4); // header, warm-up, steady, all
    const QStringList header = rows[0];
    QCOMPARE(header, ReportWriter::summaryColumns());
    QVERIFY(header.contains(QStringLiteral("errors_bad_checksum")));
    auto cell = [&](int row, const char *column) { return rows[row][header.indexOf(QLatin1String(column))]; };
    QCOMPARE(cell(1, "phase"), QStringLiteral("warm-up"));
    QCOMPARE(cell(1, "reported"), QStringLiteral("no"));
    QCOMPARE(cell(2, "phase"), QStringLiteral("steady"));
    QCOMPARE(cell(3, "phase"), QStringLiteral("all"));

    // Every latency figure is the histogram's, to the microsecond's thousandth.
    const PhaseRecord steady = record.aggregate(QStringLiteral("web, \"east\""), QStringLiteral("steady"));
    QCOMPARE(cell(2, "count").toULongLong(), steady.corrected.totalCount());
    QCOMPARE(cell(2, "count").toULongLong(), quint64(2000));
    const std::pair<const char *, double> percentiles[] = {{"p50_us", 50}, {"p90_us", 90}, {"p99_us", 99},
                                                           {"p999_us", 99.9}, {"p9999_us", 99.99}};
    for (const auto &[column, percentile] : percentiles) {
        const double expected = double(steady.corrected.valueAtPercentile(percentile)) / 1e3;
        QCOMPARE(cell(2, column).toDouble(), std::round(expected * 1000) / 1000);
    }
    QCOMPARE(cell(2, "max_us").toDouble(), double(steady.corrected.max()) / 1e3);
    QCOMPARE(cell(2, "min_us").toDouble(), double(steady.corrected.min()) / 1e3);
    QVERIFY(qAbs(cell(2, "mean_us").toDouble() - steady.corrected.mean() / 1e3) < 0.001);
    QCOMPARE(cell(2, "timeouts"), QStringLiteral("3"));
    QCOMPARE(cell(2, "duration_s"), QStringLiteral("0.200"));
    // The whole run leaves the warm-up out.
    QCOMPARE(cell(3, "count"), QStringLiteral("2000"));
    QCOMPARE(cell(3, "p50_us"), cell(2, "p50_us"));
}

void tst_ReportWriter::decimalPointWhateverTheLocale()
{
    const QLocale before;
    QLocale::setDefault(QLocale(QLocale::German, QLocale::Germany));
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("summary.csv"));
    QString error;
    const bool written = ReportWriter::writeSummary(sampleRecord(), path, &error);
    QLocale::setDefault(before);
    QVERIFY(written);
    const auto rows = readCsv(path);
    QVERIFY(rows[2][rows[0].indexOf(QStringLiteral("mean_us"))].contains(QLatin1Char('.')));
}

void tst_ReportWriter::hgrmPerFleetAndPhase()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("latency.hgrm"));
    QString error;
    QStringList written;
    QVERIFY2(ReportWriter::writeHgrm(sampleRecord(), path, &error, &written), qPrintable(error));
    QCOMPARE(written, QStringList({path, dir.filePath(QStringLiteral("latency-web___east_.hgrm")),
                                   dir.filePath(QStringLiteral("latency-web___east_-steady.hgrm"))}));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray text = file.readAll();
    QVERIFY(text.contains("Value     Percentile TotalCount 1/(1-Percentile)"));
    QVERIFY(text.contains("Total count    =         2000]"));
}

void tst_ReportWriter::jsonStatesTheRun()
{
    ScenarioResult result;
    result.startedUtc = QDateTime(QDate(2026, 11, 21), QTime(3, 4, 5), Qt::UTC);
    result.completed = true;
    result.checks.append(CheckResult{4, QStringLiteral("web"), QStringLiteral("steady"), QStringLiteral("p99_us"),
                                     QStringLiteral("<"), 1000, 4990, false});
    result.servers.append(StartedServer{QStringLiteral("plain"), QStringLiteral("127.0.0.1"), 7000, {}, {}});
    result.servers.append(StartedServer{QStringLiteral("secure"), QStringLiteral("127.0.0.1"), 7443,
                                        QStringLiteral("AB:CD"), QByteArrayLiteral("-----BEGIN CERTIFICATE-----\n")});
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("run.json"));
    QString error;
    QVERIFY(ReportWriter::writeJson(sampleRecord(), result, {QStringLiteral("lab.json"), QStringLiteral("0.1.0")}, path, &error));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QJsonObject root = QJsonDocument::fromJson(file.readAll()).object();
    QCOMPARE(root.value("started_utc").toString(), QStringLiteral("2026-11-21T03:04:05.000Z"));
    QCOMPARE(root.value("session_file").toString(), QStringLiteral("lab.json"));
    QCOMPARE(root.value("wirebench_version").toString(), QStringLiteral("0.1.0"));
    QCOMPARE(root.value("exit_code").toInt(), 1);
    QCOMPARE(root.value("checks_passed").toBool(), false);
    const QJsonArray servers = root.value("servers").toArray();
    QCOMPARE(servers.size(), 2);
    QCOMPARE(servers.at(0).toObject().value("tls").toBool(), false);
    QVERIFY(!servers.at(0).toObject().contains("tls_fingerprint_sha256"));
    const QJsonObject secure = servers.at(1).toObject();
    QCOMPARE(secure.value("server").toString(), QStringLiteral("secure"));
    QCOMPARE(secure.value("port").toInt(), 7443);
    QCOMPARE(secure.value("tls").toBool(), true);
    QCOMPARE(secure.value("tls_fingerprint_sha256").toString(), QStringLiteral("AB:CD"));
    QVERIFY(secure.value("tls_certificate_pem").toString().startsWith(QStringLiteral("-----BEGIN CERTIFICATE-----")));
}

void tst_ReportWriter::connectAndHandshakeAreReportedApart()
{
    // Two intervals of a TLS fleet: four TCP connects of 100..400 µs, four handshakes of
    // 1..4 ms (one resumed), one TLS failure; the summary and the JSON give each apart.
    RunRecord record;
    record.beginPhase(QStringLiteral("steady"), true);
    for (int half = 0; half < 2; ++half) {
        FleetSnapshot snapshot = interval(100 * (half + 1), 10, 50, 60);
        auto connects = std::make_shared<LatencyHistogram>();
        auto handshakes = std::make_shared<LatencyHistogram>();
        for (int i = 1; i <= 2; ++i) {
            connects->record((half * 2 + i) * 100 * Us);
            handshakes->record((half * 2 + i) * 1000 * Us);
        }
        snapshot.intervalConnect = connects;
        snapshot.intervalHandshake = handshakes;
        snapshot.interval.tlsFull = half == 0 ? 2 : 1;
        snapshot.interval.tlsResumed = half == 0 ? 0 : 1;
        snapshot.interval.tlsErrors[size_t(TlsError::Verification)] = half;
        record.add(QStringLiteral("secure"), 100'000'000 * (half + 1), snapshot);
    }
    QTemporaryDir dir;
    QString error;
    const QString path = dir.filePath(QStringLiteral("summary.csv"));
    QVERIFY2(ReportWriter::writeSummary(record, path, &error), qPrintable(error));
    const auto rows = readCsv(path);
    const QStringList header = rows[0];
    auto cell = [&](const char *column) { return rows[1][header.indexOf(QLatin1String(column))]; };
    const PhaseRecord steady = record.aggregate(QStringLiteral("secure"), QStringLiteral("steady"));
    QCOMPARE(cell("connect_count"), QStringLiteral("4"));
    QCOMPARE(cell("connect_p50_us").toDouble(), double(steady.connect.valueAtPercentile(50)) / 1e3);
    QCOMPARE(cell("connect_max_us").toDouble(), double(steady.connect.max()) / 1e3);
    QCOMPARE(cell("handshake_count"), QStringLiteral("4"));
    QVERIFY(cell("handshake_p50_us").toDouble() > 1900 && cell("handshake_p50_us").toDouble() < 2100);
    QCOMPARE(cell("handshake_p99_us").toDouble(), double(steady.handshake.valueAtPercentile(99)) / 1e3);
    QCOMPARE(cell("tls_full_handshakes"), QStringLiteral("3"));
    QCOMPARE(cell("tls_resumed_handshakes"), QStringLiteral("1"));
    QCOMPARE(cell("tls_errors"), QStringLiteral("1"));
    QCOMPARE(steady.metric(QStringLiteral("tls_errors")), 1.0);
    QCOMPARE(steady.metric(QStringLiteral("handshake_p99_us")), double(steady.handshake.valueAtPercentile(99)) / 1e3);

    // A fleet without TLS leaves the handshake's figures empty, not zero.
    const QString plainPath = dir.filePath(QStringLiteral("plain.csv"));
    QVERIFY(ReportWriter::writeSummary(sampleRecord(), plainPath, &error));
    const auto plainRows = readCsv(plainPath);
    QCOMPARE(plainRows[2][header.indexOf(QLatin1String("handshake_count"))], QStringLiteral("0"));
    QCOMPARE(plainRows[2][header.indexOf(QLatin1String("handshake_p50_us"))], QString());

    const QString jsonPath = dir.filePath(QStringLiteral("run.json"));
    QVERIFY(ReportWriter::writeJson(record, ScenarioResult{}, {QStringLiteral("tls.json"), QStringLiteral("0.1.0")}, jsonPath, &error));
    QFile file(jsonPath);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QJsonObject all = QJsonDocument::fromJson(file.readAll()).object().value("fleets").toArray().first().toObject().value("all").toObject();
    QCOMPARE(all.value("handshake_us").toObject().value("max").toDouble(), double(steady.handshake.max()) / 1e3);
    QVERIFY(all.value("connect_us").toObject().value("p50").toDouble() > 0);
    QCOMPARE(all.value("counters").toObject().value("tls_resumed_handshakes").toInt(), 1);
}

void tst_ReportWriter::unwritablePlacesAreClearErrors()
{
    QTemporaryDir dir;
    const QString missing = dir.filePath(QStringLiteral("no/such/folder/report.csv"));
    QString error;
    QVERIFY(!ReportWriter::writeTimeSeries(sampleRecord(), missing, &error));
    QVERIFY2(error.startsWith(QStringLiteral("cannot write ") + missing + QStringLiteral(": ")), qPrintable(error));
    QVERIFY(!ReportWriter::writeSummary(sampleRecord(), missing, &error));
    QVERIFY(!ReportWriter::writeHgrm(RunRecord{}, dir.filePath(QStringLiteral("x.hgrm")), &error));
    QVERIFY2(error.contains(QLatin1String("no fleet has measured anything")), qPrintable(error));
    // A full disk, as far as this process can tell: a file size limit makes the
    // write fail part way (EFBIG), as ENOSPC would.
    const QString full = dir.filePath(QStringLiteral("full.csv"));
    bool written = true;
    {
        FileSizeLimit limit(64);
        QVERIFY(limit.isActive());
        written = ReportWriter::writeSummary(sampleRecord(), full, &error);
    }
    QVERIFY(!written);
    QVERIFY2(error.startsWith(QStringLiteral("cannot write ") + full + QStringLiteral(": ")), qPrintable(error));
    QVERIFY(QDir(dir.path()).entryList(QDir::Files).isEmpty()); // nothing half-written left behind
}

QTEST_APPLESS_MAIN(tst_ReportWriter)
#include "tst_reportwriter.moc"
