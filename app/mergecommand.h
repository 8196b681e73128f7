// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStringList>

/** `wirebench merge A.hlog B.hlog ...`: merges interval logs (shards of one run) into one run's reports. */
int runMergeCommand(const QStringList &arguments);
