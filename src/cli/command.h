#pragma once

#include "commandoptions.h"
#include "exitcode.h"

#include <QObject>

namespace lockbox {
struct ArmError;
struct AuthError;
} // namespace lockbox

namespace lockbox::cli {

class CommandContext;

// One lockboxctl command, run once with its parsed options over the context lockboxctl built.
class Command : public QObject
{
    Q_OBJECT

public:
    ~Command() override;

    // Starts the command; it ends, now or later on the event loop, with the context's finish() or
    // fail().
    virtual void run() = 0;

protected:
    // `context` must outlive the command.
    Command(CommandContext &context, CommandOptions options, QObject *parent);

    // The context's, for short.
    void finish(int code);
    void fail(int code, const QString &message);
    static int exitCodeFor(const ArmError &error);
    static int exitCodeFor(const AuthError &error);

    CommandContext &m_context;
    const CommandOptions m_options;
};

// How the catalogue makes a command of class T.
template<typename T>
Command *createCommand(CommandContext &context, const CommandOptions &options, QObject *parent)
{
    return new T(context, options, parent);
}

} // namespace lockbox::cli
