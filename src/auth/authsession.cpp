#include "authsession.h"

#include "authlogging.h"
#include "azureclitokenprovider.h"
#include "clientcredentialsflow.h"
#include "refreshingtokenprovider.h"
#include "tokenprovider.h"

#include <QFile>
#include <QPointer>
#include <QSettings>

using namespace Qt::StringLiterals;

namespace lockbox {

namespace {

QString refreshTokenName()
{
    return QString::fromLatin1(AuthSession::kRefreshTokenName);
}

QString clientSecretName()
{
    return QString::fromLatin1(AuthSession::kClientSecretName);
}

} // namespace

AuthSession::AuthSession(QSettings *settings, const QString &profileDir, QNetworkAccessManager *network,
                         QObject *parent)
    : QObject(parent)
    , m_settings(settings)
    , m_network(network)
    , m_secrets(new SecretStore(SecretStore::profileKey(profileDir), this))
{
}

AuthSession::~AuthSession() = default;

std::optional<Account> AuthSession::account() const
{
    return Account::load(*m_settings);
}

std::unique_ptr<TokenProvider> AuthSession::createProvider(const Account &account, const QByteArray &credential,
                                                           const Token &token, bool keepInKeychain)
{
    switch (account.kind) {
    case Account::Kind::TokenEnv:
        return std::make_unique<EnvironmentTokenProvider>(account.tokenEnv);
    case Account::Kind::AzureCli: {
        AzureCliTokenProvider::Options options;
        options.resource = account.cloud.armResource();
        options.tenant = account.tenant;
        auto provider = std::make_unique<AzureCliTokenProvider>(options);
        if (token.isValid())
            provider->setToken(token);
        return provider;
    }
    case Account::Kind::DeviceCode:
    case Account::Kind::Browser:
    case Account::Kind::ClientSecret:
        break;
    }
    RefreshingTokenProvider::Options options;
    options.cloud = account.cloud;
    options.tenant = account.tokenTenant();
    options.clientId = account.clientId;
    options.identity = account.userName;
    if (account.kind == Account::Kind::ClientSecret) {
        options.grant = RefreshingTokenProvider::Grant::ClientCredentials;
    } else {
        options.grant = RefreshingTokenProvider::Grant::RefreshToken;
        options.secretName = refreshTokenName();
    }
    auto provider =
        std::make_unique<RefreshingTokenProvider>(m_network, options, credential, keepInKeychain ? m_secrets : nullptr);
    if (token.isValid())
        provider->setToken(token);
    return provider;
}

void AuthSession::restore(QObject *context, ProviderCallback callback)
{
    const auto reply = [context, callback = std::move(callback)](std::unique_ptr<TokenProvider> provider,
                                                                 const AuthError &error) {
        // Shared: std::function needs a copyable callable.
        auto shared = std::make_shared<std::unique_ptr<TokenProvider>>(std::move(provider));
        QMetaObject::invokeMethod(
            context, [callback, shared, error] { callback(std::move(*shared), error); }, Qt::QueuedConnection);
    };
    const std::optional<Account> account = this->account();
    if (!account) {
        reply(nullptr, AuthError::make(AuthError::Kind::NotSignedIn, tr("not signed in")));
        return;
    }
    if (account->kind == Account::Kind::TokenEnv || account->kind == Account::Kind::AzureCli) {
        reply(createProvider(*account, QByteArray()), AuthError());
        return;
    }
    const QString name = account->keepsClientSecret() ? clientSecretName() : refreshTokenName();
    m_secrets->read(name, context, [this, account = *account, reply](const SecretStore::Result &r) {
        if (r.ok() && !r.value.isEmpty()) {
            reply(createProvider(account, r.value), AuthError());
            return;
        }
        if (account.keepsClientSecret()) {
            // Automation without a keychain: the secret stays where the user put it.
            const QByteArray secret = ClientCredentialsFlow::secretFromEnvironment();
            if (!secret.isEmpty()) {
                reply(createProvider(account, secret), AuthError());
                return;
            }
        }
        const QString who = account.userName.isEmpty() ? account.clientId : account.userName;
        switch (r.status) {
        case SecretStore::Result::Status::NoKeychain:
            reply(nullptr,
                  AuthError::make(AuthError::Kind::NoKeychain,
                                  account.keepsClientSecret()
                                      ? tr("not signed in: %1, and %2 is not set")
                                            .arg(r.message, QLatin1StringView(ClientCredentialsFlow::kSecretVariable))
                                      : tr("not signed in: %1").arg(r.message)));
            return;
        case SecretStore::Result::Status::Failed:
            reply(nullptr, AuthError::make(AuthError::Kind::NotSignedIn, tr("not signed in: %1").arg(r.message)));
            return;
        case SecretStore::Result::Status::Ok:
        case SecretStore::Result::Status::NotFound:
            break;
        }
        reply(nullptr,
              AuthError::make(AuthError::Kind::NotSignedIn,
                              tr("not signed in: the sign-in of %1 is no longer in the keychain").arg(who)));
    });
}

void AuthSession::remember(const Account &account, const Token &token, const QByteArray &clientSecret, QObject *context,
                           RememberCallback callback)
{
    account.save(*m_settings);
    // A profile signed in one way forgets the other ways' leftovers.
    m_settings->remove(u"tokenEnv"_s);
    m_settings->sync();
    // Who and where is no secret, but it is nobody else's business either.
    QFile::setPermissions(m_settings->fileName(), QFile::ReadOwner | QFile::WriteOwner);

    QString name;
    QByteArray secret;
    QString stale;
    if (account.keepsRefreshToken()) {
        name = refreshTokenName();
        secret = token.refreshToken;
        stale = clientSecretName();
    } else if (account.keepsClientSecret()) {
        name = clientSecretName();
        secret = clientSecret;
        stale = refreshTokenName();
    }
    if (name.isEmpty()) {
        // Nothing to keep for az or a token variable; whatever was kept before is stale.
        m_secrets->remove(refreshTokenName(), nullptr, {});
        m_secrets->remove(clientSecretName(), nullptr, {});
        QMetaObject::invokeMethod(
            context, [callback = std::move(callback)] { callback(SecretStore::Result()); }, Qt::QueuedConnection);
        return;
    }
    m_secrets->remove(stale, nullptr, {});
    if (secret.isEmpty()) {
        SecretStore::Result r;
        r.status = SecretStore::Result::Status::Failed;
        r.message = tr("the sign-in gave no refresh token, so it cannot renew itself");
        QMetaObject::invokeMethod(
            context, [callback = std::move(callback), r] { callback(r); }, Qt::QueuedConnection);
        return;
    }
    m_secrets->write(name, secret, context, [callback = std::move(callback)](const SecretStore::Result &r) {
        if (!r.ok())
            qCInfo(lcAuth).noquote() << "the sign-in is not kept:" << r.message; // the caller tells the user
        callback(r);
    });
}

void AuthSession::forget(QObject *context, ForgetCallback callback)
{
    struct State
    {
        QStringList removed;
        QStringList problems;
        int waiting = 2;
    };
    auto state = std::make_shared<State>();
    const std::optional<Account> account = this->account();
    const QPointer<AuthSession> self(this);
    const QPointer<QObject> guard(context);
    const auto done = [this, self, state, account, guard, callback = std::move(callback)] {
        if (--state->waiting > 0 || !self)
            return;
        if (account) {
            const QString who = account->userName.isEmpty()
                ? (account->kind == Account::Kind::TokenEnv ? u'$' + account->tokenEnv : account->clientId)
                : account->userName;
            state->removed.append(tr("the account %1 (%2)").arg(who, Account::kindDescription(account->kind)));
        }
        Account::remove(*m_settings);
        m_settings->remove(u"tokenEnv"_s);
        m_settings->sync();
        if (guard)
            callback(state->removed, state->problems);
    };
    const auto removeOne = [this, state, done](const QString &name, const QString &description) {
        // Read first, so that the answer can say what was actually there.
        m_secrets->read(name, this, [this, state, done, name, description](const SecretStore::Result &found) {
            if (found.status == SecretStore::Result::Status::NotFound) {
                done();
                return;
            }
            if (found.status != SecretStore::Result::Status::Ok) {
                if (!state->problems.contains(found.message))
                    state->problems.append(found.message);
                done();
                return;
            }
            m_secrets->remove(name, this, [state, done, description](const SecretStore::Result &r) {
                if (r.ok() || r.status == SecretStore::Result::Status::NotFound)
                    state->removed.append(description);
                else if (!state->problems.contains(r.message))
                    state->problems.append(r.message);
                done();
            });
        });
    };
    removeOne(refreshTokenName(), tr("the refresh token (keychain)"));
    removeOne(clientSecretName(), tr("the client secret (keychain)"));
}

} // namespace lockbox
