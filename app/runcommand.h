// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStringList>

/** `wirebench run SESSION.json ...`: runs a session's scenario without a window. */
int runRunCommand(const QStringList &arguments);
