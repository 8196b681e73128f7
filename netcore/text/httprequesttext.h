// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>
#include <QStringList>
#include <QStringView>

#include <optional>

/**
 * HTTP/1.1 requests as people write them ("GET /items/{rand:1-1000}", headers
 * "Accept: text/plain") to the stored template form http1 fleets send. Fields and
 * escapes are allowed in the path, the header values and the body; the codec adds
 * Content-Length, and a fleet adds Host from its target (withHost()).
 */
namespace NetCore::HttpRequestText {

/**
 * The request "METHOD PATH [BODY]" with `headers` ("Name: value" each), stored;
 * nullopt with `error` naming what was wrong.
 */
std::optional<QByteArray> build(QStringView request, const QStringList &headers, QString *error = nullptr);

/** `stored` (a request) with "Host: `host`" after its request line, unless it has a Host already. */
QByteArray withHost(const QByteArray &stored, QByteArrayView host);

/** True if `stored` is a HEAD request (its response has no body). */
bool isHead(QByteArrayView stored);

} // namespace NetCore::HttpRequestText
