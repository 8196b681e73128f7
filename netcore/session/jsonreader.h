// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>
#include <QStringList>

#include <initializer_list>

namespace NetCore {

/**
 * Reads typed values out of parsed JSON and collects every problem, each with its
 * JSON path ("fleets[2].schedule.rate") and what was expected, instead of stopping
 * at the first. A missing optional key gives the default without complaint; a value
 * of the wrong type or range gives the default and an error.
 */
class JsonReader
{
public:
    /** Reports `object`'s keys that are not in `known`: a typo must never pass silently. */
    void onlyKeys(const QJsonObject &object, const QString &path, std::initializer_list<const char *> known);

    bool has(const QJsonObject &object, const char *key) const { return object.contains(QLatin1String(key)); }

    QString string(const QJsonObject &object, const QString &path, const char *key, const QString &fallback = {},
                   bool required = false);
    double number(const QJsonObject &object, const QString &path, const char *key, double minimum, double maximum,
                  double fallback, bool required = false);
    qint64 integer(const QJsonObject &object, const QString &path, const char *key, qint64 minimum, qint64 maximum,
                   qint64 fallback, bool required = false);
    bool boolean(const QJsonObject &object, const QString &path, const char *key, bool fallback);
    QJsonArray array(const QJsonObject &object, const QString &path, const char *key);
    QStringList strings(const QJsonObject &object, const QString &path, const char *key);
    /** An object at `value` (reported if it is not one). */
    QJsonObject object(const QJsonValue &value, const QString &path);

    void error(const QString &path, const QString &message);
    QStringList errors() const { return m_errors; }
    bool ok() const { return m_errors.isEmpty(); }

    static QString join(const QString &path, const char *key);
    static QString index(const QString &path, qsizetype i) { return path + QStringLiteral("[%1]").arg(i); }

private:
    static QString typeName(const QJsonValue &value);
    QStringList m_errors;
};

} // namespace NetCore
