// SPDX-License-Identifier: GPL-3.0-or-later
#include "messageoptions.h"

#include "fleet/messagetemplate.h"
#include "optionreader.h"
#include "text/httprequesttext.h"
#include "text/rediscommandtext.h"
#include "text/templatetext.h"

#include <QCommandLineParser>

using namespace NetCore;

QList<QCommandLineOption> messageOptions()
{
    return {
        {QStringLiteral("message"), QStringLiteral("Send this text (escapes: \\n \\t \\xHH \\\\; fields: {seq:dec} ...)."),
         QStringLiteral("TEXT")},
        {QStringLiteral("hex"), QStringLiteral("Send these bytes, written in hex."), QStringLiteral("HEX")},
        {QStringLiteral("messages"), QStringLiteral("Send the lines of FILE in turn (escapes allowed; '#' lines skipped)."),
         QStringLiteral("FILE")},
        {QStringLiteral("http"),
         QStringLiteral("Send this HTTP request: 'METHOD /path [BODY]' (framing http1; Host and Content-Length added). "
                        "Repeat to send several in turn."),
         QStringLiteral("REQUEST")},
        {QStringLiteral("header"), QStringLiteral("With --http or --ws-path: add this header, 'Name: value' (repeatable)."),
         QStringLiteral("HEADER")},
        {QStringLiteral("ws-path"),
         QStringLiteral("Open each connection with the WebSocket upgrade to this path (framing websocket); "
                        "then each message is a WebSocket message."),
         QStringLiteral("PATH")},
        {QStringLiteral("ws-binary"), QStringLiteral("With websocket framing: send binary messages (default text).")},
        {QStringLiteral("redis"),
         QStringLiteral("Send this Redis command, e.g. 'SET key:{rand:1-100000} {bytes:32}' (framing resp). "
                        "Repeat to send several in turn."),
         QStringLiteral("COMMAND")},
    };
}

Framing impliedFraming(const QCommandLineParser &parser, Framing fallback)
{
    if (parser.isSet(QStringLiteral("http")))
        return Framing::Http1;
    if (parser.isSet(QStringLiteral("redis")))
        return Framing::Resp;
    if (parser.isSet(QStringLiteral("ws-path")))
        return Framing::WebSocket;
    return fallback;
}

void readMessageOptions(const QCommandLineParser &parser, OptionReader &options, FleetConfig &config)
{
    const QStringList kinds{QStringLiteral("message"), QStringLiteral("hex"), QStringLiteral("messages"),
                            QStringLiteral("http"), QStringLiteral("redis")};
    const auto given = std::count_if(kinds.begin(), kinds.end(), [&](const QString &kind) { return parser.isSet(kind); });
    if (given > 1)
        options.fail(QStringLiteral("--message, --hex, --messages, --http and --redis exclude each other"));
    if (given > 0 && (parser.isSet(QStringLiteral("payload")) || parser.isSet(QStringLiteral("random"))))
        options.fail(QStringLiteral("--payload and --random describe a generated payload; not with a message"));
    if (parser.isSet(QStringLiteral("header")) && !parser.isSet(QStringLiteral("http")) && !parser.isSet(QStringLiteral("ws-path")))
        options.fail(QStringLiteral("--header goes with --http or --ws-path"));
    if (parser.isSet(QStringLiteral("ws-path"))) {
        const QString path = parser.value(QStringLiteral("ws-path"));
        if (!path.startsWith(QLatin1Char('/')) || path.contains(QLatin1Char(' ')))
            options.fail(QStringLiteral("--ws-path: '%1' must start with / and hold no space").arg(path));
        config.webSocket.path = path.toUtf8();
        for (const QString &header : parser.values(QStringLiteral("header"))) {
            if (header.indexOf(QLatin1Char(':')) <= 0 || header.contains(QLatin1Char('\r')) || header.contains(QLatin1Char('\n')))
                options.fail(QStringLiteral("--header '%1' is not 'Name: value'").arg(header));
            config.webSocket.headers.append(header.toUtf8());
        }
    }
    config.webSocket.binary = parser.isSet(QStringLiteral("ws-binary"));
    QString why;
    if (parser.isSet(QStringLiteral("message"))) {
        if (const auto text = TemplateText::parseText(parser.value(QStringLiteral("message")), &why))
            config.messages = {*text};
        else
            options.fail(QStringLiteral("--message: ") + why);
    } else if (parser.isSet(QStringLiteral("hex"))) {
        if (const auto bytes = TemplateText::parseHex(parser.value(QStringLiteral("hex")), &why))
            config.messages = {*bytes};
        else
            options.fail(QStringLiteral("--hex: ") + why);
    } else if (parser.isSet(QStringLiteral("messages"))) {
        if (const auto file = MessageTemplate::readMessagesFile(parser.value(QStringLiteral("messages")), &why))
            config.messages = *file;
        else
            options.fail(QStringLiteral("--messages: ") + why);
    } else if (parser.isSet(QStringLiteral("http"))) {
        const QStringList headers = parser.values(QStringLiteral("header"));
        for (const QString &request : parser.values(QStringLiteral("http"))) {
            if (const auto stored = HttpRequestText::build(request, headers, &why))
                config.messages.append(*stored);
            else
                options.fail(QStringLiteral("--http '%1': %2").arg(request, why));
        }
    } else if (parser.isSet(QStringLiteral("redis"))) {
        for (const QString &command : parser.values(QStringLiteral("redis"))) {
            if (const auto stored = RedisCommandText::build(command, &why))
                config.messages.append(*stored);
            else
                options.fail(QStringLiteral("--redis '%1': %2").arg(command, why));
        }
    }
}
