#pragma once

#include "requeststatus.h"

#include <QDateTime>
#include <QMetaType>
#include <QString>
#include <QStringList>

#include <optional>

namespace lockbox {

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

    // Access duration in whole hours when `duration` states one, else nothing.
    std::optional<int> durationHours() const;
    // Approved and still inside its access window at `now` (approval time approximated by the
    // later of creation and `approvedAt` when known).
    bool isActiveAt(const QDateTime &now, const QDateTime &approvedAt = {}) const;

    friend bool operator==(const AccessRequest &a, const AccessRequest &b);
    friend bool operator!=(const AccessRequest &a, const AccessRequest &b) { return !(a == b); }
};

// Microsoft's default access duration when a request does not state one.
inline constexpr int kDefaultAccessHours = 8;
// A Pending request expires this long after it was created.
inline constexpr int kPendingLifetimeDays = 4;

} // namespace lockbox

Q_DECLARE_METATYPE(lockbox::AccessRequest)
