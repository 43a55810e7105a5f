#include "armservice.h"

#include "armservice_p.h"
#include "simjson.h"
#include "simoptions.h"
#include "simworld.h"
#include "tokenauthority.h"

#include <QUuid>

using namespace Qt::StringLiterals;

namespace lockbox::sim {

namespace arm {

const QRegularExpression &re(const char *pattern)
{
    static QHash<const char *, QRegularExpression> cache;
    auto it = cache.find(pattern);
    if (it == cache.end()) {
        it = cache.insert(pattern,
                          QRegularExpression(QString::fromLatin1(pattern), QRegularExpression::CaseInsensitiveOption));
    }
    return *it;
}

QString pageToken(const QString &a, const QString &b)
{
    return QString::fromLatin1(
        (a + u'|' + b).toUtf8().toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

std::optional<QStringList> readPageToken(const QString &token)
{
    const auto decoded = QByteArray::fromBase64Encoding(
        token.toLatin1(), QByteArray::Base64UrlEncoding | QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return std::nullopt;
    const QStringList parts = QString::fromUtf8(*decoded).split(u'|');
    if (parts.size() < 2)
        return std::nullopt;
    return parts;
}

QString nextLink(const HttpRequest &request, const QString &token)
{
    QUrl url(request.baseUrl + request.path);
    QUrlQuery query;
    const auto items = request.query.queryItems(QUrl::FullyDecoded);
    for (const auto &item : items) {
        if (item.first.compare(u"$skiptoken", Qt::CaseInsensitive) != 0)
            query.addQueryItem(item.first, item.second);
    }
    query.addQueryItem(u"$skiptoken"_s, token);
    url.setQuery(query);
    return QString::fromUtf8(url.toEncoded());
}

HttpResponse invalidSkipToken()
{
    return armError(400, u"InvalidSkipToken"_s, u"The $skiptoken value is not valid."_s);
}

HttpResponse requestNotFound(const QString &requestId, const QString &subscriptionId)
{
    return armError(
        404, u"RequestNotFound"_s,
        u"The Lockbox request '%1' was not found in subscription '%2'."_s.arg(requestId.left(100), subscriptionId));
}

} // namespace arm

using namespace arm;

ArmService::ArmService(SimWorld &world, TokenAuthority &tokens, SimOptions &options)
    : m_world(world)
    , m_tokens(tokens)
    , m_options(options)
{
}

bool ArmService::isDecisionPost(const HttpRequest &request)
{
    return !decisionPostRequestId(request).isEmpty();
}

QString ArmService::decisionPostRequestId(const HttpRequest &request)
{
    if (request.method != "POST")
        return {};
    return re("^/subscriptions/[^/]+/providers/Microsoft\\.CustomerLockbox/requests/([^/]+)/updateApproval/?$")
        .match(request.path)
        .captured(1);
}

HttpResponse ArmService::handle(const HttpRequest &request)
{
    const TokenCheck check = m_tokens.checkAuthorization(request.header("authorization"));
    HttpResponse response;
    if (!check.ok()) {
        response = unauthorized(int(check.problem));
    } else {
        Caller caller;
        caller.isStatic = check.claims.isStatic;
        caller.oid = check.claims.oid;
        caller.name = !check.claims.upn.isEmpty() ? check.claims.upn : check.claims.appId;
        caller.key = caller.isStatic ? u"static"_s : caller.oid;
        const Principal *principal = m_world.principalByOid(caller.oid);
        caller.globalAdmin = caller.isStatic || (principal && principal->globalAdmin);
        if (!caller.isStatic && !principal)
            response = unauthorized(int(TokenProblem::Unknown));
        else {
            const bool write = request.method != "GET" && request.method != "HEAD";
            HttpResponse budgetHeaders;
            if (auto throttled = throttle(caller, write, budgetHeaders))
                response = *throttled;
            else
                response = route(request, caller);
            for (const auto &h : std::as_const(budgetHeaders.headers))
                response.setHeader(h.first, h.second);
        }
    }

    const QByteArray requestId = QUuid::createUuid().toByteArray(QUuid::WithoutBraces);
    response.setHeader("x-ms-request-id", requestId);
    response.setHeader("x-ms-correlation-request-id", requestId);
    response.setHeader("x-ms-routing-request-id", "LOCALSIM:" + requestId);
    const QByteArray clientRequestId = request.header("x-ms-client-request-id");
    if (!clientRequestId.isEmpty())
        response.setHeader("x-ms-client-request-id", clientRequestId.left(200));
    response.setHeader("Cache-Control", "no-cache");
    response.setHeader("Pragma", "no-cache");
    response.setHeader("Expires", "-1");
    return response;
}

HttpResponse ArmService::route(const HttpRequest &request, const Caller &caller)
{
    const QString &path = request.path;
    const QByteArray &method = request.method;
    QRegularExpressionMatch m;

    const auto onlyMethod = [&method](const QByteArray &allowed) -> std::optional<HttpResponse> {
        if (method == allowed)
            return std::nullopt;
        HttpResponse r = armError(405, u"MethodNotAllowed"_s,
                                  u"The requested method '%1' is not allowed on this resource; use %2."_s.arg(
                                      QString::fromLatin1(method), QString::fromLatin1(allowed)));
        r.setHeader("Allow", allowed);
        return r;
    };

    if ((m = re("^/subscriptions/?$").match(path)).hasMatch()) {
        if (auto e = onlyMethod("GET"))
            return *e;
        return listSubscriptions(request, caller);
    }
    if ((m = re("^/subscriptions/([^/]+)/providers/Microsoft\\.CustomerLockbox/requests/?$").match(path)).hasMatch()) {
        if (auto e = onlyMethod("GET"))
            return *e;
        return listRequests(request, caller, m.captured(1));
    }
    if ((m = re("^/subscriptions/([^/]+)/providers/Microsoft\\.CustomerLockbox/requests/([^/]+)/?$").match(path))
            .hasMatch()) {
        if (auto e = onlyMethod("GET"))
            return *e;
        return getRequest(request, caller, m.captured(1), m.captured(2));
    }
    if ((m = re("^/subscriptions/([^/]+)/providers/Microsoft\\.CustomerLockbox/requests/([^/]+)/updateApproval/?$")
                 .match(path))
            .hasMatch()) {
        if (auto e = onlyMethod("POST"))
            return *e;
        return updateApproval(request, caller, m.captured(1), m.captured(2));
    }
    if ((m = re("^/providers/Microsoft\\.CustomerLockbox/tenantOptedIn/([^/]+)/?$").match(path)).hasMatch()) {
        if (auto e = onlyMethod("GET"))
            return *e;
        return tenantOptedIn(request, m.captured(1));
    }
    if ((m = re("^/providers/Microsoft\\.CustomerLockbox/(enableLockbox|disableLockbox)/?$").match(path)).hasMatch()) {
        if (auto e = onlyMethod("POST"))
            return *e;
        return setLockbox(request, caller, m.captured(1).compare(u"enableLockbox", Qt::CaseInsensitive) == 0);
    }
    if ((m = re("^/providers/Microsoft\\.CustomerLockbox/operations/?$").match(path)).hasMatch()) {
        if (auto e = onlyMethod("GET"))
            return *e;
        return operations(request);
    }
    if ((m = re("^/subscriptions/([^/]+)/providers/Microsoft\\.Insights/eventtypes/management/values/?$").match(path))
            .hasMatch()) {
        if (auto e = onlyMethod("GET"))
            return *e;
        return activityLog(request, caller, m.captured(1));
    }
    return armError(404, u"InvalidResourceType"_s,
                    u"The resource type could not be found for the path '%1'."_s.arg(path.left(300)));
}

HttpResponse ArmService::unauthorized(int problem) const
{
    QString code = u"InvalidAuthenticationToken"_s;
    QString message = u"The access token is invalid."_s;
    QString description = u"The access token is invalid"_s;
    switch (TokenProblem(problem)) {
    case TokenProblem::Missing:
        code = u"AuthenticationFailed"_s;
        message = u"Authentication failed. The 'Authorization' header is missing."_s;
        description = u"The authentication failed because of missing 'Authorization' header."_s;
        break;
    case TokenProblem::Malformed:
        message = u"The access token is invalid: it is not a well-formed bearer token."_s;
        description = u"The access token is malformed."_s;
        break;
    case TokenProblem::Expired:
        code = u"ExpiredAuthenticationToken"_s;
        message = u"The access token expiry UTC time is earlier than current UTC time."_s;
        description = u"The access token has expired."_s;
        break;
    case TokenProblem::WrongAudience:
        code = u"InvalidAuthenticationTokenAudience"_s;
        message = u"The access token has been obtained for wrong audience or resource. It should exactly match "
                  "'https://management.azure.com/'."_s;
        description = u"The access token was issued for another audience."_s;
        break;
    default:
        break;
    }
    HttpResponse r = armError(401, code, message);
    const QString header = u"Bearer authorization_uri=\"https://login.microsoftonline.com/%1\", "
                           "error=\"invalid_token\", error_description=\"%2\""_s.arg(m_world.tenantId(), description);
    r.setHeader("WWW-Authenticate", header.toUtf8());
    return r;
}

std::optional<HttpResponse> ArmService::checkAccess(const Caller &caller, const QString &subscriptionId,
                                                    const QString &action) const
{
    const Subscription *sub = m_world.subscription(subscriptionId);
    if (!sub) {
        return armError(404, u"SubscriptionNotFound"_s,
                        u"The subscription '%1' could not be found."_s.arg(subscriptionId.left(100)));
    }
    if (caller.isStatic || sub->approvers.contains(caller.oid))
        return std::nullopt;
    return armError(403, u"AuthorizationFailed"_s,
                    u"The client '%1' with object id '%2' does not have authorization to perform action '%3' over "
                    "scope '/subscriptions/%4' or the scope is invalid. If access was recently granted, please "
                    "refresh your credentials."_s.arg(caller.name, caller.oid, action, sub->subscriptionId));
}

std::optional<HttpResponse> ArmService::checkApiVersion(const HttpRequest &request, const QStringList &accepted,
                                                        bool optional) const
{
    if (!request.hasQueryItem(u"api-version"_s)) {
        if (optional)
            return std::nullopt;
        return armError(400, u"MissingApiVersionParameter"_s,
                        u"The api-version query parameter (?api-version=) is required for all requests."_s);
    }
    const QString version = request.queryValue(u"api-version"_s);
    if (accepted.contains(version, Qt::CaseInsensitive))
        return std::nullopt;
    return armError(400, u"InvalidApiVersionParameter"_s,
                    u"The api-version '%1' is invalid. The supported versions are '%2'."_s.arg(version.left(50),
                                                                                               accepted.join(u',')));
}

std::optional<HttpResponse> ArmService::throttle(const Caller &caller, bool write, HttpResponse &headersOut)
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    Budget &b = m_budgets[caller.key];
    if (now - b.hourStartMs >= qint64(3600) * 1000) {
        b.hourStartMs = now;
        b.hourReads = 0;
        b.hourWrites = 0;
    }
    if (m_options.rateLimit > 0) {
        if (now - b.windowStartMs >= 1000) {
            b.windowStartMs = now;
            b.used = 0;
        }
        if (b.used >= m_options.rateLimit) {
            m_world.counters().throttled += 1;
            const qint64 waitMs = 1000 - (now - b.windowStartMs);
            HttpResponse r = armError(429, u"TooManyRequests"_s,
                                      u"The request is being throttled as the limit has been reached for operation "
                                      "type - %1. Please retry after the time given in the Retry-After header."_s.arg(
                                          write ? u"Write"_s : u"Read"_s));
            r.setHeader("Retry-After", QByteArray::number(qMax<qint64>(1, (waitMs + 999) / 1000)));
            r.setHeader("x-ms-ratelimit-remaining-subscription-reads", "0");
            r.setHeader("x-ms-ratelimit-remaining-subscription-writes", "0");
            return r;
        }
        b.used += 1;
        const QByteArray left = QByteArray::number(m_options.rateLimit - b.used);
        headersOut.setHeader("x-ms-ratelimit-remaining-subscription-reads", left);
        headersOut.setHeader("x-ms-ratelimit-remaining-subscription-writes", left);
        return std::nullopt;
    }
    // Unlimited: report ARM's usual hourly budget, which never runs out here.
    (write ? b.hourWrites : b.hourReads) += 1;
    headersOut.setHeader("x-ms-ratelimit-remaining-subscription-reads",
                         QByteArray::number(qMax(1, 11999 - b.hourReads)));
    headersOut.setHeader("x-ms-ratelimit-remaining-subscription-writes",
                         QByteArray::number(qMax(1, 1199 - b.hourWrites)));
    return std::nullopt;
}

} // namespace lockbox::sim
