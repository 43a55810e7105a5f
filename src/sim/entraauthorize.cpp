// Entra ID's sign-in in a browser: the authorize endpoint, which redirects to a desktop app's
// loopback listener with a code, and the token endpoint's authorization_code grant (PKCE S256).

#include "entraservice.h"
#include "entraservice_p.h"
#include "simtypes.h"
#include "simworld.h"
#include "tokenauthority.h"

#include <QCryptographicHash>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace lockbox::sim {

using namespace entra;

namespace {

constexpr qint64 kAuthCodeLifetimeMs = qint64(10) * 60 * 1000;

bool isLoopbackRedirect(const QUrl &url)
{
    if (!url.isValid() || url.isRelative() || url.scheme().compare(u"http"_s, Qt::CaseInsensitive) != 0)
        return false;
    // A fragment is not allowed in a redirect URI (RFC 6749 §3.1.2); user info only misleads.
    if (url.hasFragment() || !url.userInfo().isEmpty())
        return false;
    const QString host = url.host(); // lower case, IPv6 without brackets
    return host == u"localhost"_s || host == u"127.0.0.1"_s || host == u"::1"_s;
}

} // namespace

HttpResponse EntraService::authorizeEndpoint(const HttpRequest &request)
{
    const QString clientId = request.queryValue(u"client_id"_s);
    const QString redirectUri = request.queryValue(u"redirect_uri"_s);
    if (clientId.isEmpty())
        return htmlError(400, 900144, missingParameterMessage(u"client_id"_s));
    if (redirectUri.isEmpty())
        return htmlError(400, 900144, missingParameterMessage(u"redirect_uri"_s));
    const QUrl redirect(redirectUri, QUrl::StrictMode);
    // Only a desktop app's loopback listener may receive a code; anything else gets a page, never
    // a redirect, so the simulator cannot be used to bounce a browser elsewhere.
    if (!isLoopbackRedirect(redirect)) {
        return htmlError(400, 50011,
                         u"The redirect URI '"_s + redirectUri
                             + u"' specified in the request does not match the redirect URIs configured for the "
                               "application '"_s
                             + clientId
                             + u"'. Make sure the redirect URI sent in the request matches one added "
                               "to your application in the Azure portal."_s);
    }

    const bool hasState = request.hasQueryItem(u"state"_s);
    const QString state = request.queryValue(u"state"_s);
    // From here on errors go back to the client's redirect URI (RFC 6749 §4.1.2.1).
    auto redirectError = [&](const QString &error, int aadsts, const QString &message) {
        QUrl target = redirect;
        QUrlQuery query(target);
        query.addQueryItem(u"error"_s, queryEncoded(error));
        query.addQueryItem(
            u"error_description"_s,
            queryEncoded(errorDescription(aadsts, message, m_traceId, m_correlationId, errorTimestamp())));
        if (hasState)
            query.addQueryItem(u"state"_s, queryEncoded(state));
        target.setQuery(query);
        return HttpResponse::redirect(target);
    };

    const QString responseType = request.queryValue(u"response_type"_s);
    if (responseType.isEmpty()) {
        return redirectError(u"invalid_request"_s, 900144, missingParameterMessage(u"response_type"_s));
    }
    if (responseType != u"code"_s) {
        return redirectError(u"unsupported_response_type"_s, 700054,
                             u"response_type '"_s + responseType + u"' is not enabled for the application."_s);
    }
    const QString scope = normalisedScope(request.queryValue(u"scope"_s));
    if (scope.isEmpty()) {
        return redirectError(u"invalid_request"_s, 900144, missingParameterMessage(u"scope"_s));
    }
    if (scopeResources(scope).size() > 1)
        return redirectError(u"invalid_scope"_s, 28000, multipleResourcesMessage(scope));

    const QString challenge = request.queryValue(u"code_challenge"_s);
    const bool hasMethod = request.hasQueryItem(u"code_challenge_method"_s);
    const QString method = request.queryValue(u"code_challenge_method"_s);
    if (!challenge.isEmpty() || hasMethod) {
        // The RFC's default is "plain", which protects nothing on a loopback redirect: S256 only.
        if (method != u"S256"_s) {
            return redirectError(u"invalid_request"_s, 9002313,
                                 u"Invalid request. Request is malformed or invalid. code_challenge_method '"_s + method
                                     + u"' is not supported; use S256."_s);
        }
        bool ok = false;
        const QByteArray digest = base64UrlDecode(challenge.toLatin1(), &ok);
        if (challenge.size() != 43 || !ok || digest.size() != 32) {
            return redirectError(u"invalid_request"_s, 501491, u"Invalid size of Code_Challenge parameter."_s);
        }
    }

    // Simulated sign-in and consent: always fresh, so max_age and prompt are met as they are.
    const QString loginHint = request.queryValue(u"login_hint"_s).trimmed();
    const Principal *principal = loginHint.isEmpty() ? nullptr : m_world.principalByUpn(loginHint);
    if (!principal || principal->isServicePrincipal())
        principal = &m_world.testUser();

    AuthCode code;
    code.clientId = clientId;
    code.redirectUri = redirectUri;
    code.scope = scope;
    code.codeChallenge = challenge;
    code.principalOid = principal->oid;
    code.authTime = nowMs() / 1000;
    code.expiresAtMs = nowMs() + kAuthCodeLifetimeMs;
    code.nonce = request.queryValue(u"nonce"_s);
    QString codeValue = QString::fromLatin1(randomToken(64));
    while (m_authCodes.contains(codeValue))
        codeValue = QString::fromLatin1(randomToken(64));
    m_authCodes.insert(codeValue, code);

    QUrl target = redirect;
    QUrlQuery query(target); // keeps the redirect URI's own query
    query.addQueryItem(u"code"_s, codeValue);
    if (hasState)
        query.addQueryItem(u"state"_s, queryEncoded(state));
    target.setQuery(query);
    HttpResponse response = HttpResponse::redirect(target);
    setNoStore(response);
    return response;
}

