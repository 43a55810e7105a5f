#pragma once

#include "account.h"
#include "autherror.h"
#include "token.h"

#include <QObject>
#include <QPointer>
#include <QUrl>

#include <memory>

class QNetworkAccessManager;

namespace lockbox {

class TokenProvider;

// Signs an account in, one sign-in at a time, whichever way its kind says: a device code, the
// browser (authorization code with PKCE on a loopback port), the Azure CLI's token, or an
// application's client secret. The console's engine and `lockboxctl login` both sign in here;
// what they show while it runs (the code, the address) and what they do with the result
// (remember it, build a token provider) stays theirs.
class SignInManager final : public QObject
{
    Q_OBJECT

public:
    // `network` is not owned and must outlive the manager.
    explicit SignInManager(QNetworkAccessManager *network, QObject *parent = nullptr);
    ~SignInManager() override;

    // Starts signing `account` in (a running sign-in is cancelled first). A user's sign-in with no
    // tenant goes to "organizations" (any work account) and with no client id uses the public
    // client's; `clientSecret` is an application's secret (Account::Kind::ClientSecret).
    // `timeoutMs`: per request to the sign-in service.
    void start(Account account, int timeoutMs, const QByteArray &clientSecret = {});
    // Stops a running sign-in; nothing is emitted for it afterwards.
    void cancel();
    bool isRunning() const;

Q_SIGNALS:
    // A device-code sign-in: the code to enter and where (`message`: the service's own words).
    void deviceCode(const QString &userCode, const QUrl &verificationUri, int expiresInSec, const QString &message);
    // A browser sign-in: open this address on this machine.
    void browserUrl(const QUrl &authorizeUrl);
    // Signed in: `account` completed from the token (user and display name, tenant id, the
    // sign-in's time); `clientSecret` as given to start().
    void succeeded(const lockbox::Account &account, const lockbox::Token &token, const QByteArray &clientSecret);
    // The sign-in failed (never emitted for cancel()).
    void failed(const lockbox::AuthError &error);

private:
    template<typename Flow>
    void run(Flow *flow, const Account &account, const QByteArray &clientSecret);
    void finish(Account account, const Token &token, const QByteArray &clientSecret);

    QNetworkAccessManager *m_network;
    QPointer<QObject> m_flow;                   // the running flow (a QObject of its own)
    std::unique_ptr<TokenProvider> m_cliTokens; // the Azure CLI's, while it answers
    quint64 m_run = 0;                          // bumped by start() and cancel()
};

} // namespace lockbox
