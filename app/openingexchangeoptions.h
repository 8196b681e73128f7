// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "fleet/fleetconfig.h"

#include <QString>
#include <QStringList>

/**
 * Reads `--hello`, `--hello-hex`, `--hello-expect`, `--hello-expect-hex`, `--goodbye`
 * and `--goodbye-hex` from the raw arguments, in the order given: an expect applies to
 * the hello right before it, which QCommandLineParser's per-option lists cannot tell.
 * Puts them into `config`; false with `error` naming the argument at fault.
 */
bool readOpeningExchangeOptions(const QStringList &arguments, NetCore::FleetConfig &config, QString *error);

/** The options' help lines, for QCommandLineParser (so it accepts them). */
QList<struct QCommandLineOption> openingExchangeOptions();
