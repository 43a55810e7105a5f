#include "clientcredentialsflow.h"

#include "authlogging.h"
#include "oauthcall.h"
#include "secretenvironment.h"

#include <QMetaObject>

using namespace Qt::StringLiterals;

namespace lockbox {

QByteArray ClientCredentialsFlow::secretFromEnvironment()
{
    // Taken from the environment at start (SecretEnvironment), so that no child inherits it.
    return SecretEnvironment::value(QString::fromLatin1(kSecretVariable)).trimmed();
}

ClientCredentialsFlow::ClientCredentialsFlow(QNetworkAccessManager *manager, Options options, QByteArray secret,
                                             QObject *parent)
    : QObject(parent)
    , m_manager(manager)
    , m_options(std::move(options))
    , m_secret(std::move(secret))
{
}

ClientCredentialsFlow::~ClientCredentialsFlow()
{
    if (m_call)
        m_call->disconnect(this);
}

void ClientCredentialsFlow::start()
{
    if (m_call)
        return;
    const auto refuse = [this](const QString &message) {
        QMetaObject::invokeMethod(
            this, [this, message] { Q_EMIT failed(AuthError::make(AuthError::Kind::Config, message)); },
            Qt::QueuedConnection);
    };
    if (m_options.clientId.trimmed().isEmpty())
        return refuse(tr("A client id is needed to sign in as an application."));
    if (m_options.tenant.trimmed().isEmpty())
        return refuse(tr("A tenant (id or domain) is needed to sign in as an application."));
    if (m_secret.isEmpty())
        return refuse(tr("No client secret: set the environment variable %1.").arg(QLatin1StringView(kSecretVariable)));
    const QString scope = m_options.scope.isEmpty() ? m_options.cloud.armScope() : m_options.scope;
    m_call = OAuthCall::post(m_manager, m_options.cloud.endpointUrl(m_options.tenant, u"token"_s),
                             {{u"grant_type"_s, u"client_credentials"_s},
                              {u"client_id"_s, m_options.clientId},
                              {u"client_secret"_s, QString::fromUtf8(m_secret)},
                              {u"scope"_s, scope}},
                             m_options.requestTimeoutMs, this);
    connect(m_call, &OAuthCall::finished, this, &ClientCredentialsFlow::onToken);
}

void ClientCredentialsFlow::onToken()
{
    OAuthCall *call = m_call;
    m_call = nullptr;
    if (!call)
        return;
    if (!call->isOk()) {
        const AuthError &e = call->error();
        const QString message = e.kind == AuthError::Kind::InvalidClient
            ? tr("The application's credentials were refused: %1").arg(e.message)
            : tr("The application could not sign in: %1").arg(e.message);
        qCInfo(lcAuth) << "client credentials failed:" << AuthError::kindName(e.kind) << e.code;
        Q_EMIT failed(AuthError::make(e.kind, message, e.code, e.httpStatus));
        return;
    }
    AuthError error;
    const auto token = Token::fromResponse(call->body(), QDateTime::currentDateTimeUtc(), &error);
    if (!token) {
        Q_EMIT failed(error);
        return;
    }
    qCDebug(lcAuth) << "client credentials: token for" << m_options.clientId;
    Q_EMIT finished(*token);
}

} // namespace lockbox
