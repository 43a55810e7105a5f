#pragma once

#include "command.h"

#include "auth/account.h"
#include "auth/token.h"

#include <memory>

namespace lockbox {
class TokenProvider;
} // namespace lockbox

namespace lockbox::cli {

// lockboxctl login: signs the profile in (device code, browser, Azure CLI or client secret) and
// keeps the account in the profile and what renews it in the keychain.
class LoginCommand final : public Command
{
    Q_OBJECT

public:
    LoginCommand(CommandContext &context, const CommandOptions &options, QObject *parent = nullptr);
    ~LoginCommand() override;

    void run() override;

private:
    // Connects a sign-in flow's end to signedIn() or a failure, and starts it.
    template<typename Flow>
    void runFlow(Flow *flow, const Account &account, const QByteArray &clientSecret);
    void signedIn(Account account, const Token &token, const QByteArray &clientSecret);

    std::unique_ptr<TokenProvider> m_provider; // the Azure CLI's, while it answers
};

} // namespace lockbox::cli
