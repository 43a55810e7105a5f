#include "armservice.h"

#include "simjson.h"
#include "simoptions.h"
#include "simworld.h"
#include "tokenauthority.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QUuid>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace lockbox::sim {

namespace {

const QStringList kSubscriptionApiVersions = {u"2022-12-01"_s, u"2021-01-01"_s, u"2020-01-01"_s, u"2019-11-01"_s,
                                              u"2016-06-01"_s};
const QStringList kActivityLogApiVersions = {u"2015-04-01"_s};

const QRegularExpression &re(const char *pattern)
{
    // Patterns are few and fixed; compiling each once keeps routing cheap.
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

QDateTime parseFilterTime(const QString &text)
{
    QDateTime t = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!t.isValid())
        t = QDateTime::fromString(text, Qt::ISODate);
    return t.toUTC();
}

QJsonArray currentStatusInfo(const QString &status)
{
    QJsonObject info;
    info.insert(u"currentStatus"_s, status);
    QJsonObject entry;
    entry.insert(u"type"_s, u"LockboxRequestStatus"_s);
    entry.insert(u"info"_s, info);
    return QJsonArray {entry};
}

} // namespace

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

HttpResponse ArmService::listSubscriptions(const HttpRequest &request, const Caller &caller)
{
    if (auto e = checkApiVersion(request, kSubscriptionApiVersions, false))
        return *e;
    m_world.counters().reads += 1;
    QList<const Subscription *> visible;
    for (const Subscription &sub : m_world.subscriptions()) {
        if (caller.isStatic || sub.approvers.contains(caller.oid))
            visible.append(&sub);
    }
    int start = 0;
    const QString token = request.queryValue(u"$skiptoken"_s);
    if (!token.isEmpty()) {
        const auto parts = readPageToken(token);
        bool ok = false;
        start = parts ? parts->at(0).toInt(&ok) : -1;
        if (!ok || start < 0)
            return armError(400, u"InvalidSkipToken"_s, u"The $skiptoken value is not valid."_s);
    }
    QJsonArray value;
    const int end = qMin<int>(int(visible.size()), start + qMax(1, m_options.pageSize));
    for (int i = start; i < end; ++i)
        value.append(subscriptionToJson(*visible.at(i), m_world.tenantId()));
    QJsonObject body;
    body.insert(u"value"_s, value);
    body.insert(u"count"_s, QJsonObject {{u"type"_s, u"Total"_s}, {u"value"_s, int(visible.size())}});
    if (end < visible.size())
        body.insert(u"nextLink"_s, nextLink(request, pageToken(QString::number(end), u"s"_s)));
    return HttpResponse::json(200, body);
}

