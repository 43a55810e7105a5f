// Entra ID's token endpoint: client authentication, the choice of grant, the refresh_token and
// client_credentials grants, and the token response every grant ends in.

#include "entraservice.h"
#include "entraservice_p.h"
#include "simoptions.h"
#include "simtypes.h"
#include "simworld.h"
#include "tokenauthority.h"

#include <QJsonObject>

#include <algorithm>
#include <optional>

using namespace Qt::StringLiterals;

namespace lockbox::sim {

using namespace entra;

namespace {

const QString kDeviceCodeGrant = u"urn:ietf:params:oauth:grant-type:device_code"_s;

bool isOpenIdScope(const QString &item)
{
    return item.compare(u"openid"_s, Qt::CaseInsensitive) == 0 || item.compare(u"profile"_s, Qt::CaseInsensitive) == 0
        || item.compare(u"email"_s, Qt::CaseInsensitive) == 0;
}

// The "scope" of a user token response: the resource permissions as requested (ARM's
// user_impersonation spelled out when only ".default" was asked for, as Entra does), plus
// offline_access when it was requested.
QString grantedScope(const QString &requested)
{
    QStringList granted;
    bool offline = false;
    QString armDefaultPrefix;
    bool hasImpersonation = false;
    for (const QString &item : scopeItems(requested)) {
        if (isOpenIdScope(item))
            continue;
        if (item.compare(u"offline_access"_s, Qt::CaseInsensitive) == 0) {
            offline = true;
            continue;
        }
        if (granted.contains(item, Qt::CaseInsensitive))
            continue;
        granted.append(item);
        const qsizetype slash = item.lastIndexOf(u'/');
        const QString prefix = item.left(slash);
        if (slash > 0 && isArmResource(prefix)) {
            const QString permission = item.mid(slash + 1);
            if (permission == u".default"_s)
                armDefaultPrefix = prefix;
            else if (permission.compare(u"user_impersonation"_s, Qt::CaseInsensitive) == 0)
                hasImpersonation = true;
        }
    }
    if (granted.isEmpty())
        granted.append(TokenAuthority::armAudience() + u"user_impersonation"_s); // what the token is for
    else if (!armDefaultPrefix.isEmpty() && !hasImpersonation)
        granted.prepend(armDefaultPrefix + u"/user_impersonation"_s);
    if (offline)
        granted.append(u"offline_access"_s);
    return granted.join(u' ');
}

} // namespace

HttpResponse EntraService::tokenEndpoint(const HttpRequest &request)
{
    QUrlQuery form = request.formBody();

    // client_secret_basic (RFC 6749 §2.3.1): the credentials are form-encoded, then base64.
    const QByteArray authorization = request.header("authorization").trimmed();
    if (authorization.size() > 6 && authorization.left(6).compare("Basic "_ba, Qt::CaseInsensitive) == 0
        && !form.hasQueryItem(u"client_secret"_s)) {
        QByteArray decoded = QByteArray::fromBase64(authorization.mid(6).trimmed());
        decoded.replace('+', ' ');
        const qsizetype colon = decoded.indexOf(':');
        if (colon > 0) {
            const QString id = QUrl::fromPercentEncoding(decoded.left(colon));
            const QString secret = QUrl::fromPercentEncoding(decoded.mid(colon + 1));
            if (!form.hasQueryItem(u"client_id"_s))
                form.addQueryItem(u"client_id"_s, queryEncoded(id));
            form.addQueryItem(u"client_secret"_s, queryEncoded(secret));
        }
    }

    const QString grantType = formValue(form, u"grant_type"_s);
    if (grantType == kDeviceCodeGrant)
        return tokenGrantDeviceCode(form);
    if (grantType == u"refresh_token"_s)
        return tokenGrantRefresh(form);
    if (grantType == u"client_credentials"_s)
        return tokenGrantClientCredentials(form);
    if (grantType == u"authorization_code"_s)
        return tokenGrantAuthorizationCode(form);
    return oauthError(400, u"unsupported_grant_type"_s, 70003,
                      u"The app requested an unsupported grant type '"_s + grantType + u"'."_s);
}

HttpResponse EntraService::tokenGrantRefresh(const QUrlQuery &form)
{
    const QString clientId = formValue(form, u"client_id"_s);
    const QString refreshToken = formValue(form, u"refresh_token"_s);
    if (clientId.isEmpty())
        return missingParameter(u"client_id"_s);
    if (refreshToken.isEmpty())
        return missingParameter(u"refresh_token"_s);

    const std::optional<TokenAuthority::RefreshGrant> grant = m_tokens.redeemRefreshToken(refreshToken.toUtf8());
    if (!grant)
        return oauthError(400, u"invalid_grant"_s, 70008, expiredGrantMessage());
    if (grant->clientId != clientId) {
        return oauthError(400, u"invalid_grant"_s, 70000,
                          u"The provided value for the input parameter 'refresh_token' is not valid. It was "
                          "issued to a different client."_s);
    }

    QString scope = normalisedScope(formValue(form, u"scope"_s));
    if (scope.isEmpty())
        scope = grant->scope;
    if (scopeResources(scope).size() > 1)
        return oauthError(400, u"invalid_scope"_s, 28000, multipleResourcesMessage(scope));
    // The grant is an offline one: redeeming it yields a new refresh token whatever the scope
    // names. The old token stays valid; Entra rotates without revoking.
    if (!hasScope(scope, u"offline_access"_s))
        scope += u" offline_access"_s;
    return tokenResponse(grant->principalOid, clientId, scope, grant->authTime);
}

HttpResponse EntraService::tokenGrantClientCredentials(const QUrlQuery &form)
{
    const QString clientId = formValue(form, u"client_id"_s);
    if (clientId.isEmpty())
        return missingParameter(u"client_id"_s);

    const auto credential =
        std::find_if(m_options.clients.cbegin(), m_options.clients.cend(), [&clientId](const ClientCredential &c) {
            return c.clientId.compare(clientId, Qt::CaseInsensitive) == 0;
        });
    const Principal *principal =
        credential == m_options.clients.cend() ? nullptr : m_world.principalByAppId(credential->clientId);
    if (!principal) {
        return oauthError(400, u"unauthorized_client"_s, 700016,
                          u"Application with identifier '"_s + clientId + u"' was not found in the directory '"_s
                              + m_world.tenantId()
                              + u"'. This can happen if the application has not been installed by the "
                                "administrator of the tenant or consented to by any user in the tenant. You may "
                                "have sent your authentication request to the wrong tenant."_s);
    }

    const QString secret = formValue(form, u"client_secret"_s);
    if (secret.isEmpty()) {
        return oauthError(401, u"invalid_client"_s, 7000218,
                          u"The request body must contain the following parameter: 'client_assertion' or "
                          "'client_secret'."_s);
    }
    if (!secretsEqual(secret, credential->secret)) {
        return oauthError(401, u"invalid_client"_s, 7000215,
                          u"Invalid client secret provided. Ensure the secret being sent in the request is the "
                          "client secret value, not the client secret ID, for a secret added to app '"_s
                              + clientId + u"'."_s);
    }

    const QString scope = normalisedScope(formValue(form, u"scope"_s));
    if (scope.isEmpty())
        return missingParameter(u"scope"_s);
    const QStringList items = scopeItems(scope);
    if (items.size() != 1 || !items.front().endsWith(u"/.default"_s)) {
        return oauthError(400, u"invalid_scope"_s, 1002012,
                          u"The provided value for scope "_s + scope
                              + u" is not valid. Client credential flows must have a scope value with /.default "
                                "suffixed to the resource identifier (application ID URI)."_s);
    }
    return tokenResponse(principal->oid, clientId, scope, nowMs() / 1000);
}

HttpResponse EntraService::tokenResponse(const QString &principalOid, const QString &clientId, const QString &scope,
                                         qint64 authTime, const QString &nonce)
{
    const Principal *principal = m_world.principalByOid(principalOid);
    if (!principal) {
        return oauthError(400, u"invalid_grant"_s, 50034,
                          u"The user account does not exist in the '"_s + m_world.tenantId()
                              + u"' directory. To sign into this application, the account must be added to the "
                                "directory."_s);
    }
    const int lifetime = qMax(0, m_tokens.lifetimeSec());
    QJsonObject body {
        {u"token_type"_s, u"Bearer"_s},
        {u"expires_in"_s, lifetime},
        {u"ext_expires_in"_s, lifetime},
        {u"access_token"_s, QString::fromLatin1(m_tokens.issueAccessToken(*principal, scope, authTime, clientId))},
    };
    // Client credentials get an access token only: no scope echo, no refresh or id token.
    if (!principal->isServicePrincipal()) {
        body.insert(u"scope"_s, grantedScope(scope));
        if (hasScope(scope, u"offline_access"_s)) {
            body.insert(u"refresh_token"_s,
                        QString::fromLatin1(m_tokens.issueRefreshToken(*principal, clientId, scope, authTime)));
        }
        if (hasScope(scope, u"openid"_s)) {
            body.insert(u"id_token"_s,
                        QString::fromLatin1(m_tokens.issueIdToken(*principal, clientId, authTime, nonce)));
        }
    }
    HttpResponse response = HttpResponse::json(200, body);
    setNoStore(response);
    return response;
}

} // namespace lockbox::sim
