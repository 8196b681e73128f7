// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "capture/capture.h"

#include <QByteArray>
#include <QString>

#include <optional>

/**
 * The capture format (docs/capture-format.md): JSON Lines, a header line then one line
 * per event, bytes in base64. Written a line at a time by proxies' I/O threads, read
 * whole by `load --replay` and the window.
 */
namespace NetCore::CaptureFile {

inline constexpr char Format[] = "wirebench-capture";
inline constexpr int Version = 1;

QByteArray headerLine(const Capture &capture);
QByteArray eventLine(const CaptureEvent &event);
/** The line that ends a capture cut short by its size limit. */
QByteArray limitLine(qint64 timeNs);

/** A capture's text read whole; nullopt with the reason (naming its line). */
std::optional<Capture> parse(const QByteArray &text, QString *error);
std::optional<Capture> load(const QString &path, QString *error);

} // namespace NetCore::CaptureFile
