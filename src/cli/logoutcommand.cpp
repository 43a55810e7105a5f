#include "logoutcommand.h"

#include "commandcontext.h"
#include "output.h"

#include "auth/authsession.h"

using namespace Qt::StringLiterals;

namespace lockbox::cli {

LogoutCommand::LogoutCommand(CommandContext &context, const CommandOptions &options, QObject *parent)
    : Command(context, options, parent)
{
}

void LogoutCommand::run()
{
    if (!m_context.openProfile())
        return;
    m_context.auth()->forget(this, [this](const QStringList &removed, const QStringList &problems) {
        for (const QString &problem : problems)
            printErr(tr("lockboxctl: note: %1\n").arg(problem));
        if (removed.isEmpty()) {
            printOut(tr("Not signed in; nothing to remove.\n"));
        } else {
            for (const QString &what : removed)
                printOut(tr("Removed %1.\n").arg(terminalSafe(what)));
        }
        finish(ExitOk);
    });
}

} // namespace lockbox::cli
