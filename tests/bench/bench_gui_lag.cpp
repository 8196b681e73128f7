// SPDX-License-Identifier: GPL-3.0-or-later
// The window's GUI thread under load: how late a 10 ms timer fires on it while a
// fleet of many clients runs at full speed and the charts, tables and status bar
// draw its snapshots. The same measurement with the window idle is the baseline.
//
//   bench_gui_lag --target 127.0.0.1:PORT [--connections 10000] [--seconds 10]
//
// Run it against a server in another process (each connection needs a descriptor
// on both ends); with QT_QPA_PLATFORM=offscreen or under xvfb-run. Prints JSON.
#include "mainwindow.h"

#include "fleet/clientfleet.h"
#include "metrics/latencyhistogram.h"
#include "session/sessionfile.h"

#include <QApplication>
#include <QFile>
#include <QTemporaryDir>
#include <QElapsedTimer>
#include <QTimer>

#include <cstdio>

namespace {

struct Lag {
    qint64 p50Ns = 0, p99Ns = 0, maxNs = 0;
    quint64 samples = 0;
};

// Runs the event loop for `seconds`, a 10 ms timer measuring how late it fires.
Lag measure(double seconds)
{
    NetCore::LatencyHistogram lateness;
    QElapsedTimer clock;
    clock.start();
    qint64 expected = 10'000'000;
    QTimer tick;
    tick.setTimerType(Qt::PreciseTimer);
    tick.setInterval(10);
    QObject::connect(&tick, &QTimer::timeout, [&] {
        const qint64 now = clock.nsecsElapsed();
        lateness.record(std::max<qint64>(0, now - expected));
        expected = now + 10'000'000;
    });
    tick.start();
    QEventLoop loop;
    QTimer::singleShot(qint64(seconds * 1000), &loop, &QEventLoop::quit);
    loop.exec();
    return Lag{lateness.valueAtPercentile(50), lateness.valueAtPercentile(99), lateness.max(), lateness.totalCount()};
}

} // namespace

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    QString target;
    int connections = 10000;
    double seconds = 10;
    const QStringList arguments = app.arguments();
    for (qsizetype i = 1; i + 1 < arguments.size(); i += 2) {
        if (arguments[i] == QLatin1String("--target"))
            target = arguments[i + 1];
        else if (arguments[i] == QLatin1String("--connections"))
            connections = arguments[i + 1].toInt();
        else if (arguments[i] == QLatin1String("--seconds"))
            seconds = arguments[i + 1].toDouble();
    }
    if (target.isEmpty() || connections < 1 || seconds <= 0) {
        std::fprintf(stderr, "bench_gui_lag --target HOST:PORT [--connections N] [--seconds S]\n");
        return 2;
    }
    const QByteArray json = QStringLiteral(R"({"format": "wirebench-session", "version": 1,
        "fleets": [{"name": "crowd", "target": "%1", "connections": %2, "framing": "len4be",
                    "connect_timeout_ms": 60000, "schedule": {"window": 1}}],
        "scenario": [{"step": "connect", "fleet": "crowd"}, {"step": "wait", "until": "connected", "fleet": "crowd", "timeout_s": 120},
                     {"step": "hold", "seconds": %3}]})")
                                .arg(target)
                                .arg(connections)
                                .arg(seconds + 600)
                                .toUtf8();
    QStringList errors;
    const auto session = NetCore::SessionFile::parse(json, QStringLiteral("bench"), &errors);
    if (!session) {
        std::fprintf(stderr, "%s\n", qPrintable(errors.join(QLatin1Char('\n'))));
        return 2;
    }
    Gui::MainWindow window;
    window.resize(1300, 720);
    window.show();
    const Lag idle = measure(seconds / 2);

    // The same window, now with the fleet running and every panel drawing it.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("bench.json"));
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(json) != json.size())
        return 3;
    file.close();
    if (!window.openSession(path, true))
        return 3;
    window.runScenario();
    // Wait for the connects, then measure while it runs at full speed.
    QElapsedTimer waited;
    waited.start();
    while (waited.elapsed() < 120'000) {
        QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
        const NetCore::ClientFleet *fleet = window.engine().fleet(QStringLiteral("crowd"));
        if (fleet && fleet->lastSnapshot().total.connectionsOpen() >= connections)
            break;
    }
    const NetCore::ClientFleet *fleet = window.engine().fleet(QStringLiteral("crowd"));
    const quint64 before = fleet ? fleet->lastSnapshot().total.received : 0;
    const Lag loaded = measure(seconds);
    const quint64 after = fleet ? fleet->lastSnapshot().total.received : 0;
    const qint64 open = fleet ? fleet->lastSnapshot().total.connectionsOpen() : 0;
    window.stopScenario();
    QEventLoop settle;
    QObject::connect(&window, &Gui::MainWindow::scenarioFinished, &settle, &QEventLoop::quit);
    QTimer::singleShot(20000, &settle, &QEventLoop::quit);
    if (window.isRunning())
        settle.exec();
    std::printf("{\"connections_open\":%lld,\"replies_per_s\":%.0f,"
                "\"idle_lag_ms\":{\"p50\":%.3f,\"p99\":%.3f,\"max\":%.3f},"
                "\"loaded_lag_ms\":{\"p50\":%.3f,\"p99\":%.3f,\"max\":%.3f}}\n",
                qlonglong(open), double(after - before) / seconds, double(idle.p50Ns) / 1e6, double(idle.p99Ns) / 1e6,
                double(idle.maxNs) / 1e6, double(loaded.p50Ns) / 1e6, double(loaded.p99Ns) / 1e6,
                double(loaded.maxNs) / 1e6);
    return 0;
}
