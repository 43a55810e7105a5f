#pragma once

#include "core/accessrequest.h"

#include <QDateTime>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>

namespace lockbox {

// Results of AzureJson's parsers. Each carries either values or an `error` that names the field
// (and the item index in a list) that made the reply unreadable. `syntaxError` tells a body that
// is not well-formed JSON at all (truncated, garbled: worth a retry) from well-formed JSON of the
// wrong shape (the same bytes will come again: not worth one).

struct ParsedRequest final
{
    AccessRequest request;
    QStringList warnings; // tolerated oddities, e.g. a missing timestamp
    QString error;
    bool syntaxError = false;

    bool ok() const { return error.isEmpty(); }
};

struct RequestPage final
{
    QList<AccessRequest> requests;
    QString nextLink; // empty when absent, null or ""
    QStringList warnings;
    QString error;
    bool syntaxError = false;

    bool ok() const { return error.isEmpty(); }
};

// A page of requests checked but not read (AzureJson::checkRequestPage): how many items it holds
// and where the next page is.
struct RequestPageCheck final
{
    qsizetype items = 0;
    QString nextLink; // empty when absent, null or ""
    QString error;
    bool syntaxError = false;

    bool ok() const { return error.isEmpty(); }
};

// The parts of an ARM error body the console uses. Missing pieces are empty.
struct ArmErrorBody final
{
    QString code;
    QString message;
    QString target;
    QString currentStatus; // additionalInfo[].info.currentStatus: the request's state on a 409
};

struct SubscriptionInfo final
{
    QString subscriptionId;
    QString displayName;
    QString state; // "Enabled", "Disabled", "Warned", …
    QString tenantId;

    friend bool operator==(const SubscriptionInfo &a, const SubscriptionInfo &b)
    {
        return a.subscriptionId == b.subscriptionId && a.displayName == b.displayName && a.state == b.state
            && a.tenantId == b.tenantId;
    }
};

struct SubscriptionPage final
{
    QList<SubscriptionInfo> subscriptions;
    QString nextLink;
    QString error;
    bool syntaxError = false;

    bool ok() const { return error.isEmpty(); }
};

// What an Activity Log event of Microsoft.CustomerLockbox records, from its operation name
// "Microsoft.CustomerLockbox/requests/activitylog/<X>LockboxRequest/action".
enum class ActivityAction { Unknown, Create, Approve, Deny, Expire, Cancel, AutoApprove, AutoDeny };

struct ActivityEvent final
{
    QString eventDataId; // unique per event: the key that keeps an import free of duplicates
    QDateTime timestamp; // eventTimestamp, UTC
    QString caller;
    QString operationName; // operationName.value
    ActivityAction action = ActivityAction::Unknown;
    QString requestId;      // properties.requestId, else the last segment of resourceId
    QString subscriptionId; // subscriptionId, else from resourceId
    QString reason;         // properties.reason
    QString status;         // properties.status: the request's status after the event
};

struct ActivityPage final
{
    QList<ActivityEvent> events;
    QString nextLink;
    QString error;
    bool syntaxError = false;

    bool ok() const { return error.isEmpty(); }
};

struct TenantOptIn final
{
    bool optedIn = false;
    QString error;
    bool syntaxError = false;

    bool ok() const { return error.isEmpty(); }
};

} // namespace lockbox

Q_DECLARE_METATYPE(lockbox::RequestPage)
Q_DECLARE_METATYPE(lockbox::SubscriptionPage)
Q_DECLARE_METATYPE(lockbox::ActivityPage)
Q_DECLARE_METATYPE(lockbox::SubscriptionInfo)
Q_DECLARE_METATYPE(lockbox::ActivityEvent)
Q_DECLARE_METATYPE(lockbox::TenantOptIn)
