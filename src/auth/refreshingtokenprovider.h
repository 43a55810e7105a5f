#pragma once

#include "cachingtokenprovider.h"
#include "cloud.h"

#include <QPointer>

class QNetworkAccessManager;

namespace lockbox {

class OAuthCall;
class SecretStore;

// Tokens for a signed-in user (refresh token grant) or application (client credentials again),
// renewed before they run low and once after a 401. The refresh token or client secret lives in
// memory here and in the keychain (SecretStore), never in a file. A refresh token that rotates is
// written back to the keychain; one that is revoked or expired (invalid_grant) signs the profile
// out: the stale secret is removed and every caller hears "signed out: sign in again".
class RefreshingTokenProvider final : public CachingTokenProvider
{
    Q_OBJECT

public:
    enum class Grant { RefreshToken, ClientCredentials };

    struct Options
    {
        Cloud cloud;
        QString tenant; // for the token endpoint's path
        QString clientId;
        Grant grant = Grant::RefreshToken;
        QString scope;    // empty: cloud.userScope() for a user, cloud.armScope() for an application
        QString identity; // whom to name before the first token (the account's user name)
        int requestTimeoutMs = 30000;
        QString secretName; // the SecretStore entry holding the credential ("refresh-token", …)
    };

    // `credential`: the refresh token or the client secret. `store` (optional, not owned) keeps
    // rotated refresh tokens and loses revoked ones.
    RefreshingTokenProvider(QNetworkAccessManager *manager, Options options, QByteArray credential,
                            SecretStore *store = nullptr, QObject *parent = nullptr);
    ~RefreshingTokenProvider() override;

    const Options &options() const { return m_options; }
    bool isSignedOut() const { return m_signedOut; }
    // A token from a fresh interactive sign-in (a step-up before approving): used from now on,
    // and its refresh token replaces the old one.
    void adopt(const Token &token);

Q_SIGNALS:
    // The grant is gone for good; sign in again. `message` says so in a sentence.
    void signedOut(const QString &message);

protected:
    void renew() override;

private:
    void onReply();
    void keepRefreshToken(const QByteArray &refreshToken);

    QNetworkAccessManager *m_manager;
    Options m_options;
    QByteArray m_credential;
    QPointer<SecretStore> m_store;
    QPointer<OAuthCall> m_call;
    QString m_signedOutMessage;
    bool m_signedOut = false;
};

} // namespace lockbox
