#pragma once

#include "commandline.h"
#include "commandoptions.h"

#include "auth/account.h"
#include "auth/autherror.h"
#include "auth/token.h"

#include <QObject>

#include <memory>

class QSettings;

namespace lockbox {
class AuthSession;
class TokenProvider;
} // namespace lockbox

namespace lockbox::cli {

// lockboxctl's sign-in commands: login (device code, browser, Azure CLI, client secret), logout
// and whoami, on the profile's AuthSession. Each ends with done(exit code, message): an empty
// message after success, else the sentence to print.
class AccountCommands final : public QObject
{
    Q_OBJECT

public:
    // `settings` and `session` are not owned and must outlive this object.
    AccountCommands(const CommandLine &line, QSettings *settings, AuthSession *session, QObject *parent = nullptr);
    ~AccountCommands() override;

    // `opts`: login's options, parsed.
    void login(const CommandOptions &opts);
    void logout();
    void whoami();

    // The exit code for a failed sign-in: 1 for a usage or configuration problem, 5 for the
    // network or the server, 2 for everything that leaves the profile not signed in.
    static int exitCodeFor(const AuthError &error);

Q_SIGNALS:
    void done(int code, const QString &message);

private:
    // Connects a sign-in flow's end to signedIn() or a failure, and starts it.
    template<typename Flow>
    void runFlow(Flow *flow, const Account &account, const QByteArray &clientSecret);
    void signedIn(Account account, const Token &token, const QByteArray &clientSecret);
    void printAccount(const Account &account, const TokenClaims &claims, const QDateTime &expiresAt);

    CommandLine m_line;
    QSettings *m_settings;
    AuthSession *m_session;
    std::unique_ptr<TokenProvider> m_provider;
};

} // namespace lockbox::cli
