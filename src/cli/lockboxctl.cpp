#include "lockboxctl.h"

#include "command.h"
#include "commandcatalogue.h"
#include "commandcontext.h"
#include "helptext.h"
#include "output.h"

using namespace Qt::StringLiterals;

namespace lockbox::cli {

Lockboxctl::Lockboxctl(const CommandLine &line)
    : m_line(line)
    , m_context(std::make_unique<CommandContext>(line))
{
}

Lockboxctl::~Lockboxctl() = default;

void Lockboxctl::start()
{
    const QStringList &command = m_line.command;
    if (m_line.global.version) {
        printOut(u"lockboxctl "_s + QCoreApplication::applicationVersion() + u'\n');
        return m_context->finish(ExitOk);
    }
    if (command.isEmpty() || command.first() == u"help" || m_line.global.help) {
        const QStringList topic = command.value(0) == u"help" ? m_line.arguments : command;
        printOut(helpText(topic));
        return m_context->finish(command.isEmpty() && !m_line.global.help ? ExitUsage : ExitOk);
    }
    const QString &name = command.first();
    const CommandDescription *description = findCommand(command);
    if (!description) {
        const QStringList subCommands = subCommandsOf(name);
        if (!subCommands.isEmpty())
            return m_context->fail(ExitUsage, tr("'%1' needs a sub-command: %1 %2").arg(name, subCommands.join(u'|')));
        return m_context->fail(ExitUsage, tr("unknown command '%1'; see 'lockboxctl help'").arg(name));
    }
    CommandOptions options(*description);
    QString error;
    if (!options.parse(m_line.arguments, &error))
        return m_context->fail(ExitUsage, error);
    m_command.reset(description->create(*m_context, options, nullptr));
    m_command->run();
}

} // namespace lockbox::cli
