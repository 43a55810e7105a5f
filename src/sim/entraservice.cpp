#include "entraservice.h"

#include "entraservice_p.h"
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

namespace entra {

qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

QByteArray randomToken(int bytes)
{
    QList<quint32> words((bytes + 3) / 4);
    QRandomGenerator::system()->fillRange(words.data(), words.size());
    return base64UrlEncode(QByteArray(reinterpret_cast<const char *>(words.constData()), bytes));
}

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

void setNoStore(HttpResponse &response)
{
    response.setHeader("Cache-Control", "no-store, no-cache");
    response.setHeader("Pragma", "no-cache");
}

QString errorTimestamp()
{
    return QDateTime::currentDateTimeUtc().toString(u"yyyy-MM-dd HH:mm:ss"_s) + u'Z';
}

QString errorDescription(int aadsts, const QString &message, const QString &traceId, const QString &correlationId,
                         const QString &timestamp)
{
    return u"AADSTS"_s + QString::number(aadsts) + u": "_s + message + u"\r\nTrace ID: "_s + traceId
        + u"\r\nCorrelation ID: "_s + correlationId + u"\r\nTimestamp: "_s + timestamp;
}

QString missingParameterMessage(const QString &name)
{
    return u"The request body must contain the following parameter: '"_s + name + u"'."_s;
}

QString multipleResourcesMessage(const QString &scope)
{
    return u"Provided value for the input parameter scope is not valid because it contains more than one "
           "resource. Scope "_s
        + scope + u" is not valid."_s;
}

QString expiredGrantMessage()
{
    return u"The provided authorization code or refresh token has expired due to inactivity. Send a new "
           "interactive authorization request for this user and resource."_s;
}

QString escaped(const QString &text)
{
    return text.toHtmlEscaped();
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

} // namespace entra

using namespace entra;

namespace {

// An expired device code is kept this long so that a late poll hears "expired_token" rather than
// "bad_verification_code".
constexpr qint64 kExpiredDeviceCodeKeepMs = qint64(60) * 60 * 1000;

QString newGuid()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
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

// ---- errors --------------------------------------------------------------------------------

HttpResponse EntraService::oauthError(int status, const QString &error, int aadsts, const QString &message) const
{
    // Outside handle() (not expected) there is no request to take ids from; make some up.
    const QString traceId = m_traceId.isEmpty() ? newGuid() : m_traceId;
    const QString correlationId = m_correlationId.isEmpty() ? newGuid() : m_correlationId;
    const QString timestamp = errorTimestamp();
    HttpResponse response = HttpResponse::json(
        status,
        QJsonObject {
            {u"error"_s, error},
            {u"error_description"_s, errorDescription(aadsts, message, traceId, correlationId, timestamp)},
            {u"error_codes"_s, QJsonArray {aadsts}},
            {u"timestamp"_s, timestamp},
            {u"trace_id"_s, traceId},
            {u"correlation_id"_s, correlationId},
            {u"error_uri"_s, QString(u"https://login.microsoftonline.com/error?code="_s + QString::number(aadsts))},
        });
    setNoStore(response);
    return response;
}

HttpResponse EntraService::missingParameter(const QString &name) const
{
    return oauthError(400, u"invalid_request"_s, 900144, missingParameterMessage(name));
}

HttpResponse EntraService::htmlError(int status, int aadsts, const QString &message) const
{
    return htmlPage(status, u"Sign in"_s,
                    u"<p>Sorry, but we\u2019re having trouble signing you in.</p>\n<p class=\"error\">AADSTS"_s
                        + QString::number(aadsts) + u": "_s + escaped(message)
                        + u"</p>\n<p class=\"small\">Trace ID: "_s + escaped(m_traceId) + u"<br>Correlation ID: "_s
                        + escaped(m_correlationId) + u"<br>Timestamp: "_s + errorTimestamp() + u"</p>"_s);
}

} // namespace lockbox::sim
