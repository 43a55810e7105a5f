#include "entraservice.h"

#include "simoptions.h"
#include "simtypes.h"
#include "simworld.h"
#include "tokenauthority.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QUuid>

#include <algorithm>
#include <optional>

using namespace Qt::StringLiterals;

namespace lockbox::sim {

namespace {

constexpr qint64 kAuthCodeLifetimeMs = qint64(10) * 60 * 1000;
// An expired device code is kept this long so that a late poll hears "expired_token" rather than
// "bad_verification_code".
constexpr qint64 kExpiredDeviceCodeKeepMs = qint64(60) * 60 * 1000;
constexpr int kUserCodeLength = 9;
// Without 0/O and 1/I/L: a user code is read off one screen and typed on another.
constexpr QStringView kUserCodeAlphabet = u"ABCDEFGHJKMNPQRSTUVWXYZ23456789";
const QString kDeviceCodeGrant = u"urn:ietf:params:oauth:grant-type:device_code"_s;

const QString kRefreshExpiredMessage =
    u"The provided authorization code or refresh token has expired due to inactivity. Send a new "
    "interactive authorization request for this user and resource."_s;

qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

QString newGuid()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

QByteArray randomToken(int bytes)
{
    QList<quint32> words((bytes + 3) / 4);
    QRandomGenerator::system()->fillRange(words.data(), words.size());
    return base64UrlEncode(QByteArray(reinterpret_cast<const char *>(words.constData()), bytes));
}

QString randomUserCode()
{
    QString code;
    code.reserve(kUserCodeLength);
    for (int i = 0; i < kUserCodeLength; ++i)
        code.append(kUserCodeAlphabet.at(QRandomGenerator::system()->bounded(int(kUserCodeAlphabet.size()))));
    return code;
}

// Users type codes as they like: "fj3m-7q2kx", "FJ3 M7Q 2KX".
QString normalisedUserCode(const QString &userCode)
{
    QString code;
    for (const QChar c : userCode) {
        if (c != u'-' && !c.isSpace())
            code.append(c.toUpper());
    }
    return code;
}

// Digests first, so that neither length nor content of the secret leaks through timing.
bool secretsEqual(const QString &a, const QString &b)
{
    const QByteArray da = QCryptographicHash::hash(a.toUtf8(), QCryptographicHash::Sha256);
    const QByteArray db = QCryptographicHash::hash(b.toUtf8(), QCryptographicHash::Sha256);
    unsigned char diff = 0;
    for (qsizetype i = 0; i < da.size(); ++i)
        diff |= static_cast<unsigned char>(da.at(i)) ^ static_cast<unsigned char>(db.at(i));
    return diff == 0;
}

QString formValue(const QUrlQuery &form, const QString &name)
{
    return form.queryItemValue(name, QUrl::FullyDecoded);
}

// QUrlQuery keeps "%xx" in a value as an escape and "+" as is; a decoded value must pass through
// unchanged, and "+" would read as a space to a form decoder.
QString queryEncoded(QString value)
{
    value.replace(u'%', u"%25"_s);
    value.replace(u'+', u"%2B"_s);
    return value;
}

QStringList scopeItems(const QString &scope)
{
    return scope.split(u' ', Qt::SkipEmptyParts);
}

QString normalisedScope(const QString &scope)
{
    return scopeItems(scope).join(u' ');
}

bool hasScope(const QString &scope, const QString &name)
{
    return scopeItems(scope).contains(name, Qt::CaseInsensitive);
}

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

void setNoStore(HttpResponse &response)
{
    response.setHeader("Cache-Control", "no-store, no-cache");
    response.setHeader("Pragma", "no-cache");
}

QString escaped(const QString &text)
{
    return text.toHtmlEscaped();
}

QString pageTitle()
{
    return u"Lockbox simulator \u2013 device sign-in"_s;
}

HttpResponse htmlPage(int status, const QString &title, const QString &bodyHtml)
{
    const QString html = u"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                         "<title>"_s
        + escaped(title)
        + u"</title><style>body{font-family:sans-serif;max-width:34em;margin:3em auto;padding:0 1em}"
          "label{display:block;margin:1em 0 .3em}input{font-size:1.1em;padding:.3em;width:100%;"
          "box-sizing:border-box}button{margin:1em .5em 0 0;font-size:1em;padding:.4em 1em}"
          ".error{color:#a00}.small{color:#555;font-size:.85em}</style></head><body><h1>"_s
        + escaped(title) + u"</h1>\n"_s + bodyHtml + u"\n</body></html>\n"_s;
    HttpResponse response = HttpResponse::text(status, html.toUtf8(), "text/html; charset=utf-8");
    response.setHeader("Content-Security-Policy",
                       "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'");
    response.setHeader("X-Content-Type-Options", "nosniff");
    setNoStore(response);
    return response;
}

QString deviceLoginForm(const QString &userCode, const QString &upn, const QString &defaultUpn)
{
    return u"<p>Enter the code displayed on your app or device.</p>\n"
           "<form method=\"post\" action=\"/devicelogin\">\n"
           "<label for=\"user_code\">Code</label>"
           "<input id=\"user_code\" name=\"user_code\" autocomplete=\"off\" autofocus required value=\""_s
        + escaped(userCode) + u"\">\n<label for=\"upn\">Sign in as (optional; default "_s + escaped(defaultUpn)
        + u")</label><input id=\"upn\" name=\"upn\" autocomplete=\"username\" value=\""_s + escaped(upn)
        + u"\">\n<button type=\"submit\" name=\"action\" value=\"approve\">Continue</button>"
          "<button type=\"submit\" name=\"action\" value=\"decline\">Cancel sign-in</button>\n</form>"_s;
}

struct EndpointMatch
{
    bool deviceLogin = false;
    QString tenant;
    QString endpoint; // lower case: devicecode, token, authorize
};

std::optional<EndpointMatch> matchEndpoint(const QString &path)
{
    static const QRegularExpression endpoint(u"^/([^/]+)/oauth2/v2\\.0/(devicecode|token|authorize)/?$"_s,
                                             QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression deviceLogin(u"^/devicelogin/?$"_s, QRegularExpression::CaseInsensitiveOption);
    if (deviceLogin.match(path).hasMatch())
        return EndpointMatch {true, QString(), QString()};
    const QRegularExpressionMatch m = endpoint.match(path);
    if (!m.hasMatch())
        return std::nullopt;
    return EndpointMatch {false, m.captured(1), m.captured(2).toLower()};
}

} // namespace

EntraService::EntraService(SimWorld &world, TokenAuthority &tokens, const SimOptions &options)
    : m_world(world)
    , m_tokens(tokens)
    , m_options(options)
{
}

bool EntraService::handles(const HttpRequest &request) const
{
    return matchEndpoint(request.path).has_value();
}

HttpResponse EntraService::handle(const HttpRequest &request)
{
    m_traceId = newGuid();
    // Entra takes the client's request id as the correlation id and echoes it.
    const QByteArray clientRequestId = request.header("client-request-id").trimmed();
    const bool echo = !QUuid::fromString(QLatin1StringView(clientRequestId)).isNull();
    m_correlationId = echo ? QString::fromLatin1(clientRequestId).toLower() : newGuid();

    purgeExpired();
    HttpResponse response = route(request);
    response.setHeader("x-ms-request-id", m_traceId.toLatin1());
    if (echo)
        response.setHeader("client-request-id", clientRequestId);
    return response;
}

HttpResponse EntraService::route(const HttpRequest &request)
{
    const std::optional<EndpointMatch> match = matchEndpoint(request.path);
    if (!match) // handle() without handles(): answer as Entra does for an unknown path
        return oauthError(404, u"invalid_request"_s, 900561, u"The endpoint does not exist."_s);
    if (match->deviceLogin)
        return deviceLoginPage(request);

    const bool authorize = match->endpoint == u"authorize"_s;
    if (!tenantKnown(match->tenant)) {
        const QString message = u"Tenant '"_s + match->tenant
            + u"' not found. Check to make sure you have the correct tenant ID and are signing into the "
              "correct cloud. Check with your subscription administrator, this may happen if there are no "
              "active subscriptions for the tenant."_s;
        return authorize ? htmlError(400, 90002, message) : oauthError(400, u"invalid_request"_s, 90002, message);
    }

    const QByteArray allowed = authorize ? "GET"_ba : "POST"_ba;
    if (request.method != allowed) {
        HttpResponse response =
            oauthError(405, u"invalid_request"_s, 900561,
                       u"The endpoint only accepts "_s + QString::fromLatin1(allowed) + u" requests. Received a "_s
                           + QString::fromLatin1(request.method) + u" request."_s);
        response.setHeader("Allow", allowed);
        return response;
    }

    if (authorize)
        return authorizeEndpoint(request);
    if (match->endpoint == u"devicecode"_s)
        return deviceCodeEndpoint(request);
    return tokenEndpoint(request);
}

bool EntraService::tenantKnown(const QString &tenant) const
{
    if (tenant.compare(m_world.tenantId(), Qt::CaseInsensitive) == 0
        || tenant.compare(u"organizations"_s, Qt::CaseInsensitive) == 0
        || tenant.compare(u"common"_s, Qt::CaseInsensitive) == 0
        || tenant.compare(u"contoso.example"_s, Qt::CaseInsensitive) == 0) {
        return true;
    }
    // Any verified domain of the directory names the tenant too; ours are those of its users.
    const QList<Principal> &principals = m_world.principals();
    return std::any_of(principals.cbegin(), principals.cend(), [&tenant](const Principal &p) {
        const qsizetype at = p.upn.lastIndexOf(u'@');
        return at >= 0 && QStringView(p.upn).mid(at + 1).compare(tenant, Qt::CaseInsensitive) == 0;
    });
}

void EntraService::purgeExpired()
{
    const qint64 now = nowMs();
    for (auto it = m_deviceCodes.begin(); it != m_deviceCodes.end();) {
        if (now >= it->expiresAtMs + kExpiredDeviceCodeKeepMs) {
            m_userCodes.remove(it->userCode);
            it = m_deviceCodes.erase(it);
        } else {
            ++it;
        }
    }
    for (auto it = m_authCodes.begin(); it != m_authCodes.end();) {
        if (now >= it->expiresAtMs)
            it = m_authCodes.erase(it);
        else
            ++it;
    }
}

// ---- device code ---------------------------------------------------------------------------

HttpResponse EntraService::deviceCodeEndpoint(const HttpRequest &request)
{
    const QUrlQuery form = request.formBody();
    const QString clientId = formValue(form, u"client_id"_s);
    const QString scope = normalisedScope(formValue(form, u"scope"_s));
    if (clientId.isEmpty())
        return missingParameter(u"client_id"_s);
    if (scope.isEmpty())
        return missingParameter(u"scope"_s);
    if (scopeResources(scope).size() > 1) {
        return oauthError(400, u"invalid_scope"_s, 28000,
                          u"Provided value for the input parameter scope is not valid because it contains more "
                          "than one resource. Scope "_s
                              + scope + u" is not valid."_s);
    }

    DeviceCode code;
    code.deviceCode = randomToken(96);
    while (m_deviceCodes.contains(code.deviceCode))
        code.deviceCode = randomToken(96);
    code.userCode = randomUserCode();
    while (m_userCodes.contains(code.userCode))
        code.userCode = randomUserCode();
    code.clientId = clientId;
    code.scope = scope;
    code.expiresAtMs = nowMs() + qint64(m_options.deviceCodeLifetimeSec) * 1000;
    code.intervalSec = m_options.deviceCodeIntervalSec;
    m_userCodes.insert(code.userCode, code.deviceCode);
    m_deviceCodes.insert(code.deviceCode, code);

    const QString verificationUri = request.baseUrl + u"/devicelogin"_s;
    HttpResponse response =
        HttpResponse::json(200,
                           QJsonObject {
                               {u"user_code"_s, code.userCode},
                               {u"device_code"_s, QString::fromLatin1(code.deviceCode)},
                               {u"verification_uri"_s, verificationUri},
                               {u"expires_in"_s, m_options.deviceCodeLifetimeSec},
                               {u"interval"_s, m_options.deviceCodeIntervalSec},
                               {u"message"_s,
                                QString(u"To sign in, use a web browser to open the page "_s + verificationUri
                                        + u" and enter the code "_s + code.userCode + u" to authenticate."_s)},
                           });
    setNoStore(response);
    return response;
}

EntraService::DeviceCode *EntraService::pendingDeviceCode(const QString &userCode, QString *error)
{
    auto fail = [error](const QString &message) -> DeviceCode * {
        if (error)
            *error = message;
        return nullptr;
    };
    const QString key = normalisedUserCode(userCode);
    const auto codeIt = m_userCodes.constFind(key);
    const auto it = codeIt == m_userCodes.cend() ? m_deviceCodes.end() : m_deviceCodes.find(codeIt.value());
    if (key.isEmpty() || it == m_deviceCodes.end())
        return fail(u"Unknown code '"_s + userCode.trimmed() + u"'. Check the code and try again."_s);
    if (it->state != DeviceCode::State::Pending)
        return fail(u"The code '"_s + it->userCode + u"' has already been used."_s);
    if (nowMs() >= it->expiresAtMs)
        return fail(u"The code '"_s + it->userCode + u"' has expired. Start the sign-in on your device again."_s);
    return &it.value();
}

bool EntraService::approveDeviceCode(const QString &userCode, const QString &upn, QString *error)
{
    DeviceCode *code = pendingDeviceCode(userCode, error);
    if (!code)
        return false;
    const Principal *principal = upn.trimmed().isEmpty() ? &m_world.testUser() : m_world.principalByUpn(upn.trimmed());
    if (!principal || principal->isServicePrincipal()) {
        if (error)
            *error = u"Unknown user '"_s + upn.trimmed() + u"'."_s;
        return false;
    }
    code->state = DeviceCode::State::Approved;
    code->principalOid = principal->oid;
    code->authTime = nowMs() / 1000;
    return true;
}

bool EntraService::declineDeviceCode(const QString &userCode, QString *error)
{
    DeviceCode *code = pendingDeviceCode(userCode, error);
    if (!code)
        return false;
    code->state = DeviceCode::State::Declined;
    return true;
}

HttpResponse EntraService::deviceLoginPage(const HttpRequest &request)
{
    const QString defaultUpn = m_world.testUser().upn;
    if (request.method == "GET"_ba) {
        // "otc" is how Microsoft's page takes a code from a link; handy for tests and scripts.
        return htmlPage(200, pageTitle(), deviceLoginForm(request.queryValue(u"otc"_s), QString(), defaultUpn));
    }
    if (request.method != "POST"_ba) {
        HttpResponse response = HttpResponse::text(405, "Method Not Allowed\n"_ba, "text/plain; charset=utf-8");
        response.setHeader("Allow", "GET, POST");
        return response;
    }

    const QUrlQuery form = request.formBody();
    const QString userCode = formValue(form, u"user_code"_s).trimmed();
    const QString upn = formValue(form, u"upn"_s).trimmed();
    const bool decline = formValue(form, u"action"_s) == u"decline"_s;
    QString error;
    const bool done = decline ? declineDeviceCode(userCode, &error) : approveDeviceCode(userCode, upn, &error);
    if (!done) {
        return htmlPage(400, pageTitle(),
                        u"<p class=\"error\">"_s + escaped(error) + u"</p>\n"_s
                            + deviceLoginForm(userCode, upn, defaultUpn));
    }
    if (decline) {
        return htmlPage(200, pageTitle(),
                        u"<p>You have declined the sign-in on your device. You may now close this window.</p>"_s);
    }
    return htmlPage(200, pageTitle(),
                    u"<p>You have signed in to the application on your device as <b>"_s
                        + escaped(upn.isEmpty() ? defaultUpn : upn) + u"</b>. You may now close this window.</p>"_s);
}

// ---- token ---------------------------------------------------------------------------------

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

HttpResponse EntraService::tokenGrantDeviceCode(const QUrlQuery &form)
{
    const QString clientId = formValue(form, u"client_id"_s);
    const QByteArray deviceCode = formValue(form, u"device_code"_s).toUtf8();
    if (clientId.isEmpty())
        return missingParameter(u"client_id"_s);
    if (deviceCode.isEmpty())
        return missingParameter(u"device_code"_s);

    const QString invalidCode = u"The provided value for the input parameter 'device_code' is not valid."_s;
    const auto it = m_deviceCodes.find(deviceCode);
    if (it == m_deviceCodes.end())
        return oauthError(400, u"bad_verification_code"_s, 70000, invalidCode);
    DeviceCode &code = it.value();
    if (code.clientId != clientId) {
        return oauthError(400, u"invalid_grant"_s, 70000, invalidCode + u" It was issued to a different client."_s);
    }
    if (code.state == DeviceCode::State::Redeemed) {
        return oauthError(400, u"bad_verification_code"_s, 70000,
                          invalidCode + u" This device code has already been redeemed."_s);
    }
    const qint64 now = nowMs();
    if (now >= code.expiresAtMs) {
        return oauthError(400, u"expired_token"_s, 70020, invalidCode + u" This device code has expired."_s);
    }
    if (code.state == DeviceCode::State::Declined) {
        return oauthError(400, u"authorization_declined"_s, 70000,
                          u"The user declined the authorization request on the verification page."_s);
    }
    if (code.state == DeviceCode::State::Approved) {
        HttpResponse response = tokenResponse(code.principalOid, code.clientId, code.scope, code.authTime);
        if (response.status == 200)
            code.state = DeviceCode::State::Redeemed;
        return response;
    }

    // Pending. A client polling faster than asked is told to slow down (RFC 8628 §3.5), with some
    // slack for coarse timers that fire a little early and for network jitter.
    const qint64 intervalMs = qint64(code.intervalSec) * 1000;
    const qint64 slackMs = qMax<qint64>(250, intervalMs / 10);
    const bool tooSoon = code.lastPollMs > 0 && now - code.lastPollMs + slackMs < intervalMs;
    code.lastPollMs = now;
    if (tooSoon) {
        code.intervalSec += 5;
        return oauthError(400, u"slow_down"_s, 70016,
                          u"OAuth 2.0 device flow error. Polling too frequently: wait "_s
                              + QString::number(code.intervalSec) + u" seconds between requests."_s);
    }
    return oauthError(400, u"authorization_pending"_s, 70016,
                      u"OAuth 2.0 device flow error. Authorization is pending. Continue polling."_s);
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
        return oauthError(400, u"invalid_grant"_s, 70008, kRefreshExpiredMessage);
    if (grant->clientId != clientId) {
        return oauthError(400, u"invalid_grant"_s, 70000,
                          u"The provided value for the input parameter 'refresh_token' is not valid. It was "
                          "issued to a different client."_s);
    }

    QString scope = normalisedScope(formValue(form, u"scope"_s));
    if (scope.isEmpty())
        scope = grant->scope;
    if (scopeResources(scope).size() > 1) {
        return oauthError(400, u"invalid_scope"_s, 28000,
                          u"Provided value for the input parameter scope is not valid because it contains more "
                          "than one resource. Scope "_s
                              + scope + u" is not valid."_s);
    }
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
        return oauthError(400, u"invalid_grant"_s, 70008, kRefreshExpiredMessage);
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

// ---- authorize -----------------------------------------------------------------------------

HttpResponse EntraService::authorizeEndpoint(const HttpRequest &request)
{
    const QString clientId = request.queryValue(u"client_id"_s);
    const QString redirectUri = request.queryValue(u"redirect_uri"_s);
    if (clientId.isEmpty())
        return htmlError(400, 900144, u"The request body must contain the following parameter: 'client_id'."_s);
    if (redirectUri.isEmpty())
        return htmlError(400, 900144, u"The request body must contain the following parameter: 'redirect_uri'."_s);
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
        query.addQueryItem(u"error_description"_s,
                           queryEncoded(u"AADSTS"_s + QString::number(aadsts) + u": "_s + message + u"\r\nTrace ID: "_s
                                        + m_traceId + u"\r\nCorrelation ID: "_s + m_correlationId + u"\r\nTimestamp: "_s
                                        + QDateTime::currentDateTimeUtc().toString(u"yyyy-MM-dd HH:mm:ss"_s) + u'Z'));
        if (hasState)
            query.addQueryItem(u"state"_s, queryEncoded(state));
        target.setQuery(query);
        return HttpResponse::redirect(target);
    };

    const QString responseType = request.queryValue(u"response_type"_s);
    if (responseType.isEmpty()) {
        return redirectError(u"invalid_request"_s, 900144,
                             u"The request body must contain the following parameter: 'response_type'."_s);
    }
    if (responseType != u"code"_s) {
        return redirectError(u"unsupported_response_type"_s, 700054,
                             u"response_type '"_s + responseType + u"' is not enabled for the application."_s);
    }
    const QString scope = normalisedScope(request.queryValue(u"scope"_s));
    if (scope.isEmpty()) {
        return redirectError(u"invalid_request"_s, 900144,
                             u"The request body must contain the following parameter: 'scope'."_s);
    }
    if (scopeResources(scope).size() > 1) {
        return redirectError(u"invalid_scope"_s, 28000,
                             u"Provided value for the input parameter scope is not valid because it contains more "
                             "than one resource. Scope "_s
                                 + scope + u" is not valid."_s);
    }

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

// ---- errors --------------------------------------------------------------------------------

HttpResponse EntraService::oauthError(int status, const QString &error, int aadsts, const QString &message) const
{
    // Outside handle() (not expected) there is no request to take ids from; make some up.
    const QString traceId = m_traceId.isEmpty() ? newGuid() : m_traceId;
    const QString correlationId = m_correlationId.isEmpty() ? newGuid() : m_correlationId;
    const QString timestamp = QDateTime::currentDateTimeUtc().toString(u"yyyy-MM-dd HH:mm:ss"_s) + u'Z';
    const QString code = QString::number(aadsts);
    HttpResponse response = HttpResponse::json(
        status,
        QJsonObject {
            {u"error"_s, error},
            {u"error_description"_s,
             QString(u"AADSTS"_s + code + u": "_s + message + u"\r\nTrace ID: "_s + traceId + u"\r\nCorrelation ID: "_s
                     + correlationId + u"\r\nTimestamp: "_s + timestamp)},
            {u"error_codes"_s, QJsonArray {aadsts}},
            {u"timestamp"_s, timestamp},
            {u"trace_id"_s, traceId},
            {u"correlation_id"_s, correlationId},
            {u"error_uri"_s, QString(u"https://login.microsoftonline.com/error?code="_s + code)},
        });
    setNoStore(response);
    return response;
}

HttpResponse EntraService::missingParameter(const QString &name) const
{
    return oauthError(400, u"invalid_request"_s, 900144,
                      u"The request body must contain the following parameter: '"_s + name + u"'."_s);
}

HttpResponse EntraService::htmlError(int status, int aadsts, const QString &message) const
{
    return htmlPage(status, u"Sign in"_s,
                    u"<p>Sorry, but we\u2019re having trouble signing you in.</p>\n<p class=\"error\">AADSTS"_s
                        + QString::number(aadsts) + u": "_s + escaped(message)
                        + u"</p>\n<p class=\"small\">Trace ID: "_s + escaped(m_traceId) + u"<br>Correlation ID: "_s
                        + escaped(m_correlationId) + u"<br>Timestamp: "_s
                        + QDateTime::currentDateTimeUtc().toString(u"yyyy-MM-dd HH:mm:ss"_s) + u"Z</p>"_s);
}

} // namespace lockbox::sim
