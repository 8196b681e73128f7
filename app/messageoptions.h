// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "fleet/fleetconfig.h"

#include <QCommandLineOption>
#include <QList>

class OptionReader;
class QCommandLineParser;

/**
 * What `wirebench load` sends: --message, --hex, --messages (a file), --http with
 * --header (HTTP requests), --redis (Redis commands); at most one kind. --http and
 * --redis may be repeated (sent in turn) and choose their framing unless --framing
 * says otherwise.
 */
QList<QCommandLineOption> messageOptions();

/** The framing the message options imply (http1 for --http, resp for --redis), else `fallback`. */
NetCore::Framing impliedFraming(const QCommandLineParser &parser, NetCore::Framing fallback);

/** Puts the messages into `config`; a bad value goes to `options`. */
void readMessageOptions(const QCommandLineParser &parser, OptionReader &options, NetCore::FleetConfig &config);
