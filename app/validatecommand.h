// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStringList>

/** `wirebench validate SESSION.json`: reads a session file and reports every problem; runs nothing. */
int runValidateCommand(const QStringList &arguments);
