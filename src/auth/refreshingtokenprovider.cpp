#include "refreshingtokenprovider.h"

#include "authlogging.h"
#include "oauthcall.h"
#include "secretstore.h"

#include <QMetaObject>

using namespace Qt::StringLiterals;

namespace lockbox {

RefreshingTokenProvider::RefreshingTokenProvider(QNetworkAccessManager *manager, Options options, QByteArray credential,
                                                 SecretStore *store, QObject *parent)
    : CachingTokenProvider(parent)
    , m_manager(manager)
    , m_options(std::move(options))
    , m_credential(std::move(credential))
    , m_store(store)
{
    setFallbackIdentity(m_options.identity);
}

RefreshingTokenProvider::~RefreshingTokenProvider()
{
    if (m_call)
        m_call->disconnect(this);
}

void RefreshingTokenProvider::adopt(const Token &token)
{
    setToken(token);
    if (m_options.grant == Grant::RefreshToken && !token.refreshToken.isEmpty())
        keepRefreshToken(token.refreshToken);
    m_signedOut = false;
}

void RefreshingTokenProvider::renew()
{
    if (m_signedOut || m_credential.isEmpty()) {
        const AuthError e =
            AuthError::make(AuthError::Kind::NotSignedIn,
                            m_signedOutMessage.isEmpty() ? tr("not signed in: sign in again") : m_signedOutMessage);
        QMetaObject::invokeMethod(
            this, [this, e] { renewFailed(e); }, Qt::QueuedConnection);
        return;
    }
    OAuthCall::Form form;
    if (m_options.grant == Grant::RefreshToken) {
        form = {{u"grant_type"_s, u"refresh_token"_s},
                {u"client_id"_s, m_options.clientId},
                {u"refresh_token"_s, QString::fromLatin1(m_credential)},
                {u"scope"_s, m_options.scope.isEmpty() ? m_options.cloud.userScope() : m_options.scope}};
    } else {
        form = {{u"grant_type"_s, u"client_credentials"_s},
                {u"client_id"_s, m_options.clientId},
                {u"client_secret"_s, QString::fromUtf8(m_credential)},
                {u"scope"_s, m_options.scope.isEmpty() ? m_options.cloud.armScope() : m_options.scope}};
    }
    m_call = OAuthCall::post(m_manager, m_options.cloud.endpointUrl(m_options.tenant, u"token"_s), form,
                             m_options.requestTimeoutMs, this);
    connect(m_call, &OAuthCall::finished, this, &RefreshingTokenProvider::onReply);
}

void RefreshingTokenProvider::onReply()
{
    OAuthCall *call = m_call;
    m_call = nullptr;
    if (!call)
        return;
    if (call->isOk()) {
        AuthError error;
        const auto token = Token::fromResponse(call->body(), QDateTime::currentDateTimeUtc(), &error);
        if (!token) {
            renewFailed(error);
            return;
        }
        if (m_options.grant == Grant::RefreshToken && !token->refreshToken.isEmpty()
            && token->refreshToken != m_credential)
            keepRefreshToken(token->refreshToken);
        qCDebug(lcAuth) << "token renewed; expires in" << token->secondsLeft(QDateTime::currentDateTimeUtc()) << "s";
        renewFinished(*token);
        return;
    }
    const AuthError &e = call->error();
    if (m_options.grant == Grant::RefreshToken && e.kind == AuthError::Kind::InvalidGrant) {
        // Revoked, expired or issued to someone else: no retry can help, and the secret is stale.
        m_signedOut = true;
        m_signedOutMessage = tr("signed out: sign in again (%1)").arg(e.message);
        m_credential.clear();
        dropToken();
        if (m_store && !m_options.secretName.isEmpty())
            m_store->remove(m_options.secretName, this, [](const SecretStore::Result &) {});
        qCInfo(lcAuth) << "refresh token refused (invalid_grant): signed out";
        renewFailed(AuthError::make(AuthError::Kind::InvalidGrant, m_signedOutMessage, e.code, e.httpStatus));
        Q_EMIT signedOut(m_signedOutMessage);
        return;
    }
    if (m_options.grant == Grant::ClientCredentials && e.kind == AuthError::Kind::InvalidClient) {
        renewFailed(AuthError::make(e.kind,
                                    tr("the application's client secret was refused: %1; sign in again with the "
                                       "current secret")
                                        .arg(e.message),
                                    e.code, e.httpStatus));
        return;
    }
    renewFailed(AuthError::make(e.kind, tr("cannot renew the sign-in: %1").arg(e.message), e.code, e.httpStatus));
}

void RefreshingTokenProvider::keepRefreshToken(const QByteArray &refreshToken)
{
    m_credential = refreshToken;
    if (!m_store || m_options.secretName.isEmpty())
        return;
    m_store->write(m_options.secretName, refreshToken, this, [](const SecretStore::Result &r) {
        if (!r.ok())
            qCWarning(lcAuth).noquote() << "cannot keep the renewed sign-in in the keychain:" << r.message;
    });
}

} // namespace lockbox
