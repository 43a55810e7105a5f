#pragma once

#include <QList>
#include <QStringList>
#include <QStringView>

class QObject;

namespace lockbox::cli {

class Command;
class CommandContext;
class CommandOptions;

// One option of lockboxctl or of one of its commands: what the parser takes and what help shows,
// from the same words.
struct OptionDescription final
{
    QStringView name;        // without dashes
    QStringView argument;    // the value's placeholder in help ("S", "ID"); empty for a flag
    const char *help;        // for the option table; QT_TRANSLATE_NOOP("lockbox::cli", …)
    bool repeatable = false; // may be given more than once: [--name ARG]...
    bool required = false;   // shown without brackets; the command checks it with its own message
    int alternatives = 0;    // options with the same non-zero number exclude each other: [--a | --b]
    QChar shortName = {};    // a global's one-letter form: -v

    bool takesValue() const { return !argument.isEmpty(); }
};

// One command: the only source of its line in the usage, its help page and its option parser.
struct CommandDescription final
{
    QStringList words;      // the command, with its sub-command if it has one: {"queue", "withdraw"}
    QStringView positional; // the placeholder of its one argument ("ID"), empty when it takes none
    const char *summary;    // a few words for the usage's list, naming no option
    const char *details;    // the help page's text; paragraphs separated by an empty line
    QList<OptionDescription> options;
    // Makes the command that runs it.
    Command *(*create)(CommandContext &context, const CommandOptions &options, QObject *parent) = nullptr;

    QString name() const { return words.join(u' '); }
};

} // namespace lockbox::cli
