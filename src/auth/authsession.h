#pragma once

#include "account.h"
#include "autherror.h"
#include "secretstore.h"
#include "token.h"

#include <QObject>
#include <QStringList>

#include <functional>
#include <memory>

class QNetworkAccessManager;
class QSettings;

namespace lockbox {

class TokenProvider;

// A profile's sign-in, for lockboxctl and the console alike: it remembers the account in the
// profile's settings and the secret that renews it in the keychain, builds the TokenProvider that
// later runs use (restoring the refresh token or client secret from the keychain), and signs out.
class AuthSession final : public QObject
{
    Q_OBJECT

public:
    static constexpr const char *kRefreshTokenName = "refresh-token";
    static constexpr const char *kClientSecretName = "client-secret";

    // `settings` and `network` are not owned and must outlive the session.
    AuthSession(QSettings *settings, const QString &profileDir, QNetworkAccessManager *network,
                QObject *parent = nullptr);
    ~AuthSession() override;

    std::optional<Account> account() const;
    SecretStore *secrets() const { return m_secrets; }
    QNetworkAccessManager *network() const { return m_network; }

    using ProviderCallback = std::function<void(std::unique_ptr<TokenProvider> provider, const AuthError &error)>;
    // The provider for the remembered account; for a user or an application, after reading its
    // secret from the keychain (an application's secret may also come from LOCKBOX_CLIENT_SECRET).
    // Not signed in, or the secret gone: no provider and an error that says so.
    void restore(QObject *context, ProviderCallback callback);

    using RememberCallback = std::function<void(const SecretStore::Result &keychain)>;
    // After a sign-in: saves `account` to the settings and keeps what renews it — the token's
    // refresh token, or `clientSecret` — in the keychain. The callback hears how the keychain did
    // (NoKeychain: the account is saved but cannot sign in again by itself).
    void remember(const Account &account, const Token &token, const QByteArray &clientSecret, QObject *context,
                  RememberCallback callback);

    using ForgetCallback = std::function<void(const QStringList &removed, const QStringList &problems)>;
    // Signs out: removes the keychain entries and the account. `removed` says what went, in words.
    void forget(QObject *context, ForgetCallback callback);

    // A provider for `account` with `credential` (refresh token or client secret) and, when
    // valid, `token` already in hand. `keepInKeychain`: a refresh token that rotates is written
    // back to the keychain (false for a sign-in held in memory only, as in the demo).
    std::unique_ptr<TokenProvider> createProvider(const Account &account, const QByteArray &credential,
                                                  const Token &token = Token(), bool keepInKeychain = true);

private:
    QSettings *m_settings;
    QNetworkAccessManager *m_network;
    SecretStore *m_secrets;
};

} // namespace lockbox
