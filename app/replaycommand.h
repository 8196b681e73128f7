// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStringList>

/** `wirebench load --replay CAPTURE --target HOST:PORT ...`: a recorded conversation played from many clients. */
int runReplayCommand(const QStringList &arguments);