HttpResponse ArmService::listRequests(const HttpRequest &request, const Caller &caller, const QString &subscriptionId)
{
    // The spec forgets api-version on List, so ARM clients generated from it omit it.
    if (auto e = checkApiVersion(request, {lockboxApiVersion()}, true))
        return *e;
    if (auto e = checkAccess(caller, subscriptionId, u"Microsoft.CustomerLockbox/requests/read"_s))
        return *e;

    std::optional<QString> statusFilter;
    const QString filter = request.queryValue(u"$filter"_s);
    if (!filter.trimmed().isEmpty()) {
        const auto m = re(R"(^\s*properties/status\s+eq\s+'([^']*)'\s*$)").match(filter);
        if (!m.hasMatch()) {
            return armError(400, u"InvalidRequestContent"_s,
                            u"The $filter '%1' is not supported. Only \"properties/status eq '<Status>'\" is."_s.arg(
                                filter.left(200)));
        }
        statusFilter = m.captured(1);
    }

    m_world.counters().reads += 1;
    const QList<const SimRecord *> all = m_world.requests(subscriptionId);
    auto begin = all.cbegin();
    const QString token = request.queryValue(u"$skiptoken"_s);
    if (!token.isEmpty()) {
        const auto parts = readPageToken(token);
        bool ok = false;
        const qint64 createdMs = parts ? parts->at(0).toLongLong(&ok) : 0;
        if (!ok)
            return armError(400, u"InvalidSkipToken"_s, u"The $skiptoken value is not valid."_s);
        const QDateTime created = QDateTime::fromMSecsSinceEpoch(createdMs, Qt::UTC);
        const QString id = parts->at(1);
        // Keyset paging: requests that arrive while a client pages do not shift later pages.
        begin = std::upper_bound(all.cbegin(), all.cend(), 0, [&](int, const SimRecord *r) {
            if (r->request.createdDateTime != created)
                return r->request.createdDateTime < created;
            return r->request.requestId > id;
        });
    }

    // Pages are assembled from each record's cached JSON: a 1,000-item page costs a copy.
    QByteArray body = "{\"value\":[";
    const int pageSize = qMax(1, m_options.pageSize);
    const SimRecord *last = nullptr;
    int count = 0;
    bool more = false;
    for (auto it = begin; it != all.cend(); ++it) {
        const SimRecord *r = *it;
        if (statusFilter && r->request.status.toString().compare(*statusFilter, Qt::CaseInsensitive) != 0)
            continue;
        if (count == pageSize) {
            more = true;
            break;
        }
        if (count++ > 0)
            body += ',';
        body += requestJsonBytes(*r);
        last = r;
    }
    body += ']';
    if (more && last) {
        body += ",\"nextLink\":";
        body += jsonString(nextLink(
            request,
            pageToken(QString::number(last->request.createdDateTime.toMSecsSinceEpoch()), last->request.requestId)));
    }
    body += '}';
    return HttpResponse::text(200, body, "application/json; charset=utf-8");
}

HttpResponse ArmService::getRequest(const HttpRequest &request, const Caller &caller, const QString &subscriptionId,
                                    const QString &requestId)
{
    if (auto e = checkApiVersion(request, {lockboxApiVersion()}, false))
        return *e;
    if (auto e = checkAccess(caller, subscriptionId, u"Microsoft.CustomerLockbox/requests/read"_s))
        return *e;
    m_world.counters().reads += 1;
    const SimRecord *record = m_world.request(subscriptionId, requestId);
    if (!record) {
        return armError(
            404, u"RequestNotFound"_s,
            u"The Lockbox request '%1' was not found in subscription '%2'."_s.arg(requestId.left(100), subscriptionId));
    }
    return HttpResponse::text(200, requestJsonBytes(*record), "application/json; charset=utf-8");
}

HttpResponse ArmService::updateApproval(const HttpRequest &request, const Caller &caller, const QString &subscriptionId,
                                        const QString &requestId)
{
    if (auto e = checkApiVersion(request, {lockboxApiVersion()}, false))
        return *e;
    if (auto e = checkAccess(caller, subscriptionId, u"Microsoft.CustomerLockbox/requests/UpdateApproval/action"_s))
        return *e;

    QJsonParseError parseError {};
    const QJsonDocument doc = QJsonDocument::fromJson(request.body, &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject()) {
        return armError(400, u"InvalidRequestContent"_s,
                        u"The request content was invalid and could not be deserialized: expected a JSON object "
                        "such as {\"status\":\"Approve\",\"reason\":\"…\"}."_s);
    }
    const QJsonObject body = doc.object();
    // The spec's shape is {"status": …}; older SDKs send {"decision": …}.
    const QString key = body.contains(u"status") ? u"status"_s : u"decision"_s;
    const QJsonValue verdictValue = body.value(key);
    const auto verdict = verdictValue.isString() ? verdictFromString(verdictValue.toString()) : std::nullopt;
    if (!verdict) {
        return armError(400, u"InvalidRequestContent"_s,
                        u"The request content was invalid: '%1' must be \"Approve\" or \"Deny\"."_s.arg(key), {}, key);
    }
    const QJsonValue reasonValue = body.value(u"reason");
    if (!reasonValue.isUndefined() && !reasonValue.isNull() && !reasonValue.isString()) {
        return armError(400, u"InvalidRequestContent"_s,
                        u"The request content was invalid: 'reason' must be a string."_s, {}, u"reason"_s);
    }

    switch (m_world.decide(subscriptionId, requestId, *verdict, reasonValue.toString(), caller.name)) {
    case SimWorld::DecideResult::NotFound:
        return armError(
            404, u"RequestNotFound"_s,
            u"The Lockbox request '%1' was not found in subscription '%2'."_s.arg(requestId.left(100), subscriptionId));
    case SimWorld::DecideResult::NotPending: {
        const SimRecord *record = m_world.request(subscriptionId, requestId);
        m_world.counters().conflicts += 1;
        m_world.counters().conflictsByRequest[record->request.requestId] += 1;
        const QString status = record->request.status.toString();
        return armError(
            409, u"RequestNotPending"_s,
            u"The Lockbox request '%1' is not pending; its status is '%2'."_s.arg(requestId.left(100), status),
            currentStatusInfo(status));
    }
    case SimWorld::DecideResult::Applied:
        break;
    }
    return HttpResponse::json(200, body);
}

