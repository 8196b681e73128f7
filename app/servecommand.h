// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStringList>

/** `wirebench serve ...`: a test server until SIGINT/SIGTERM or --duration. */
int runServeCommand(const QStringList &arguments);
