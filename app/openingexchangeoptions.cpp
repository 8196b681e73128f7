// SPDX-License-Identifier: GPL-3.0-or-later
#include "openingexchangeoptions.h"

#include "text/escapedtext.h"
#include "text/hexbytes.h"
#include "text/templatetext.h"

#include <QCommandLineOption>

using namespace NetCore;

QList<QCommandLineOption> openingExchangeOptions()
{
    return {
        {QStringLiteral("hello"),
         QStringLiteral("Send TEXT when each connection opens and wait for its reply (repeatable, in order; fields "
                        "allowed). An empty TEXT sends nothing and waits for the server to speak first."),
         QStringLiteral("TEXT")},
        {QStringLiteral("hello-hex"), QStringLiteral("A hello written in hex (fields allowed)."), QStringLiteral("HEX")},
        {QStringLiteral("hello-expect"), QStringLiteral("The reply to the hello just before must start with TEXT."),
         QStringLiteral("TEXT")},
        {QStringLiteral("hello-expect-hex"), QStringLiteral("The reply to the hello just before must start with these bytes."),
         QStringLiteral("HEX")},
        {QStringLiteral("hello-starttls"),
         QStringLiteral("After the reply to the hello just before, switch the connection to TLS (STARTTLS, "
                        "PostgreSQL's SSLRequest); needs the --tls options.")},
        {QStringLiteral("goodbye"), QStringLiteral("Send TEXT before each graceful close (repeatable)."), QStringLiteral("TEXT")},
        {QStringLiteral("goodbye-hex"), QStringLiteral("A goodbye written in hex."), QStringLiteral("HEX")},
    };
}

bool readOpeningExchangeOptions(const QStringList &arguments, FleetConfig &config, QString *error)
{
    auto fail = [&](const QString &option, const QString &why) {
        if (error)
            *error = QStringLiteral("--%1: %2").arg(option, why);
        return false;
    };
    for (qsizetype i = 0; i < arguments.size(); ++i) {
        const QString &argument = arguments[i];
        if (!argument.startsWith(QLatin1String("--")))
            continue;
        const qsizetype equals = argument.indexOf(QLatin1Char('='));
        const QString option = argument.mid(2, equals < 0 ? -1 : equals - 2);
        if (option == QLatin1String("hello-starttls")) {
            if (config.hello.isEmpty() || config.hello.last().startTls)
                return fail(option, QStringLiteral("goes after the --hello (or its --hello-expect) whose reply starts TLS"));
            config.hello.last().startTls = true;
            continue;
        }
        const bool known = option == QLatin1String("hello") || option == QLatin1String("hello-hex")
            || option == QLatin1String("hello-expect") || option == QLatin1String("hello-expect-hex")
            || option == QLatin1String("goodbye") || option == QLatin1String("goodbye-hex");
        if (!known)
            continue;
        QString value;
        if (equals >= 0)
            value = argument.mid(equals + 1);
        else if (i + 1 < arguments.size())
            value = arguments[++i];
        else
            return fail(option, QStringLiteral("missing value"));
        QString why;
        const bool hex = option.endsWith(QLatin1String("-hex"));
        if (option.startsWith(QLatin1String("hello-expect"))) {
            if (config.hello.isEmpty() || config.hello.last().expect || config.hello.last().startTls)
                return fail(option, QStringLiteral("goes right after the --hello or --hello-hex whose reply it checks"));
            const auto bytes = hex ? HexBytes::parse(value, &why) : EscapedText::parse(value, &why);
            if (!bytes)
                return fail(option, why);
            config.hello.last().expect = *bytes;
            continue;
        }
        const auto stored = hex ? TemplateText::parseHex(value, &why) : TemplateText::parseText(value, &why);
        if (!stored)
            return fail(option, why);
        if (option.startsWith(QLatin1String("hello")))
            config.hello.append(HelloMessage{*stored, std::nullopt});
        else
            config.goodbye.append(*stored);
    }
    return true;
}
