#include "simjson.h"

#include "simworld.h"

#include <QCryptographicHash>
#include <QUuid>

using namespace Qt::StringLiterals;

namespace lockbox::sim {

QString armTimestamp(const QDateTime &time, quint32 tickDigits, quint32 quirks)
{
    const QDateTime utc = time.toUTC();
    const QString base = utc.toString(u"yyyy-MM-ddTHH:mm:ss"_s);
    if (quirks & QuirkNoFraction)
        return base + u'Z';
    const QString millis = QString::number(utc.time().msec()).rightJustified(3, u'0');
    if (quirks & QuirkMilliFraction)
        return base + u'.' + millis + u'Z';
    return base + u'.' + millis + QString::number(tickDigits % 10000).rightJustified(4, u'0') + u'Z';
}

QJsonObject requestToJson(const SimRecord &record)
{
    const AccessRequest &r = record.request;
    const quint32 q = record.quirks;

    QJsonObject p;
    p.insert(u"requestId"_s, r.requestId);
    p.insert(u"justification"_s, r.justification);
    p.insert(u"status"_s, r.status.toString());
    p.insert(u"createdDateTime"_s, armTimestamp(r.createdDateTime, record.tickDigits, q));
    p.insert(u"expirationDateTime"_s, armTimestamp(r.expirationDateTime, record.tickDigits, q));
    if ((q & QuirkDurationAsInt) && r.durationHours())
        p.insert(u"duration"_s, *r.durationHours());
    else
        p.insert(u"duration"_s, r.duration);

    QStringList ids = r.resourceIds;
    if (q & QuirkUpperCaseResourceIds) {
        for (QString &id : ids)
            id = id.toUpper();
    }
    if (q & QuirkRequestedResourceIds)
        p.insert(u"requestedResourceIds"_s, QJsonArray::fromStringList(ids));
    else
        p.insert(u"resourceIds"_s, ids.join(u','));

    p.insert(u"resourceType"_s, r.resourceType);
    p.insert(u"supportRequest"_s, r.supportRequest);
    p.insert(u"supportCaseUrl"_s, r.supportCaseUrl);
    p.insert((q & QuirkWorkItemSourceCamel) ? u"workItemSource"_s : u"workitemsource"_s, r.workItemSource);
    p.insert(u"subscriptionId"_s, r.subscriptionId);
    if (r.accessLevel)
        p.insert(u"accessLevel"_s, *r.accessLevel);

    QJsonObject o;
    o.insert(u"id"_s, r.armId);
    o.insert(u"name"_s, r.name);
    o.insert(u"type"_s, r.type.isEmpty() ? u"requests"_s : r.type);
    o.insert(u"properties"_s, p);
    return o;
}

QJsonObject subscriptionToJson(const Subscription &subscription, const QString &tenantId)
{
    QJsonObject policies;
    policies.insert(u"locationPlacementId"_s, u"Public_2014-09-01"_s);
    policies.insert(u"quotaId"_s, u"EnterpriseAgreement_2014-09-01"_s);
    policies.insert(u"spendingLimit"_s, u"Off"_s);

    QJsonObject o;
    o.insert(u"id"_s, u"/subscriptions/"_s + subscription.subscriptionId);
    o.insert(u"authorizationSource"_s, u"RoleBased"_s);
    o.insert(u"managedByTenants"_s, QJsonArray());
    o.insert(u"subscriptionId"_s, subscription.subscriptionId);
    o.insert(u"tenantId"_s, tenantId);
    o.insert(u"displayName"_s, subscription.displayName);
    o.insert(u"state"_s, subscription.state);
    o.insert(u"subscriptionPolicies"_s, policies);
    return o;
}

namespace {

QJsonObject localized(const QString &value, const QString &localizedValue)
{
    QJsonObject o;
    o.insert(u"value"_s, value);
    o.insert(u"localizedValue"_s, localizedValue);
    return o;
}

// Stable ids for derived events: the same event always carries the same id.
QString stableGuid(const QString &seed)
{
    const QByteArray hash = QCryptographicHash::hash(seed.toUtf8(), QCryptographicHash::Sha1);
    return QUuid::fromRfc4122(hash.left(16)).toString(QUuid::WithoutBraces);
}

} // namespace

QJsonObject activityEventToJson(const ActivityEvent &event, const QString &tenantId)
{
    const AccessRequest &r = event.record->request;
    const QString operation =
        u"Microsoft.CustomerLockbox/requests/activitylog/"_s + event.action + u"LockboxRequest/action"_s;
    const QString eventId = stableGuid(r.requestId + u'/' + event.action);
    const QString correlationId = stableGuid(u"correlation/"_s + r.requestId + u'/' + event.action);
    const QString resourceId = r.armId;
    const QString timestamp = armTimestamp(event.timestamp, event.record->tickDigits);
    const qint64 ticks = event.timestamp.toMSecsSinceEpoch() * 10000 + 621355968000000000LL;

    QJsonObject authorization;
    authorization.insert(u"action"_s, operation);
    authorization.insert(u"scope"_s, resourceId);

    QJsonObject properties;
    properties.insert(u"requestId"_s, r.requestId);
    properties.insert(u"eventCategory"_s, u"Administrative"_s);
    properties.insert(u"entity"_s, resourceId);
    properties.insert(u"message"_s, operation);
    properties.insert(u"hierarchy"_s, tenantId + u'/' + r.subscriptionId);
    if (event.action == u"Approve" || event.action == u"Deny") {
        properties.insert(u"reason"_s, event.record->decisionReason);
        properties.insert(u"status"_s, event.action == u"Approve" ? u"Approved"_s : u"Denied"_s);
    } else if (event.action == u"Expire") {
        properties.insert(u"status"_s, u"Expired"_s);
    } else {
        properties.insert(u"status"_s, u"Pending"_s);
        properties.insert(u"supportRequest"_s, r.supportRequest);
    }

    QJsonObject o;
    o.insert(u"authorization"_s, authorization);
    o.insert(u"caller"_s, event.caller);
    o.insert(u"channels"_s, u"Operation"_s);
    o.insert(u"correlationId"_s, correlationId);
    o.insert(u"description"_s, QString());
    o.insert(u"eventDataId"_s, eventId);
    o.insert(u"eventName"_s, localized(u"EndRequest"_s, u"End request"_s));
    o.insert(u"category"_s, localized(u"Administrative"_s, u"Administrative"_s));
    o.insert(u"eventTimestamp"_s, timestamp);
    o.insert(u"id"_s, resourceId + u"/events/"_s + eventId + u"/ticks/"_s + QString::number(ticks));
    o.insert(u"level"_s, u"Informational"_s);
    o.insert(u"operationId"_s, correlationId);
    o.insert(u"operationName"_s, localized(operation, event.action + u" Lockbox Request"_s));
    o.insert(u"resourceGroupName"_s, QString());
    o.insert(u"resourceProviderName"_s, localized(u"Microsoft.CustomerLockbox"_s, u"Microsoft.CustomerLockbox"_s));
    o.insert(u"resourceType"_s, localized(u"Microsoft.CustomerLockbox/requests"_s, u"Microsoft.CustomerLockbox/requests"_s));
    o.insert(u"resourceId"_s, resourceId);
    o.insert(u"status"_s, localized(u"Succeeded"_s, u"Succeeded"_s));
    o.insert(u"subStatus"_s, localized(QString(), QString()));
    o.insert(u"submissionTimestamp"_s, timestamp);
    o.insert(u"subscriptionId"_s, r.subscriptionId);
    o.insert(u"tenantId"_s, tenantId);
    o.insert(u"properties"_s, properties);
    return o;
}

HttpResponse armError(int status, const QString &code, const QString &message, const QJsonArray &additionalInfo,
                      const QString &target)
{
    QJsonObject error;
    error.insert(u"code"_s, code);
    error.insert(u"message"_s, message);
    if (!target.isEmpty())
        error.insert(u"target"_s, target);
    if (!additionalInfo.isEmpty())
        error.insert(u"additionalInfo"_s, additionalInfo);
    QJsonObject body;
    body.insert(u"error"_s, error);
    return HttpResponse::json(status, body);
}

} // namespace lockbox::sim
