// SPDX-License-Identifier: GPL-3.0-or-later
#include "capture/capturefile.h"

#include "text/fieldtemplate.h"
#include "text/templatetext.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>

#include <map>

namespace NetCore::CaptureFile {

namespace {

QByteArray line(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact) + '\n';
}

const char *kindName(CaptureEvent::Kind kind)
{
    switch (kind) {
    case CaptureEvent::Kind::Open: return "open";
    case CaptureEvent::Kind::Up: return "up";
    case CaptureEvent::Kind::Down: return "down";
    case CaptureEvent::Kind::Close: return "close";
    }
    return "";
}

} // namespace

QByteArray headerLine(const Capture &capture)
{
    QJsonObject object{{QStringLiteral("format"), QLatin1String(Format)},
                       {QStringLiteral("version"), Version},
                       {QStringLiteral("listen"), capture.listen},
                       {QStringLiteral("upstream"), capture.upstream},
                       {QStringLiteral("started_utc"), capture.startedUtc}};
    if (capture.framing)
        object.insert(QStringLiteral("framing"), framingName(*capture.framing));
    return line(object);
}

QByteArray eventLine(const CaptureEvent &event)
{
    QJsonObject object{{QStringLiteral("c"), double(event.connection)},
                       {QStringLiteral("t"), double(event.timeNs)},
                       {QStringLiteral("e"), QLatin1String(kindName(event.kind))}};
    if ((event.kind == CaptureEvent::Kind::Up || event.kind == CaptureEvent::Kind::Down) && !event.fieldTemplate.isEmpty())
        object.insert(QStringLiteral("template"), TemplateText::format(event.fieldTemplate, TemplateText::Style::Escaped));
    else if (event.kind == CaptureEvent::Kind::Up || event.kind == CaptureEvent::Kind::Down)
        object.insert(QStringLiteral("b"), QString::fromLatin1(event.bytes.toBase64()));
    if (event.kind == CaptureEvent::Kind::Open)
        object.insert(QStringLiteral("peer"), event.peer);
    return line(object);
}

QByteArray limitLine(qint64 timeNs)
{
    return line(QJsonObject{{QStringLiteral("t"), double(timeNs)}, {QStringLiteral("e"), QStringLiteral("limit")}});
}

