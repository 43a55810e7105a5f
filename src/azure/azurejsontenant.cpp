// AzureJson's replies about the tenant and its subscriptions: GET /subscriptions, the tenant's
// Customer Lockbox opt-in and the activity log's Lockbox events with their actions.

#include "azurejson.h"
#include "azurejson_p.h"

using namespace Qt::StringLiterals;

namespace lockbox {

using azurejson::Document;
using azurejson::Fields;
using azurejson::kMaxIdLength;
using azurejson::readDocument;
using azurejson::readListEnvelope;
using azurejson::subscriptionFromPath;
using azurejson::typeName;

namespace {

// "…/requests/{id}[/…]" → "{id}".
QString requestIdFromPath(const QString &armPath)
{
    const QList<QStringView> parts = QStringView(armPath).split(u'/', Qt::SkipEmptyParts);
    for (qsizetype i = 0; i + 1 < parts.size(); ++i) {
        if (parts.at(i).compare(u"requests", Qt::CaseInsensitive) == 0)
            return parts.at(i + 1).toString();
    }
    return {};
}

} // namespace

SubscriptionPage AzureJson::parseSubscriptionsPage(const QByteArray &body)
{
    SubscriptionPage page;
    const auto envelope = readListEnvelope(body, page);
    if (!envelope)
        return page;
    const QJsonArray &items = *envelope;
    for (qsizetype i = 0; i < items.size(); ++i) {
        const QJsonValue item = items.at(i);
        if (!item.isObject()) {
            page.error = tr("value[%1] must be an object, not %2").arg(i).arg(typeName(item));
            page.subscriptions.clear();
            return page;
        }
        const Fields f(item.toObject(), i, {}, &page.error);
        SubscriptionInfo s;
        QString id;
        if (!f.string("id"_L1, &id, nullptr, AzureJson::kMaxResourceIdLength)
            || !f.string("subscriptionId"_L1, &s.subscriptionId, nullptr, kMaxIdLength)
            || !f.string("displayName"_L1, &s.displayName) || !f.string("state"_L1, &s.state)
            || !f.string("tenantId"_L1, &s.tenantId, nullptr, kMaxIdLength)) {
            page.subscriptions.clear();
            return page;
        }
        if (s.subscriptionId.isEmpty())
            s.subscriptionId = subscriptionFromPath(id);
        if (s.subscriptionId.trimmed().isEmpty() || s.subscriptionId.size() > kMaxIdLength) {
            f.fail(tr("%1 is missing").arg(f.path("subscriptionId"_L1)));
            page.subscriptions.clear();
            return page;
        }
        page.subscriptions.append(s);
    }
    return page;
}

ActivityPage AzureJson::parseActivityPage(const QByteArray &body)
{
    ActivityPage page;
    const auto envelope = readListEnvelope(body, page);
    if (!envelope)
        return page;
    const QJsonArray &items = *envelope;
    const auto failed = [&page] {
        page.events.clear();
        return page;
    };
    for (qsizetype i = 0; i < items.size(); ++i) {
        const QJsonValue item = items.at(i);
        if (!item.isObject()) {
            page.error = tr("value[%1] must be an object, not %2").arg(i).arg(typeName(item));
            return failed();
        }
        const QJsonObject object = item.toObject();
        const Fields f(object, i, {}, &page.error);
        ActivityEvent e;
        bool present = false;
        QString resourceId;
        if (!f.requiredId("eventDataId"_L1, &e.eventDataId) || !f.timestamp("eventTimestamp"_L1, &e.timestamp, &present)
            || !f.string("caller"_L1, &e.caller)
            || !f.string("resourceId"_L1, &resourceId, nullptr, AzureJson::kMaxResourceIdLength)
            || !f.string("subscriptionId"_L1, &e.subscriptionId, nullptr, kMaxIdLength))
            return failed();
        if (!present) {
            f.fail(tr("%1 is missing").arg(f.path("eventTimestamp"_L1)));
            return failed();
        }
        // operationName is {"value": …, "localizedValue": …}; a bare string is read too.
        const QJsonValue operation = object.value("operationName"_L1);
        if (operation.isString()) {
            if (!f.string("operationName"_L1, &e.operationName))
                return failed();
        } else if (operation.isObject()) {
            const Fields op(operation.toObject(), i, "operationName."_L1, &page.error);
            if (!op.string("value"_L1, &e.operationName))
                return failed();
        } else if (!Fields::absent(operation)) {
            f.wrongType("operationName"_L1, operation, tr("an object"));
            return failed();
        }
        e.action = actionFromOperation(e.operationName);

        QJsonObject properties;
        if (!f.object("properties"_L1, &properties, false))
            return failed();
        const Fields p(properties, i, "properties."_L1, &page.error);
        if (!p.string("requestId"_L1, &e.requestId, nullptr, kMaxIdLength)
            || !p.string("reason"_L1, &e.reason, nullptr, AzureJson::kMaxFreeTextLength)
            || !p.string("status"_L1, &e.status))
            return failed();
        if (e.requestId.isEmpty())
            e.requestId = requestIdFromPath(resourceId);
        if (e.subscriptionId.isEmpty())
            e.subscriptionId = subscriptionFromPath(resourceId);
        // Read from resourceId, they keep the limit of ids too.
        if (e.requestId.size() > kMaxIdLength || e.subscriptionId.size() > kMaxIdLength) {
            f.fail(tr("%1 names an id longer than %2 characters").arg(f.path("resourceId"_L1)).arg(kMaxIdLength));
            return failed();
        }
        page.events.append(e);
    }
    return page;
}

TenantOptIn AzureJson::parseTenantOptIn(const QByteArray &body)
{
    TenantOptIn out;
    const Document d = readDocument(body);
    if (!d.error.isEmpty()) {
        out.error = d.error;
        out.syntaxError = d.syntaxError;
        return out;
    }
    if (!d.doc.isObject()) {
        out.error = tr("the reply must be a JSON object {\"isOptedIn\": true|false}, not an array");
        return out;
    }
    const QJsonValue v = d.doc.object().value("isOptedIn"_L1);
    if (Fields::absent(v)) {
        out.error = tr("isOptedIn is missing");
        return out;
    }
    if (!v.isBool()) {
        out.error = tr("isOptedIn must be a boolean, not %1").arg(typeName(v));
        return out;
    }
    out.optedIn = v.toBool();
    return out;
}

ActivityAction AzureJson::actionFromOperation(QStringView operationName)
{
    static constexpr QStringView kMarker = u"/activitylog/";
    static constexpr QStringView kSuffix = u"LockboxRequest/action";
    const qsizetype at = operationName.indexOf(kMarker, 0, Qt::CaseInsensitive);
    if (at < 0)
        return ActivityAction::Unknown;
    QStringView rest = operationName.mid(at + kMarker.size());
    if (!rest.endsWith(kSuffix, Qt::CaseInsensitive))
        return ActivityAction::Unknown;
    rest.chop(kSuffix.size());
    for (const auto action :
         {ActivityAction::Create, ActivityAction::Approve, ActivityAction::Deny, ActivityAction::Expire,
          ActivityAction::Cancel, ActivityAction::AutoApprove, ActivityAction::AutoDeny}) {
        if (rest.compare(actionName(action), Qt::CaseInsensitive) == 0)
            return action;
    }
    return ActivityAction::Unknown;
}

QString AzureJson::actionName(ActivityAction action)
{
    switch (action) {
    case ActivityAction::Create:
        return u"Create"_s;
    case ActivityAction::Approve:
        return u"Approve"_s;
    case ActivityAction::Deny:
        return u"Deny"_s;
    case ActivityAction::Expire:
        return u"Expire"_s;
    case ActivityAction::Cancel:
        return u"Cancel"_s;
    case ActivityAction::AutoApprove:
        return u"AutoApprove"_s;
    case ActivityAction::AutoDeny:
        return u"AutoDeny"_s;
    case ActivityAction::Unknown:
        break;
    }
    return u"Unknown"_s;
}

} // namespace lockbox
