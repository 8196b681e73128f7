// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStringList>

/** `wirebench load ...`: a client fleet against a target, then its summary. */
int runLoadCommand(const QStringList &arguments);
