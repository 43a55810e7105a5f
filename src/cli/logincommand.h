#pragma once

#include "command.h"

#include "auth/account.h"
#include "auth/token.h"

namespace lockbox {
class SignInManager;
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
    void signedIn(const Account &account, const Token &token, const QByteArray &clientSecret);

    SignInManager *m_signIn = nullptr;
};

} // namespace lockbox::cli
