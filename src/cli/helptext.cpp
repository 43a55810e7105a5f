#include "helptext.h"

#include "commandcatalogue.h"
#include "output.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace lockbox::cli {

namespace {

constexpr qsizetype kWidth = 100;          // the longest line help writes, unless one word is longer
constexpr qsizetype kSummaryColumn = 42;   // where the usage's command summaries start
constexpr qsizetype kGlobalColumn = 22;    // where the global options' help starts
constexpr qsizetype kMaxOptionColumn = 26; // the furthest an option table's help starts

// `units` joined by spaces in lines of at most kWidth characters; the first line starts at
// `column`, the others are indented to `indent`. A unit is never split.
QString wrap(const QStringList &units, qsizetype column, qsizetype indent)
{
    QString text;
    qsizetype at = column;
    bool lineEmpty = true;
    for (const QString &unit : units) {
        if (!lineEmpty && at + 1 + unit.size() > kWidth) {
            text += u'\n' + QString(indent, u' ');
            at = indent;
            lineEmpty = true;
        }
        if (!lineEmpty) {
            text += u' ';
            ++at;
        }
        text += unit;
        at += unit.size();
        lineEmpty = false;
    }
    return text;
}

QString wrapText(const QString &text, qsizetype column, qsizetype indent)
{
    return wrap(text.split(u' ', Qt::SkipEmptyParts), column, indent);
}

// "--name ARG", as an option table and the synopsis write it.
QString optionWithArgument(const OptionDescription &option)
{
    QString text = u"--"_s + option.name.toString();
    if (option.takesValue())
        text += u' ' + option.argument.toString();
    return text;
}

// The synopsis of `command` as units: its words, its argument, then each option
// ("[--full]", "[--subscription S]...", "--reason R", "[--device-code | --browser]").
QStringList synopsis(const CommandDescription &command)
{
    QStringList units = command.words;
    if (!command.positional.isEmpty())
        units.append(command.positional.toString());
    const QList<OptionDescription> &options = command.options;
    for (qsizetype i = 0; i < options.size(); ++i) {
        const OptionDescription &option = options.at(i);
        if (option.alternatives != 0) {
            QStringList choices;
            for (; i < options.size() && options.at(i).alternatives == option.alternatives; ++i)
                choices.append(optionWithArgument(options.at(i)));
            --i;
            units.append(u'[' + choices.join(u" | "_s) + u']');
            continue;
        }
        const QString text = optionWithArgument(option);
        if (option.required)
            units.append(text);
        else
            units.append(u'[' + text + u']' + (option.repeatable ? u"..."_s : QString()));
    }
    return units;
}

// An option table: each option's first column, then its help, wrapped under itself.
QString optionTable(const QList<OptionDescription> &options, qsizetype helpColumn)
{
    QString text;
    for (const OptionDescription &option : options) {
        QString first = optionWithArgument(option);
        if (!option.shortName.isNull())
            first = u'-' + option.shortName + u", "_s + first;
        QString line = u"  "_s + first;
        if (line.size() + 2 > helpColumn)
            line += u'\n' + QString(helpColumn, u' ');
        else
            line = line.leftJustified(helpColumn, u' ');
        text += line + wrapText(tr(option.help), helpColumn, helpColumn) + u'\n';
    }
    return text;
}

// Paragraphs separated by an empty line, each wrapped.
QString paragraphs(const char *text)
{
    QStringList wrapped;
    for (const QString &paragraph : tr(text).split(u"\n\n"_s))
        wrapped.append(wrapText(paragraph, 0, 0));
    return wrapped.join(u"\n\n"_s) + u'\n';
}

QString commandPage(const CommandDescription &command)
{
    const QString prefix = u"lockboxctl "_s + command.name() + u' ';
    QString page = u"lockboxctl "_s + wrap(synopsis(command), 11, prefix.size()) + u"\n\n"_s;
    page += paragraphs(command.details);
    if (!command.options.isEmpty()) {
        qsizetype widest = 0;
        for (const OptionDescription &option : command.options)
            widest = std::max(widest, optionWithArgument(option).size());
        page += u'\n' + tr("Options:") + u'\n' + optionTable(command.options, std::min(widest + 6, kMaxOptionColumn));
    }
    return page;
}

QString usageText()
{
    QString text = tr("Usage: lockboxctl [global options] COMMAND [options]\n\nCommands:\n");
    const auto entry = [&text](const QStringList &units, const QString &summary) {
        QString line = u"  "_s + wrap(units, 2, 6);
        if (line.contains(u'\n') || line.size() + 2 > kSummaryColumn)
            line += u'\n' + QString(kSummaryColumn, u' ');
        else
            line = line.leftJustified(kSummaryColumn, u' ');
        text += line + wrapText(summary, kSummaryColumn, kSummaryColumn) + u'\n';
    };
    for (const CommandDescription &command : commandDescriptions())
        entry(synopsis(command), tr(command.summary));
    entry({u"help"_s, u"[COMMAND]"_s}, tr("this text, or the help of one command"));
    text += u'\n' + tr("Global options (before or after the command):") + u'\n';
    text += optionTable(globalOptionDescriptions(), kGlobalColumn);
    text += u'\n'
        + wrapText(tr("Exit codes: 0 ok, 1 usage, 2 not signed in or token rejected, 3 forbidden, 4 not found or "
                      "not pending, 5 network or server failure after retries, 6 integrity failure."),
                   0, 0)
        + u'\n';
    return text;
}

} // namespace

QString helpText(const QStringList &topic)
{
    QStringList pages;
    if (!topic.isEmpty()) {
        for (const CommandDescription &command : commandDescriptions()) {
            if (command.words.mid(0, topic.size()) == topic)
                pages.append(commandPage(command));
        }
    }
    if (pages.isEmpty())
        return usageText();
    return pages.join(u'\n') + u'\n' + tr("Global options and exit codes: lockboxctl help") + u'\n';
}

} // namespace lockbox::cli
