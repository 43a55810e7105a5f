// Azure Resource Manager's tenant-wide routes: the subscriptions list, whether the tenant has
// opted in to Customer Lockbox, turning it on and off, and the provider's operations.

#include "armservice.h"
#include "armservice_p.h"
#include "simjson.h"
#include "simoptions.h"
#include "simworld.h"

#include <QJsonArray>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace lockbox::sim {

using namespace arm;

namespace {

const QStringList kSubscriptionApiVersions = {u"2022-12-01"_s, u"2021-01-01"_s, u"2020-01-01"_s, u"2019-11-01"_s,
                                              u"2016-06-01"_s};

} // namespace

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
            return invalidSkipToken();
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

} // namespace lockbox::sim
