#include "whoamicommand.h"

#include "accountsummary.h"
#include "commandcontext.h"
#include "output.h"

#include "auth/authsession.h"
#include "auth/tokenprovider.h"

#include <QSettings>

using namespace Qt::StringLiterals;

namespace lockbox::cli {

WhoamiCommand::WhoamiCommand(CommandContext &context, const CommandOptions &options, QObject *parent)
    : Command(context, options, parent)
{
}

WhoamiCommand::~WhoamiCommand() = default;

void WhoamiCommand::run()
{
    if (!m_context.openProfile())
        return;
    std::optional<Account> account = m_context.auth()->account();
    if (m_context.global().tokenEnv) {
        Account a;
        a.kind = Account::Kind::TokenEnv;
        a.tokenEnv = *m_context.global().tokenEnv;
        account = a;
    }
    if (!account)
        return fail(ExitNotSignedIn, tr("not signed in: run 'lockboxctl login'"));
    const auto ask = [this, account = *account](std::unique_ptr<TokenProvider> provider) {
        m_provider = std::move(provider);
        TokenProvider *raw = m_provider.get();
        raw->token(false, this, [this, raw, account](const QByteArray &token, const QString &message) {
            if (token.isEmpty())
                return fail(ExitNotSignedIn, tr("not signed in: %1").arg(terminalSafe(message)));
            printAccountSummary(m_context.format(), m_context.armEndpoint(), account, raw->claims(), raw->expiresAt());
            finish(ExitOk);
        });
    };
    if (account->kind == Account::Kind::TokenEnv)
        return ask(m_context.auth()->createProvider(*account, QByteArray()));
    m_context.auth()->restore(this, [this, ask](std::unique_ptr<TokenProvider> provider, const AuthError &e) {
        if (!provider)
            return fail(exitCodeFor(e) == ExitFailure ? ExitFailure : ExitNotSignedIn,
                        terminalSafe(e.message) + tr("; run 'lockboxctl login'"));
        ask(std::move(provider));
    });
}

} // namespace lockbox::cli
