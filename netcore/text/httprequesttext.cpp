// SPDX-License-Identifier: GPL-3.0-or-later
#include "text/httprequesttext.h"

#include "text/templatetext.h"

namespace NetCore::HttpRequestText {

namespace {

bool isToken(QStringView text)
{
    if (text.isEmpty())
        return false;
    for (const QChar c : text) {
        if (!(c.isLetterOrNumber() && c.unicode() < 128) && !QStringView(u"!#$%&'*+-.^_`|~").contains(c))
            return false;
    }
    return true;
}

} // namespace

std::optional<QByteArray> build(QStringView request, const QStringList &headers, QString *error)
{
    auto fail = [&](const QString &why) -> std::optional<QByteArray> {
        if (error)
            *error = why;
        return std::nullopt;
    };
    const QStringView line = request.trimmed();
    const qsizetype space = line.indexOf(u' ');
    const QStringView method = space < 0 ? line : line.first(space);
    if (!isToken(method))
        return fail(QStringLiteral("'%1' is not an HTTP method (write e.g. GET /path)").arg(method));
    QStringView rest = space < 0 ? QStringView() : line.sliced(space + 1).trimmed();
    const qsizetype pathEnd = rest.indexOf(u' ');
    const QStringView path = pathEnd < 0 ? rest : rest.first(pathEnd);
    const QStringView body = pathEnd < 0 ? QStringView() : rest.sliced(pathEnd + 1);
    if (path.isEmpty())
        return fail(QStringLiteral("no path after %1 (write e.g. %1 /)").arg(method));
    if (!path.startsWith(u'/') && path != u"*" && !path.startsWith(u"http://") && !path.startsWith(u"https://"))
        return fail(QStringLiteral("the path '%1' must start with / (or be * or an absolute URL)").arg(path));
    QString why;
    const auto storedPath = TemplateText::parseText(path, &why);
    if (!storedPath)
        return fail(QStringLiteral("the path: %1").arg(why));
    QByteArray stored = method.toLatin1() + ' ' + *storedPath + " HTTP/1.1\r\n";
    for (const QString &header : headers) {
        const qsizetype colon = header.indexOf(u':');
        if (colon <= 0 || !isToken(QStringView(header).first(colon)))
            return fail(QStringLiteral("the header '%1' is not 'Name: value'").arg(header));
        const auto value = TemplateText::parseText(QStringView(header).sliced(colon + 1).trimmed(), &why);
        if (!value)
            return fail(QStringLiteral("the header '%1': %2").arg(header, why));
        if (value->contains('\r') || value->contains('\n'))
            return fail(QStringLiteral("the header '%1' holds a line break").arg(header));
        stored += header.first(colon).toLatin1() + ": " + *value + "\r\n";
    }
    stored += "\r\n";
    if (!body.isEmpty()) {
        const auto storedBody = TemplateText::parseText(body, &why);
        if (!storedBody)
            return fail(QStringLiteral("the body: %1").arg(why));
        stored += *storedBody;
    }
    return stored;
}

QByteArray withHost(const QByteArray &stored, QByteArrayView host)
{
    const qsizetype lineEnd = stored.indexOf("\r\n");
    if (lineEnd < 0)
        return stored;
    const qsizetype headEnd = stored.indexOf("\r\n\r\n");
    const QByteArrayView head = QByteArrayView(stored).first(headEnd < 0 ? stored.size() : headEnd + 2);
    for (qsizetype at = lineEnd + 2; at < head.size();) {
        qsizetype end = head.indexOf("\r\n", at);
        if (end < 0)
            end = head.size();
        const QByteArrayView field = head.sliced(at, end - at);
        if (field.size() >= 5 && field.first(5).compare("host:", Qt::CaseInsensitive) == 0)
            return stored;
        at = end + 2;
    }
    QByteArray result = stored;
    result.insert(lineEnd + 2, "Host: " + host.toByteArray() + "\r\n");
    return result;
}

bool isHead(QByteArrayView stored)
{
    return stored.startsWith("HEAD ");
}

} // namespace NetCore::HttpRequestText
