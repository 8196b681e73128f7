// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStringList>

/**
 * `wirebench load --processes N ...`: N agent processes each run their share
 * (--shard I/N) of the fleet; their interval logs are merged exactly into one summary,
 * printed as one process prints it (text, or JSON with --json), with each agent's peak
 * memory and the memory per connection. An agent that fails ends the run at once with
 * exit code 3, its exit status and last error, and no figures. `arguments` are the
 * command's own, without --processes.
 */
int runLoadAgents(const QStringList &arguments, int processes, int connections, bool json);
