#pragma once

#include "commanddescription.h"

namespace lockbox::cli {

// lockboxctl's commands, in the order the usage lists them, each described once: the usage, every
// --help page and every command's option parser are made from these descriptions.
const QList<CommandDescription> &commandDescriptions();

// The options every command takes, before or after the command word.
const QList<OptionDescription> &globalOptionDescriptions();

// The command `words` names exactly, or null.
const CommandDescription *findCommand(const QStringList &words);

// The sub-commands of `word`, in order ({"status", "enable", "disable"} for "tenant").
QStringList subCommandsOf(const QString &word);

} // namespace lockbox::cli
