#include "tokenprovider.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QMetaObject>

using namespace Qt::StringLiterals;

namespace lockbox {

namespace {

// The user named by a JWT's claims, for audit records only: the token is not verified here
// (the server does that), and a token that is not a JWT simply has no name.
QString identityFromJwt(const QByteArray &token)
{
    const QList<QByteArray> parts = token.split('.');
    if (parts.size() != 3)
        return QString();
    const auto payload = QByteArray::fromBase64Encoding(parts.at(1), QByteArray::Base64UrlEncoding
                                                                         | QByteArray::OmitTrailingEquals);
    if (!payload)
        return QString();
    const QJsonObject claims = QJsonDocument::fromJson(*payload).object();
    for (const auto key : {u"upn", u"preferred_username", u"unique_name", u"appid", u"oid"}) {
        const QString value = claims.value(key).toString();
        if (!value.isEmpty())
            return value.left(200);
    }
    return QString();
}

} // namespace

EnvironmentTokenProvider::EnvironmentTokenProvider(const QString &variable, QObject *parent)
    : TokenProvider(parent)
    , m_variable(variable)
    , m_token(qgetenv(variable.toLocal8Bit().constData()).trimmed())
{
    if (m_token.startsWith("Bearer ") || m_token.startsWith("bearer "))
        m_token = m_token.mid(7).trimmed();
    m_identity = identityFromJwt(m_token);
    if (m_identity.isEmpty())
        m_identity = u"token from $"_s + m_variable;
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