std::optional<Capture> parse(const QByteArray &text, QString *error)
{
    auto fail = [&](qsizetype lineNumber, const QString &why) -> std::optional<Capture> {
        if (error)
            *error = QStringLiteral("line %1: %2").arg(lineNumber).arg(why);
        return std::nullopt;
    };
    const QList<QByteArray> lines = text.split('\n');
    Capture capture;
    std::map<quint64, qsizetype> indexOf; // connection → its conversation
    for (qsizetype i = 0; i < lines.size(); ++i) {
        if (lines[i].trimmed().isEmpty())
            continue;
        QJsonParseError parseError;
        const QJsonDocument document = QJsonDocument::fromJson(lines[i], &parseError);
        if (parseError.error != QJsonParseError::NoError || !document.isObject())
            return fail(i + 1, QStringLiteral("not a JSON object (%1)").arg(parseError.errorString()));
        const QJsonObject object = document.object();
        if (i == 0) {
            if (object.value(QStringLiteral("format")).toString() != QLatin1String(Format))
                return fail(1, QStringLiteral("not a Wirebench capture (its first line has no \"format\": \"%1\")").arg(QLatin1String(Format)));
            if (object.value(QStringLiteral("version")).toInt() != Version)
                return fail(1, QStringLiteral("version %1 is not one this Wirebench reads (%2)")
                                   .arg(object.value(QStringLiteral("version")).toVariant().toString())
                                   .arg(Version));
            if (object.contains(QStringLiteral("framing"))) {
                QString why;
                capture.framing = parseFraming(object.value(QStringLiteral("framing")).toString(), &why);
                if (!capture.framing)
                    return fail(1, why);
            }
            capture.listen = object.value(QStringLiteral("listen")).toString();
            capture.upstream = object.value(QStringLiteral("upstream")).toString();
            capture.startedUtc = object.value(QStringLiteral("started_utc")).toString();
            continue;
        }
        const QString kind = object.value(QStringLiteral("e")).toString();
        if (kind == QLatin1String("limit")) {
            capture.truncated = true;
            continue;
        }
        const double connection = object.value(QStringLiteral("c")).toDouble(-1);
        const double time = object.value(QStringLiteral("t")).toDouble(-1);
        if (connection < 0 || connection > 9e15 || time < 0 || time > 9e18)
            return fail(i + 1, QStringLiteral("an event needs a connection \"c\" and a time \"t\", both 0 or more"));
        CaptureEvent event;
        event.connection = quint64(connection);
        event.timeNs = qint64(time);
        if (kind == QLatin1String("open"))
            event.kind = CaptureEvent::Kind::Open;
        else if (kind == QLatin1String("up"))
            event.kind = CaptureEvent::Kind::Up;
        else if (kind == QLatin1String("down"))
            event.kind = CaptureEvent::Kind::Down;
        else if (kind == QLatin1String("close"))
            event.kind = CaptureEvent::Kind::Close;
        else
            return fail(i + 1, QStringLiteral("unknown event \"%1\" (expected open, up, down, close or limit)").arg(kind));
        auto [it, isNew] = indexOf.try_emplace(event.connection, capture.conversations.size());
        if (isNew)
            capture.conversations.append(Conversation{event.connection, {}, {}});
        Conversation &conversation = capture.conversations[it->second];
        if (event.kind == CaptureEvent::Kind::Open) {
            conversation.peer = object.value(QStringLiteral("peer")).toString();
        } else if (event.kind != CaptureEvent::Kind::Close && object.contains(QStringLiteral("template"))) {
            // Marked by the user: text with escapes and fields ({seq:dec}, {conn:dec}, ...), filled on replay.
            QString why;
            const auto stored = TemplateText::parseText(object.value(QStringLiteral("template")).toString(), &why);
            if (!stored || stored->isEmpty())
                return fail(i + 1, QStringLiteral("\"template\": %1").arg(stored ? QStringLiteral("empty") : why));
            // A handful of characters may ask for gigabytes ({bytes:1048576} many times): refused.
            constexpr qsizetype MaxTemplateBytes = 16 * 1024 * 1024;
            if (FieldTemplate::compile(*stored).maxSize() > MaxTemplateBytes)
                return fail(i + 1, QStringLiteral("\"template\" can make more than %1 bytes").arg(MaxTemplateBytes));
            event.fieldTemplate = *stored;
            FieldValues values;
            FieldRandom random;
            values.random = &random;
            FieldTemplate::compile(*stored).render(values, event.bytes); // as the traffic log shows it
            conversation.events.append(event);
        } else if (event.kind == CaptureEvent::Kind::Up || event.kind == CaptureEvent::Kind::Down) {
            const QByteArray base64 = object.value(QStringLiteral("b")).toString().toLatin1();
            auto decoded = QByteArray::fromBase64Encoding(base64, QByteArray::AbortOnBase64DecodingErrors);
            if (!decoded)
                return fail(i + 1, QStringLiteral("\"b\" is not base64"));
            event.bytes = *decoded;
            conversation.events.append(event);
        }
    }
    if (lines.isEmpty() || lines.first().trimmed().isEmpty())
        return fail(1, QStringLiteral("empty: a capture starts with its header line"));
    return capture;
}

std::optional<Capture> load(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        if (error)
            *error = QStringLiteral("%1: %2").arg(path, file.errorString());
        return std::nullopt;
    }
    QString why;
    auto capture = parse(file.readAll(), &why);
    if (!capture && error)
        *error = QStringLiteral("%1: %2").arg(path, why);
    return capture;
}

} // namespace NetCore::CaptureFile
