// SPDX-License-Identifier: GPL-3.0-or-later
// The wirebench executable: the window by default, headless commands on a
// QCoreApplication. Only argument parsing and wiring live here.

#include "exitcodes.h"
#include "loadcommand.h"
#include "mergecommand.h"
#include "runcommand.h"
#include "proxycommand.h"
#include "replaycommand.h"
#include "servecommand.h"
#include "validatecommand.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QTextStream>
#include <QTimer>

#ifdef WIREBENCH_HAS_UI
#include "frameworkbench.h"
#include "mainwindow.h"
#include "proxiespanel.h"

#include <QApplication>
#endif

#include <algorithm>
#include <cstdio>
#include <cstdlib>

namespace {

void setApplicationIdentity()
{
    QCoreApplication::setApplicationName(QStringLiteral("wirebench"));
    QCoreApplication::setOrganizationName(QStringLiteral("Wirebench"));
    QCoreApplication::setApplicationVersion(QStringLiteral(WIREBENCH_VERSION));
}

#ifdef WIREBENCH_HAS_UI
// A Qt platform-plugin abort is no way to learn there is no display: say it in one line.
bool displayAvailable()
{
    const QByteArray platform = qgetenv("QT_QPA_PLATFORM");
    if (!platform.isEmpty() && !platform.startsWith("xcb") && !platform.startsWith("wayland"))
        return true;
    return !qgetenv("DISPLAY").isEmpty() || !qgetenv("WAYLAND_DISPLAY").isEmpty();
}
#endif

int runWindow(int argc, char **argv)
{
#ifdef WIREBENCH_HAS_UI
    if (!displayAvailable()) {
        const char *self = argc > 0 ? argv[0] : "wirebench";
        std::fprintf(stderr,
                     "wirebench: no display (DISPLAY and WAYLAND_DISPLAY are unset): run the window under "
                     "`xvfb-run -a %s --demo`, or use the headless commands in `%s --help`\n",
                     self, self);
        return EXIT_FAILURE;
    }
    QApplication app(argc, argv);
    setApplicationIdentity();
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Wirebench: a test bench for client/server sessions."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption demo(QStringLiteral("demo"), QStringLiteral("Open the built-in demo session."));
    const QCommandLineOption run(QStringLiteral("run"), QStringLiteral("Run the session's scenario at once."));
    const QCommandLineOption api(QStringLiteral("api"),
                                 QStringLiteral("Serve Toxiproxy's HTTP API over the session's proxies (Toxiproxy's port is 8474)."),
                                 QStringLiteral("HOST:PORT"));
    parser.addOption(demo);
    parser.addOption(run);
    parser.addOption(api);
    parser.addPositionalArgument(QStringLiteral("SESSION.json"),
                                 QStringLiteral("A session file to open, interval logs (*.hlog) to open as one run's results, or a "
                                                "proxy's capture (*.jsonl) to read and replay."));
    parser.process(app);

    Gui::MainWindow window;
    const QStringList files = parser.positionalArguments();
    const bool results = !files.isEmpty()
        && std::all_of(files.begin(), files.end(), [](const QString &file) { return file.endsWith(QLatin1String(".hlog")); });
    if (results) {
        window.openResults(files);
    } else if (files.size() == 1 && files.first().endsWith(QLatin1String(".jsonl"))) {
        QString why;
        if (!window.openCapture(files.first(), &why))
            std::fprintf(stderr, "wirebench: %s\n", qPrintable(why));
    } else if (!files.isEmpty()) {
        window.openSession(files.first());
    } else if (parser.isSet(demo)) {
        window.openDemo();
        window.frameWorkbench()->loadDemo();
    }
    window.show();
    if (parser.isSet(api)) {
        if (const QString why = window.proxiesPanel()->serveApi(parser.value(api)); !why.isEmpty()) {
            std::fprintf(stderr, "wirebench: %s\n", qPrintable(why));
            return ExitBadInput;
        }
    }
    if (parser.isSet(run))
        QTimer::singleShot(0, &window, &Gui::MainWindow::runScenario);
    return app.exec();
#else
    Q_UNUSED(argc);
    Q_UNUSED(argv);
    std::fputs("wirebench: this build has no window (WIREBENCH_BUILD_UI=OFF); see `wirebench --help`\n", stderr);
    return EXIT_FAILURE;
#endif
}

// --help and --version need no display, so they are answered before any window.
int runHeadlessInfo(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    setApplicationIdentity();
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Wirebench: a test bench for client/server sessions.\n\n"
                       "Without arguments it opens the window; --demo opens it on the built-in demo session\n"
                       "(--run runs its scenario at once; --api HOST:PORT serves Toxiproxy's HTTP API over its proxies);\n"
                       "a SESSION.json argument opens that file, interval logs\n"
                       "(A.hlog B.hlog ...) open as the results of one run.\n\n"
                       "Headless commands (each has --help):\n"
                       "  wirebench serve [--port N] [--framing F] ...   run a test server\n"
                       "  wirebench load --target HOST:PORT ...         run a client fleet against a server\n"
                       "  wirebench proxy --upstream HOST:PORT ...      stand between real clients and a real server\n"
                       "  wirebench load --replay CAPTURE ...          play a proxy's recording from many clients\n"
                       "  wirebench run SESSION.json [--report F.csv] ...  run a session's scenario\n"
                       "  wirebench merge A.hlog B.hlog ... [--json F] ...  merge interval logs into one run's reports\n"
                       "  wirebench validate SESSION.json               check a session file, run nothing"));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addOption(QCommandLineOption(QStringLiteral("demo"), QStringLiteral("Open the window on the built-in demo.")));
    if (!parser.parse(app.arguments())) {
        QTextStream(stderr) << "wirebench: " << parser.errorText() << '\n';
        return ExitBadInput;
    }
    if (parser.isSet(QStringLiteral("version")))
        parser.showVersion();
    parser.showHelp(EXIT_SUCCESS);
}

// The headless commands run on a QCoreApplication: no display, no widgets.
int runHeadlessCommand(int argc, char **argv, int (*command)(const QStringList &))
{
    QCoreApplication app(argc, argv);
    setApplicationIdentity();
    return command(app.arguments());
}

} // namespace

int main(int argc, char **argv)
{
    if (argc > 1) {
        const QByteArray command(argv[1]);
        if (command == "serve")
            return runHeadlessCommand(argc, argv, runServeCommand);
        if (command == "load") {
            // A replay is a load of its own kind: recorded conversations, not generated messages.
            for (int i = 2; i < argc; ++i) {
                if (QByteArray(argv[i]) == "--replay" || QByteArray(argv[i]).startsWith("--replay="))
                    return runHeadlessCommand(argc, argv, runReplayCommand);
            }
            return runHeadlessCommand(argc, argv, runLoadCommand);
        }
        if (command == "proxy")
            return runHeadlessCommand(argc, argv, runProxyCommand);
        if (command == "run")
            return runHeadlessCommand(argc, argv, runRunCommand);
        if (command == "merge")
            return runHeadlessCommand(argc, argv, runMergeCommand);
        if (command == "validate")
            return runHeadlessCommand(argc, argv, runValidateCommand);
    }
    for (int i = 1; i < argc; ++i) {
        const QByteArray argument(argv[i]);
        if (argument == "--help" || argument == "-h" || argument == "--version" || argument == "-v"
            || argument == "--help-all")
            return runHeadlessInfo(argc, argv);
    }
    return runWindow(argc, argv);
}
