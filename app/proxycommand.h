// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStringList>

/** `wirebench proxy --upstream HOST:PORT ...`: a TCP proxy until SIGINT/SIGTERM or --duration. */
int runProxyCommand(const QStringList &arguments);
