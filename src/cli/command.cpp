#include "command.h"

#include "commandcontext.h"

namespace lockbox::cli {

Command::Command(CommandContext &context, CommandOptions options, QObject *parent)
    : QObject(parent)
    , m_context(context)
    , m_options(std::move(options))
{
}

Command::~Command() = default;

void Command::finish(int code)
{
    m_context.finish(code);
}

void Command::fail(int code, const QString &message)
{
    m_context.fail(code, message);
}

int Command::exitCodeFor(const ArmError &error)
{
    return CommandContext::exitCodeFor(error);
}

int Command::exitCodeFor(const AuthError &error)
{
    return CommandContext::exitCodeFor(error);
}

} // namespace lockbox::cli