HttpResponse EntraService::tokenGrantAuthorizationCode(const QUrlQuery &form)
{
    const QString clientId = formValue(form, u"client_id"_s);
    const QString codeValue = formValue(form, u"code"_s);
    const QString redirectUri = formValue(form, u"redirect_uri"_s);
    if (clientId.isEmpty())
        return missingParameter(u"client_id"_s);
    if (codeValue.isEmpty())
        return missingParameter(u"code"_s);
    if (redirectUri.isEmpty())
        return missingParameter(u"redirect_uri"_s);

    const auto it = m_authCodes.find(codeValue);
    if (it == m_authCodes.end() || nowMs() >= it->expiresAtMs)
        return oauthError(400, u"invalid_grant"_s, 70008, expiredGrantMessage());
    AuthCode &code = it.value();
    if (code.redeemed) {
        return oauthError(400, u"invalid_grant"_s, 54005,
                          u"OAuth2 Authorization code was already redeemed, please retry with a new valid code "
                          "or use an existing refresh token."_s);
    }
    // Single use, failed attempts included: a wrong verifier must not get a second guess.
    code.redeemed = true;

    if (code.clientId != clientId) {
        return oauthError(400, u"invalid_grant"_s, 70000,
                          u"The provided value for the input parameter 'code' is not valid. It was issued to a "
                          "different client."_s);
    }
    if (code.redirectUri != redirectUri) {
        return oauthError(400, u"invalid_grant"_s, 500112,
                          u"The reply address '"_s + redirectUri + u"' does not match the reply address '"_s
                              + code.redirectUri + u"' provided when requesting Authorization code."_s);
    }
    if (!code.codeChallenge.isEmpty()) {
        const QString verifier = formValue(form, u"code_verifier"_s);
        const QByteArray computed =
            base64UrlEncode(QCryptographicHash::hash(verifier.toUtf8(), QCryptographicHash::Sha256));
        if (verifier.isEmpty() || !secretsEqual(QString::fromLatin1(computed), code.codeChallenge)) {
            return oauthError(400, u"invalid_grant"_s, 501481,
                              u"The Code_Verifier does not match the code_challenge supplied in the "
                              "authorization request."_s);
        }
    }
    return tokenResponse(code.principalOid, clientId, code.scope, code.authTime, code.nonce);
}

} // namespace lockbox::sim
