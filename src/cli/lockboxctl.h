#pragma once

#include "commandline.h"
#include "exitcode.h"

#include <QCoreApplication>

#include <memory>

namespace lockbox::cli {

class Command;
class CommandContext;

// lockboxctl: the composition root of the command-line front end. It answers --version and help
// itself; otherwise it finds the command in the catalogue, parses its options, builds the context
// the commands share and runs the command on the event loop, which the command ends with its exit
// code.
class Lockboxctl final
{
    Q_DECLARE_TR_FUNCTIONS(lockbox::cli::Lockboxctl)

public:
    explicit Lockboxctl(const CommandLine &line);
    ~Lockboxctl();
    Q_DISABLE_COPY_MOVE(Lockboxctl)

    // Starts the command; the application quits with its exit code when it is done.
    void start();

private:
    CommandLine m_line;
    std::unique_ptr<CommandContext> m_context;
    std::unique_ptr<Command> m_command; // declared after the context: destroyed before it
};

} // namespace lockbox::cli