HttpResponse ArmService::tenantOptedIn(const HttpRequest &request, const QString &tenantId)
{
    if (auto e = checkApiVersion(request, {lockboxApiVersion()}, false))
        return *e;
    m_world.counters().reads += 1;
    if (tenantId.compare(m_world.tenantId(), Qt::CaseInsensitive) != 0) {
        return armError(404, u"TenantNotFound"_s,
                        u"The tenant '%1' is not the caller's tenant."_s.arg(tenantId.left(100)));
    }
    QJsonObject body;
    body.insert(u"isOptedIn"_s, m_world.lockboxEnabled());
    return HttpResponse::json(200, body);
}

HttpResponse ArmService::setLockbox(const HttpRequest &request, const Caller &caller, bool enable)
{
    if (auto e = checkApiVersion(request, {lockboxApiVersion()}, false))
        return *e;
    if (!caller.globalAdmin) {
        return armError(403, u"AuthorizationFailed"_s,
                        u"The client '%1' with object id '%2' is not a Global Administrator and cannot %3 Customer "
                        "Lockbox for the tenant."_s.arg(caller.name, caller.oid, enable ? u"enable"_s : u"disable"_s));
    }
    m_world.setLockboxEnabled(enable);
    return HttpResponse::empty(200);
}

HttpResponse ArmService::operations(const HttpRequest &request)
{
    if (auto e = checkApiVersion(request, {lockboxApiVersion()}, false))
        return *e;
    m_world.counters().reads += 1;
    struct Op
    {
        QString name, operation, description;
    };
    const QList<Op> ops = {
        {u"Microsoft.CustomerLockbox/operations/read"_s, u"Read Operations"_s,
         u"Read Operations of the Customer Lockbox provider"_s},
        {u"Microsoft.CustomerLockbox/register/action"_s, u"Register"_s,
         u"Register the subscription with the Customer Lockbox provider"_s},
        {u"Microsoft.CustomerLockbox/requests/read"_s, u"Read Lockbox Requests"_s, u"Read Customer Lockbox requests"_s},
        {u"Microsoft.CustomerLockbox/requests/UpdateApproval/action"_s, u"Update Approval"_s,
         u"Approve or deny a Customer Lockbox request"_s},
        {u"Microsoft.CustomerLockbox/tenantOptedIn/read"_s, u"Read Tenant Opt-in"_s,
         u"Read whether the tenant has opted in to Customer Lockbox"_s},
        {u"Microsoft.CustomerLockbox/enableLockbox/action"_s, u"Enable Lockbox"_s,
         u"Enable Customer Lockbox for the tenant"_s},
        {u"Microsoft.CustomerLockbox/disableLockbox/action"_s, u"Disable Lockbox"_s,
         u"Disable Customer Lockbox for the tenant"_s},
    };
    QJsonArray value;
    for (const Op &op : ops) {
        QJsonObject display;
        display.insert(u"provider"_s, u"Microsoft Customer Lockbox"_s);
        display.insert(u"resource"_s, u"Lockbox"_s);
        display.insert(u"operation"_s, op.operation);
        display.insert(u"description"_s, op.description);
        QJsonObject o;
        o.insert(u"name"_s, op.name);
        o.insert(u"isDataAction"_s, u"false"_s);
        o.insert(u"display"_s, display);
        value.append(o);
    }
    QJsonObject body;
    body.insert(u"value"_s, value);
    return HttpResponse::json(200, body);
}

