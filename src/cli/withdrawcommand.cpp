#include "withdrawcommand.h"

#include "commandcontext.h"
#include "output.h"

#include "store/decisionoutbox.h"

using namespace Qt::StringLiterals;

namespace lockbox::cli {

WithdrawCommand::WithdrawCommand(CommandContext &context, const CommandOptions &options, QObject *parent)
    : Command(context, options, parent)
{
}

void WithdrawCommand::run()
{
    if (!m_context.openLocal())
        return;
    QString error;
    const QString id = m_options.positionals().first();
    const auto withdrawn = m_context.outbox()->withdraw(id, QString(), &error);
    if (!withdrawn)
        return fail(ExitNotFound, error.isEmpty() ? tr("%1 has no queued decision to withdraw").arg(id) : error);
    printOut(tr("%1: the queued %2 was withdrawn\n").arg(id, verdictToString(withdrawn->verdict)));
    finish(ExitOk);
}

} // namespace lockbox::cli
