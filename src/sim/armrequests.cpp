// The Lockbox requests of a subscription as ARM serves them: the list, with its status filter and
// keyset paging, and one request by id.

#include "armservice.h"
#include "armservice_p.h"
#include "simjson.h"
#include "simoptions.h"
#include "simworld.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace lockbox::sim {

using namespace arm;

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
    if (m_pages.generation != m_world.generation()) {
        m_pages = {};
        m_pages.generation = m_world.generation();
    }
    const QString pageKey = QString::number(m_options.pageSize) + u' ' + request.baseUrl + request.path + u'?'
        + request.query.query(QUrl::FullyEncoded);
    if (const auto cached = m_pages.bodies.constFind(pageKey); cached != m_pages.bodies.cend())
        return HttpResponse::text(200, *cached, "application/json; charset=utf-8");

    auto begin = all.cbegin();
    const QString token = request.queryValue(u"$skiptoken"_s);
    if (!token.isEmpty()) {
        const auto parts = readPageToken(token);
        bool ok = false;
        const qint64 createdMs = parts ? parts->at(0).toLongLong(&ok) : 0;
        if (!ok)
            return invalidSkipToken();
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
    if (m_pages.bytes + body.size() > kPageCacheBytes) {
        m_pages.bodies.clear();
        m_pages.bytes = 0;
    }
    m_pages.bodies.insert(pageKey, body);
    m_pages.bytes += body.size();
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
    if (!record)
        return requestNotFound(requestId, subscriptionId);
    return HttpResponse::text(200, requestJsonBytes(*record), "application/json; charset=utf-8");
}

} // namespace lockbox::sim
