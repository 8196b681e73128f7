// SPDX-License-Identifier: GPL-3.0-or-later
#include "session/jsonreader.h"

#include <cmath>

namespace NetCore {

QString JsonReader::join(const QString &path, const char *key)
{
    return path.isEmpty() ? QLatin1String(key) : path + QLatin1Char('.') + QLatin1String(key);
}

QString JsonReader::typeName(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Null: return QStringLiteral("null");
    case QJsonValue::Bool: return QStringLiteral("a boolean");
    case QJsonValue::Double: return QStringLiteral("a number");
    case QJsonValue::String: return QStringLiteral("a string");
    case QJsonValue::Array: return QStringLiteral("an array");
    case QJsonValue::Object: return QStringLiteral("an object");
    case QJsonValue::Undefined: break;
    }
    return QStringLiteral("nothing");
}

void JsonReader::error(const QString &path, const QString &message)
{
    m_errors.append(path.isEmpty() ? message : path + QStringLiteral(": ") + message);
}

void JsonReader::onlyKeys(const QJsonObject &object, const QString &path, std::initializer_list<const char *> known)
{
    for (auto it = object.begin(); it != object.end(); ++it) {
        bool found = false;
        for (const char *key : known)
            found = found || it.key() == QLatin1String(key);
        if (!found) {
            QStringList names;
            for (const char *key : known)
                names << QLatin1String(key);
            error(path.isEmpty() ? it.key() : path + QLatin1Char('.') + it.key(),
                  QStringLiteral("unknown key (expected one of: %1)").arg(names.join(QStringLiteral(", "))));
        }
    }
}

QString JsonReader::string(const QJsonObject &object, const QString &path, const char *key, const QString &fallback,
                           bool required)
{
    const QJsonValue value = object.value(QLatin1String(key));
    if (value.isUndefined()) {
        if (required)
            error(join(path, key), QStringLiteral("missing (a string is required)"));
        return fallback;
    }
    if (!value.isString()) {
        error(join(path, key), QStringLiteral("expected a string, found %1").arg(typeName(value)));
        return fallback;
    }
    return value.toString();
}

double JsonReader::number(const QJsonObject &object, const QString &path, const char *key, double minimum,
                          double maximum, double fallback, bool required)
{
    const QJsonValue value = object.value(QLatin1String(key));
    if (value.isUndefined()) {
        if (required)
            error(join(path, key), QStringLiteral("missing (a number is required)"));
        return fallback;
    }
    if (!value.isDouble()) {
        error(join(path, key), QStringLiteral("expected a number, found %1").arg(typeName(value)));
        return fallback;
    }
    const double number = value.toDouble();
    if (!std::isfinite(number) || number < minimum || number > maximum) {
        error(join(path, key), QStringLiteral("expected a number from %1 to %2, found %3")
                                   .arg(minimum, 0, 'g', 12)
                                   .arg(maximum, 0, 'g', 12)
                                   .arg(number, 0, 'g', 12));
        return fallback;
    }
    return number;
}

qint64 JsonReader::integer(const QJsonObject &object, const QString &path, const char *key, qint64 minimum,
                           qint64 maximum, qint64 fallback, bool required)
{
    const QJsonValue value = object.value(QLatin1String(key));
    if (value.isUndefined()) {
        if (required)
            error(join(path, key), QStringLiteral("missing (a whole number is required)"));
        return fallback;
    }
    const double number = value.toDouble();
    if (!value.isDouble() || number != std::floor(number)) {
        error(join(path, key), QStringLiteral("expected a whole number, found %1")
                                   .arg(value.isDouble() ? QString::number(number, 'g', 12) : typeName(value)));
        return fallback;
    }
    if (number < double(minimum) || number > double(maximum)) {
        error(join(path, key),
              QStringLiteral("expected a whole number from %1 to %2, found %3").arg(minimum).arg(maximum).arg(number, 0, 'f', 0));
        return fallback;
    }
    return qint64(number);
}

bool JsonReader::boolean(const QJsonObject &object, const QString &path, const char *key, bool fallback)
{
    const QJsonValue value = object.value(QLatin1String(key));
    if (value.isUndefined())
        return fallback;
    if (!value.isBool()) {
        error(join(path, key), QStringLiteral("expected true or false, found %1").arg(typeName(value)));
        return fallback;
    }
    return value.toBool();
}

QJsonArray JsonReader::array(const QJsonObject &object, const QString &path, const char *key)
{
    const QJsonValue value = object.value(QLatin1String(key));
    if (value.isUndefined())
        return {};
    if (!value.isArray()) {
        error(join(path, key), QStringLiteral("expected an array, found %1").arg(typeName(value)));
        return {};
    }
    return value.toArray();
}

QStringList JsonReader::strings(const QJsonObject &object, const QString &path, const char *key)
{
    QStringList out;
    const QJsonArray items = array(object, path, key);
    for (qsizetype i = 0; i < items.size(); ++i) {
        if (items[i].isString())
            out << items[i].toString();
        else
            error(index(join(path, key), i), QStringLiteral("expected a string, found %1").arg(typeName(items[i])));
    }
    return out;
}

QJsonObject JsonReader::object(const QJsonValue &value, const QString &path)
{
    if (!value.isObject()) {
        error(path, QStringLiteral("expected an object, found %1").arg(typeName(value)));
        return {};
    }
    return value.toObject();
}

} // namespace NetCore
