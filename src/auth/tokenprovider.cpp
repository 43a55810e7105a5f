#include "tokenprovider.h"

#include "secretenvironment.h"

#include <QMetaObject>

using namespace Qt::StringLiterals;

namespace lockbox {

EnvironmentTokenProvider::EnvironmentTokenProvider(const QString &variable, QObject *parent)
    : TokenProvider(parent)
    , m_variable(variable)
    , m_token(SecretEnvironment::value(variable).trimmed())
{
    if (m_token.startsWith("Bearer ") || m_token.startsWith("bearer "))
        m_token = m_token.mid(7).trimmed();
    // For audit records only: the token is not verified here (the server does that), and a token
    // that is not a JWT simply has no name.
    m_claims = TokenClaims::fromJwt(m_token);
    m_identity = m_claims.userName();
    if (m_identity.isEmpty())
        m_identity = tr("token from $%1").arg(m_variable);
}

void EnvironmentTokenProvider::token(bool forceRefresh, QObject *context, Callback callback)
{
    QString error;
    if (m_token.isEmpty()) {
        error = tr("No token: the environment variable %1 is empty or not set. Set it to an Azure Resource "
                   "Manager bearer token (for example from 'az account get-access-token').")
                    .arg(m_variable);
    } else if (forceRefresh) {
        error = tr("The token in %1 was rejected or has expired; set a new one.").arg(m_variable);
    }
    const QByteArray token = error.isEmpty() ? m_token : QByteArray();
    // Always answer from the event loop, so callers see one behaviour whatever the provider.
    QMetaObject::invokeMethod(
        context, [callback, token, error] { callback(token, error); }, Qt::QueuedConnection);
}

QString EnvironmentTokenProvider::identity() const
{
    return m_identity;
}

} // namespace lockbox