HttpResponse ArmService::activityLog(const HttpRequest &request, const Caller &caller, const QString &subscriptionId)
{
    if (auto e = checkApiVersion(request, kActivityLogApiVersions, false))
        return *e;
    if (auto e = checkAccess(caller, subscriptionId, u"Microsoft.Insights/eventtypes/values/read"_s))
        return *e;
    const QString filter = request.queryValue(u"$filter"_s);
    const auto from = re("eventTimestamp\\s+ge\\s+'([^']+)'").match(filter);
    const auto to = re("eventTimestamp\\s+le\\s+'([^']+)'").match(filter);
    const auto provider = re("resourceProvider\\s+eq\\s+'([^']*)'").match(filter);
    if (!from.hasMatch()) {
        return armError(400, u"BadRequest"_s,
                        u"The $filter must contain \"eventTimestamp ge '<start>'\" (and may contain "
                        "\"eventTimestamp le '<end>'\" and \"resourceProvider eq '<provider>'\")."_s);
    }
    const QDateTime start = parseFilterTime(from.captured(1));
    const QDateTime end = to.hasMatch() ? parseFilterTime(to.captured(1)) : m_world.now();
    if (!start.isValid() || !end.isValid() || end < start) {
        return armError(400, u"BadRequest"_s,
                        u"The eventTimestamp values in $filter must be ISO 8601 date-times, start before end."_s);
    }
    if (start.daysTo(end) > 90) {
        return armError(400, u"BadRequest"_s, u"The time range of an Activity Log query may not exceed 90 days."_s);
    }
    m_world.counters().reads += 1;

    QList<ActivityEvent> events;
    if (!provider.hasMatch() || provider.captured(1).compare(u"Microsoft.CustomerLockbox", Qt::CaseInsensitive) == 0)
        events = m_world.activity(subscriptionId, start, end);

    int startIndex = 0;
    const QString token = request.queryValue(u"$skiptoken"_s);
    if (!token.isEmpty()) {
        const auto parts = readPageToken(token);
        bool ok = false;
        const qint64 ms = parts ? parts->at(0).toLongLong(&ok) : 0;
        if (!ok || parts->size() < 3)
            return armError(400, u"InvalidSkipToken"_s, u"The $skiptoken value is not valid."_s);
        const QString id = parts->at(1);
        const QString action = parts->at(2);
        // Events are newest first; continue after the last one served.
        startIndex = int(events.size());
        for (int i = 0; i < events.size(); ++i) {
            const ActivityEvent &e = events.at(i);
            const qint64 t = e.timestamp.toMSecsSinceEpoch();
            if (t < ms
                || (t == ms
                    && (e.record->request.requestId > id
                        || (e.record->request.requestId == id && e.action > action)))) {
                startIndex = i;
                break;
            }
        }
    }
    QJsonArray value;
    const int endIndex = qMin<int>(int(events.size()), startIndex + qMax(1, m_options.pageSize));
    for (int i = startIndex; i < endIndex; ++i)
        value.append(activityEventToJson(events.at(i), m_world.tenantId()));
    QJsonObject body;
    body.insert(u"value"_s, value);
    if (endIndex < events.size()) {
        const ActivityEvent &lastEvent = events.at(endIndex - 1);
        const QString next = pageToken(QString::number(lastEvent.timestamp.toMSecsSinceEpoch()),
                                       lastEvent.record->request.requestId + u'|' + lastEvent.action);
        body.insert(u"nextLink"_s, nextLink(request, next));
    }
    return HttpResponse::json(200, body);
}

} // namespace lockbox::sim
