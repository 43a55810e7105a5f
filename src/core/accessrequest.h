#pragma once

#include "requeststatus.h"

#include <QDateTime>
#include <QMetaType>
#include <QString>
#include <QStringList>

#include <optional>

namespace lockbox {

// How this profile knows when a request was approved: the server's record does not say. Ordered
// from the least to the most trusted; a better source replaces a worse one.
enum class ApprovalSource : quint8 {
    None,        // not known: access is counted from the request's creation
    Observed,    // the sync that first saw it Approved after it was not: approximate
    ActivityLog, // the approval event in Azure's Activity Log
    Decision,    // this profile's own approval, acknowledged by Azure
};

// One Customer Lockbox request, with every field of the API record (LockboxRequestResponse).
// Strings are kept as the server sent them; they are untrusted text and are shown as plain text.
struct AccessRequest final
{
    // Envelope
    QString armId; // "/subscriptions/{sub}/providers/Microsoft.CustomerLockbox/requests/{guid}"
    QString name;  // "LockboxRequest_{guid}"
    QString type;  // "requests"

    // properties
    QString requestId;
    QString subscriptionId;
    QString justification;
    RequestStatus status;
    QDateTime createdDateTime;    // UTC
    QDateTime expirationDateTime; // UTC; a Pending request expires then
    QString duration;             // as received: "8", "Support request lifetime", or an old integer
    QStringList resourceIds;
    QString resourceType;
    QString supportRequest;
    QString supportCaseUrl;
    QString workItemSource;
    std::optional<QString> accessLevel; // absent in some payloads

    // Local knowledge, not part of the server's record (nor of its content hash): when access
    // began, and how that is known.
    QDateTime approvedAt; // UTC; invalid when not known
    ApprovalSource approvalSource = ApprovalSource::None;

    // Access duration in whole hours when `duration` states one, else nothing.
    std::optional<int> durationHours() const { return durationHoursOf(duration); }
    static std::optional<int> durationHoursOf(const QString &duration);
    // How long the access window lasts for durationHours() `hours` (Microsoft's default when none).
    static qint64 accessWindowMs(std::optional<int> hours);
    // The one rule for the access window: it opens at the approval (at creation when the approval
    // time is not known) and lasts the stated duration (Microsoft's default when none). Invalid
    // when neither time is known. The store's Active filter and counts, the console's table and
    // lockboxctl all count from it.
    QDateTime accessEndsAt() const;
    // Approved and still inside its access window at `now`.
    bool isActiveAt(const QDateTime &now) const;
    // The access window's start is an estimate (creation, or the sync that saw the approval).
    bool approvalTimeIsApproximate() const { return approvalSource < ApprovalSource::ActivityLog; }

    // The store's names of the sources ("observed", "activity-log", "decision"; empty for None).
    static QString approvalSourceName(ApprovalSource source);
    static ApprovalSource approvalSourceFromName(const QString &name);

    friend bool operator==(const AccessRequest &a, const AccessRequest &b);
    friend bool operator!=(const AccessRequest &a, const AccessRequest &b) { return !(a == b); }
};

// Microsoft's default access duration when a request does not state one.
inline constexpr int kDefaultAccessHours = 8;
// A Pending request expires this long after it was created.
inline constexpr int kPendingLifetimeDays = 4;

} // namespace lockbox

Q_DECLARE_METATYPE(lockbox::AccessRequest)
