// SPDX-License-Identifier: GPL-3.0-or-later
#include "validatecommand.h"

#include "exitcodes.h"

#include "session/sessionfile.h"

#include <QCommandLineParser>
#include <QTextStream>

using namespace NetCore;

int runValidateCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Reads a session file and reports every problem in it at once "
                                                    "(file, JSON path, what was expected). Runs nothing. "
                                                    "Exit code 0 when the file is valid, 2 when it is not."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("validate"), QStringLiteral("The command."));
    parser.addPositionalArgument(QStringLiteral("SESSION.json"), QStringLiteral("The session file."));
    QTextStream err(stderr);
    if (!parser.parse(arguments)) {
        err << "wirebench validate: " << parser.errorText() << '\n';
        return ExitBadInput;
    }
    if (parser.isSet(QStringLiteral("help")))
        parser.showHelp(ExitSuccess);
    const QStringList files = parser.positionalArguments().mid(1);
    if (files.size() != 1) {
        err << "wirebench validate: expected one session file, got " << files.size() << '\n';
        return ExitBadInput;
    }
    QStringList errors;
    const auto session = SessionFile::load(files.first(), &errors);
    if (!session) {
        for (const QString &error : std::as_const(errors))
            err << error << '\n';
        err << "wirebench validate: " << errors.size() << (errors.size() == 1 ? " problem" : " problems") << '\n';
        return ExitBadInput;
    }
    QTextStream(stdout) << files.first() << ": valid: " << session->servers.size() << " servers, "
                        << (session->proxies.isEmpty() ? QString() : QStringLiteral("%1 proxies, ").arg(session->proxies.size()))
                        << session->fleets.size() << " fleets, " << session->templates.size() << " templates, "
                        << session->scenario.size() << " steps\n";
    return ExitSuccess;
}
