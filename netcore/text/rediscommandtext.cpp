// SPDX-License-Identifier: GPL-3.0-or-later
#include "text/rediscommandtext.h"

#include "text/fieldtemplate.h"
#include "text/templatetext.h"

#include <QList>

namespace NetCore::RedisCommandText {

namespace {

// The words of a command line, each with how it was quoted.
struct Word {
    QString text;
    bool singleQuoted = false;
};

std::optional<QList<Word>> splitWords(QStringView command, QString *error)
{
    QList<Word> words;
    qsizetype i = 0;
    while (i < command.size()) {
        if (command[i].isSpace()) {
            ++i;
            continue;
        }
        Word word;
        const QChar quote = command[i];
        if (quote == u'"' || quote == u'\'') {
            word.singleQuoted = quote == u'\'';
            qsizetype j = i + 1;
            for (; j < command.size() && command[j] != quote; ++j) {
                if (command[j] == u'\\' && j + 1 < command.size())
                    word.text.append(command[j++]); // the escape stays for TemplateText; its char is skipped over
                word.text.append(command[j]);
            }
            if (j >= command.size()) {
                if (error)
                    *error = QStringLiteral("a quoted word starting at character %1 is not closed").arg(i + 1);
                return std::nullopt;
            }
            if (j + 1 < command.size() && !command[j + 1].isSpace()) {
                if (error)
                    *error = QStringLiteral("a closing quote at character %1 must be followed by a space").arg(j + 1);
                return std::nullopt;
            }
            i = j + 1;
        } else {
            qsizetype j = i;
            while (j < command.size() && !command[j].isSpace())
                ++j;
            word.text = command.sliced(i, j - i).toString();
            i = j;
        }
        words.append(word);
    }
    return words;
}

} // namespace

std::optional<QByteArray> build(QStringView command, QString *error)
{
    QString why;
    const auto words = splitWords(command, &why);
    if (!words || words->isEmpty()) {
        if (error)
            *error = words ? QStringLiteral("the command is empty (e.g. GET key)") : why;
        return std::nullopt;
    }
    QByteArray stored = "*" + QByteArray::number(words->size()) + "\r\n";
    for (qsizetype i = 0; i < words->size(); ++i) {
        const Word &word = (*words)[i];
        QString text = word.text;
        if (word.singleQuoted)
            text.replace(QStringLiteral("\\'"), QStringLiteral("'")).replace(QStringLiteral("\\"), QStringLiteral("\\\\"));
        const auto wordStored = TemplateText::parseText(text, &why);
        if (!wordStored) {
            if (error)
                *error = QStringLiteral("word %1: %2").arg(i + 1).arg(why);
            return std::nullopt;
        }
        const FieldTemplate compiled = FieldTemplate::compile(*wordStored);
        if (compiled.hasFields())
            stored += "{bulk}" + *wordStored + "{/bulk}";
        else
            stored += "$" + QByteArray::number(compiled.literal().size()) + "\r\n" + *wordStored + "\r\n";
    }
    return stored;
}

} // namespace NetCore::RedisCommandText
