// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "session/session.h"

#include <QCommandLineParser>
#include <QStringList>

/** What `wirebench run --processes N` was asked. */
struct RunAgentsPlan {
    QStringList arguments;   // the command's own, for the agents: without --processes and the reports
    int processes = 2;
    NetCore::Session session;
    QString sessionFile;
    QString outputDirectory; // where the session's report steps and the command line's reports go
};

/**
 * `wirebench run SESSION --processes N`: N agents each run the whole scenario with
 * their share of every fleet (--shard I/N) and the session's servers on shared ports
 * (SO_REUSEPORT), writing interval logs the parent follows for one live progress
 * line. At the end the parent merges the logs exactly and judges the run as one
 * process would: the checks on the merged figures, the session's report steps and the
 * command line's reports written from them, the fleets' totals printed. An agent that
 * fails ends the run at once (exit code 3, its status and last error, no figures).
 */
int runRunAgents(const QCommandLineParser &parser, const RunAgentsPlan &plan);
