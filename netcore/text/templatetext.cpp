// SPDX-License-Identifier: GPL-3.0-or-later
#include "text/templatetext.h"

#include "text/escapedtext.h"
#include "text/fieldtemplate.h"
#include "text/hexbytes.h"

#include <QStringList>

namespace NetCore::TemplateText {

namespace {

// Splits `text` into literal chunks (parsed by `parseChunk`) and fields; `strictBraces`:
// every single brace must start a field.
template <typename ParseChunk>
std::optional<QByteArray> parseWithFields(QStringView text, bool strictBraces, QString *error, ParseChunk parseChunk)
{
    QByteArray stored;
    qsizetype chunkStart = 0;
    auto flushChunk = [&](qsizetype end) {
        if (end <= chunkStart)
            return true;
        QString why;
        const auto bytes = parseChunk(text.sliced(chunkStart, end - chunkStart), &why);
        if (!bytes) {
            if (error)
                *error = chunkStart == 0 ? why : QStringLiteral("after character %1: %2").arg(chunkStart).arg(why);
            return false;
        }
        stored += FieldTemplate::escapeLiteral(*bytes);
        return true;
    };
    for (qsizetype i = 0; i < text.size(); ++i) {
        if (text[i] != u'{')
            continue;
        if (i + 1 < text.size() && text[i + 1] == u'{') {
            if (!flushChunk(i))
                return std::nullopt;
            stored += "{{";
            chunkStart = i + 2;
            ++i;
            continue;
        }
        const qsizetype close = text.indexOf(u'}', i + 1);
        const QStringView spec = close < 0 ? text.sliced(i + 1) : text.sliced(i + 1, close - i - 1);
        const qsizetype colon = spec.indexOf(u':');
        const QStringView name = colon < 0 ? spec : spec.first(colon);
        if (!strictBraces && (close < 0 || !FieldTemplate::isFieldName(name)))
            continue; // a literal brace, parsed with its chunk
        if (close < 0) {
            if (error)
                *error = QStringLiteral("the brace at character %1 is not closed (a field is {name:format})").arg(i + 1);
            return std::nullopt;
        }
        QString why;
        if (!FieldTemplate::parseField(spec, &why)) {
            if (error)
                *error = why;
            return std::nullopt;
        }
        if (!flushChunk(i))
            return std::nullopt;
        stored += '{' + spec.toLatin1() + '}';
        chunkStart = close + 1;
        i = close;
    }
    if (!flushChunk(text.size()))
        return std::nullopt;
    return stored;
}

} // namespace

std::optional<QByteArray> parse(QStringView text, Style style, QString *error)
{
    switch (style) {
    case Style::Plain:
        return parseWithFields(text, false, error, [](QStringView chunk, QString *) { return std::optional(chunk.toUtf8()); });
    case Style::Escaped:
        return parseWithFields(text, false, error, [](QStringView chunk, QString *why) { return EscapedText::parse(chunk, why); });
    case Style::Hex:
        return parseWithFields(text, true, error, [](QStringView chunk, QString *why) { return HexBytes::parse(chunk, why); });
    }
    return std::nullopt;
}

std::optional<QByteArray> parseText(QStringView text, QString *error)
{
    return parse(text, Style::Escaped, error);
}

std::optional<QByteArray> parseHex(QStringView text, QString *error)
{
    return parse(text, Style::Hex, error);
}

QString format(QByteArrayView stored, Style style)
{
    QStringList parts; // literal runs and fields, in order
    FieldTemplate::splitStored(
        stored,
        [&](QByteArrayView literal) {
            switch (style) {
            case Style::Plain: parts << QString::fromUtf8(literal).replace(u'{', QStringLiteral("{{")); break;
            case Style::Escaped: parts << EscapedText::format(literal).replace(u'{', QStringLiteral("{{")); break;
            case Style::Hex: parts << HexBytes::format(literal); break;
            }
        },
        [&](QByteArrayView spec, const FieldTemplate::Field &) { parts << QLatin1Char('{') + QString::fromLatin1(spec) + QLatin1Char('}'); });
    return parts.join(style == Style::Hex ? QStringLiteral(" ") : QString());
}

} // namespace NetCore::TemplateText
